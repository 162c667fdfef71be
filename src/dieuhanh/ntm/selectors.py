"""Reads of the new-rural programme, every one filtered by the caller's scope.

The matrix, the summary, the progress over years and the review section are computed from the
stored assessments and recognitions with the pure rules of `ntm.pure.evaluation`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.cells import neutralise
from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import (
    LEVEL_RANK,
    Assessment,
    Attachment,
    CommuneProfile,
    CriteriaSet,
    Criterion,
    CriterionIndicator,
    IndicatorKind,
    Level,
    Recognition,
    Region,
    RegionBasis,
    UnitTier,
)
from dieuhanh.ntm.pure.evaluation import (
    CommuneScore,
    Kind,
    Op,
    RecognitionSpan,
    Source,
    Status,
    Target,
    Value,
    closest_to_standard,
    criterion_status,
    indicator_met,
    levels_on,
    most_missing,
)
from dieuhanh.orgunits.models import OrgUnit, Succession, SuccessionKind, UnitKind, UnitLevel
from dieuhanh.orgunits.selectors import unit_descendants, unit_predecessors, unit_resolve
from dieuhanh.vn import format_number

RANK_LEVEL: dict[int, str] = {rank: level for level, rank in LEVEL_RANK.items()}


def level_label(level: str) -> str:
    return str(Level(level).label)


# ---------------------------------------------------------------- criteria sets


def criteria_sets() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.all()


def criteria_set_get(*, code: str) -> CriteriaSet:
    found = CriteriaSet.objects.filter(code=code.strip()).first()
    if found is None:
        raise NotFound(_("Unknown criteria set: %(code)s."), code=code)
    return found


def criteria_set_for_year(*, year: int, tier: str = UnitTier.COMMUNE) -> CriteriaSet | None:
    """The standard set a commune is assessed by in `year`: the latest whose period has begun
    and whose decision was issued by the end of that year (Decision 1980 still applied in 2021:
    Decision 318 was issued in March 2022)."""
    end = datetime.date(year, 12, 31)
    return (
        CriteriaSet.objects.filter(level=Level.STANDARD, tier=tier, period_from__lte=year)
        .filter(Q(decision_date__isnull=True) | Q(decision_date__lte=end))
        .order_by("-period_from", "-decision_date")
        .first()
    )


def set_criteria(criteria_set: CriteriaSet) -> list[Criterion]:
    return list(criteria_set.criteria.prefetch_related("indicators__targets").order_by("number"))


def target_for(indicator: CriterionIndicator, region: str) -> Target | None:
    """The indicator's target for a region or group (the `ALL` row when it has none)."""
    rows = {t.region: t for t in indicator.targets.all()}
    row = rows.get(region) or rows.get(Region.ALL)
    if row is None:
        return None
    return Target(
        kind=Kind(indicator.kind),
        op=Op(indicator.comparison),
        threshold=row.threshold,
        expected=row.expected_yes,
    )


def commune_region(*, unit: OrgUnit, criteria_set: CriteriaSet) -> str:
    """The region (or group, for sets by group) the commune is assessed by; "" if unknown."""
    profile = CommuneProfile.objects.filter(unit=unit).first()
    if profile is None:
        return ""
    return profile.group if criteria_set.region_basis == RegionBasis.GROUP else profile.region


def _regions(units: Iterable[OrgUnit], criteria_set: CriteriaSet) -> dict[int, str]:
    by_group = criteria_set.region_basis == RegionBasis.GROUP
    return {
        p.unit_id: (p.group if by_group else p.region)
        for p in CommuneProfile.objects.filter(unit__in=list(units))
    }


# ---------------------------------------------------------------- assessments


@dataclass(frozen=True)
class IndicatorLine:
    indicator: CriterionIndicator
    target: Target | None
    value: Value
    note: str
    met: bool | None


@dataclass(frozen=True)
class CriterionLine:
    criterion: Criterion
    indicators: list[IndicatorLine]
    declared: bool | None
    note: str
    status: Status
    source: Source


@dataclass(frozen=True)
class AssessmentView:
    """A commune's assessment for a year, evaluated for its region (the entry form's content)."""

    unit: OrgUnit
    year: int
    criteria_set: CriteriaSet
    region: str
    assessment: Assessment | None
    lines: list[CriterionLine]
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def met(self) -> int:
        return sum(1 for line in self.lines if line.status is Status.MET)

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def version(self) -> int:
        return self.assessment.version if self.assessment else 0


def _value_of(kind: str, number: Decimal | None, answer: bool | None) -> Value:
    return answer if kind == IndicatorKind.YES_NO else number


Plan = list[tuple[Criterion, list[CriterionIndicator]]]


def _plan(criteria: list[Criterion]) -> Plan:
    """The criteria with their indicators, read once (a matrix evaluates many communes)."""
    return [(c, list(c.indicators.all())) for c in criteria]


def evaluate(
    *,
    criteria: list[Criterion],
    region: str,
    assessment: Assessment | None,
    plan: Plan | None = None,
    targets: dict[tuple[int, str], Target | None] | None = None,
) -> list[CriterionLine]:
    """Each criterion's status for a commune of `region`. `plan` and `targets` (a cache of
    targets by indicator and region) may be shared between the communes of a matrix."""
    plan = plan if plan is not None else _plan(criteria)
    targets = targets if targets is not None else {}
    values = {v.indicator_id: v for v in assessment.values.all()} if assessment else {}
    results = {r.criterion_id: r for r in assessment.results.all()} if assessment else {}
    lines: list[CriterionLine] = []
    for criterion, indicators in plan:
        ind_lines: list[IndicatorLine] = []
        for indicator in indicators:
            stored = values.get(indicator.pk)
            value = _value_of(indicator.kind, stored.number, stored.answer) if stored else None
            key = (indicator.pk, region)
            if key not in targets:
                targets[key] = target_for(indicator, region)
            target = targets[key]
            ind_lines.append(
                IndicatorLine(
                    indicator,
                    target,
                    value,
                    stored.note if stored else "",
                    indicator_met(target, value),
                )
            )
        result = results.get(criterion.pk)
        declared = result.declared_met if result else None
        outcome = criterion_status([(i.target, i.value) for i in ind_lines], declared)
        lines.append(
            CriterionLine(
                criterion,
                ind_lines,
                declared,
                result.note if result else "",
                outcome.status,
                outcome.source,
            )
        )
    return lines


def _assessment_qs() -> QuerySet[Assessment]:
    return Assessment.objects.select_related("unit", "criteria_set").prefetch_related(
        "values", "results"
    )


def assessment_view(
    *, scope: Scope, unit_code: str, on: datetime.date, year: int, set_code: str | None = None
) -> AssessmentView:
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    if unit.kind != UnitKind.COMMUNE:
        raise NotFound(
            _("%(unit)s is not a commune: new-rural assessments are for communes."), unit=unit.name
        )
    criteria_set = criteria_set_get(code=set_code) if set_code else criteria_set_for_year(year=year)
    if criteria_set is None:
        raise NotFound(_("No criteria set applies to the year %(year)s."), year=year)
    assessment = _assessment_qs().filter(unit=unit, year=year, criteria_set=criteria_set).first()
    region = commune_region(unit=unit, criteria_set=criteria_set)
    lines = evaluate(criteria=set_criteria(criteria_set), region=region, assessment=assessment)
    attachments = list(assessment.attachments.order_by("created_at")) if assessment else []
    return AssessmentView(unit, year, criteria_set, region, assessment, lines, attachments)


def attachment_get(*, scope: Scope, pk: int) -> Attachment:
    """An attachment, only if its commune is in the scope."""
    found = Attachment.objects.select_related("assessment__unit").filter(pk=pk).first()
    if found is None or not scope.can_view_path(found.assessment.unit.path):
        raise NotFound(_("No such attachment."))
    return found


# ---------------------------------------------------------------- communes and recognitions


def communes_under(*, unit: OrgUnit, on: datetime.date, scope: Scope) -> list[OrgUnit]:
    """The communes (xã: rural communes, where the programme applies) under `unit` on `on`,
    in Vietnamese order; the unit itself when it is one."""
    if unit.level == UnitLevel.COMMUNE:
        return [unit] if unit.kind == UnitKind.COMMUNE else []
    return list(
        unit_descendants(unit=unit, on=on, scope=scope, level=UnitLevel.COMMUNE).filter(
            kind=UnitKind.COMMUNE
        )
    )


def recognitions_of(units: Iterable[OrgUnit]) -> list[Recognition]:
    return list(
        Recognition.objects.filter(unit__in=list(units))
        .select_related("unit", "criteria_set")
        .order_by("decision_date", "id")
    )


def _spans(recognitions: Iterable[Recognition]) -> list[RecognitionSpan]:
    return [
        RecognitionSpan(str(r.unit_id), LEVEL_RANK[r.level], r.decision_date, r.revoked_on)
        for r in recognitions
    ]


def unit_levels_on(*, units: list[OrgUnit], day: datetime.date) -> dict[int, str]:
    """unit id → the highest level it holds on `day` (absent: none)."""
    best = levels_on(_spans(recognitions_of(units)), day)
    return {int(k): RANK_LEVEL[rank] for k, rank in best.items()}


@dataclass(frozen=True)
class FormedFrom:
    """One unit a post-2025 commune was formed from, with its recognitions as recorded."""

    unit: OrgUnit
    date: datetime.date
    basis: str
    recognitions: list[Recognition]
    level_at_merger: str | None


def formed_from(*, unit: OrgUnit, scope: Scope) -> list[FormedFrom]:
    """What the merged communes had been recognised as, on the eve of the merger. A statement
    of the record: the new commune holds no recognition unless one is recorded for it."""
    out: list[FormedFrom] = []
    for link in unit_predecessors(unit=unit, scope=scope):
        recs = recognitions_of([link.unit])
        eve = link.date - datetime.timedelta(days=1)
        best = levels_on(_spans(recs), eve)
        rank = best.get(str(link.unit.pk))
        out.append(
            FormedFrom(link.unit, link.date, link.basis, recs, RANK_LEVEL[rank] if rank else None)
        )
    return out


def formed_from_many(*, units: list[OrgUnit], scope: Scope) -> dict[int, list[FormedFrom]]:
    """`formed_from` for many units in two queries (unit id → its predecessors' records)."""
    edges = list(
        Succession.objects.filter(successor__in=units)
        .exclude(kind=SuccessionKind.DISSOLVED)
        .filter(scope.view_q("predecessor__path"))
        .select_related("predecessor")
        .order_by("predecessor__sort_key", "predecessor__code")
    )
    if not edges:
        return {}
    by_unit: dict[int, list[Recognition]] = defaultdict(list)
    for r in recognitions_of([e.predecessor for e in edges]):
        by_unit[r.unit_id].append(r)
    out: dict[int, list[FormedFrom]] = defaultdict(list)
    for e in edges:
        recs = by_unit.get(e.predecessor_id, [])
        rank = levels_on(_spans(recs), e.date - datetime.timedelta(days=1)).get(
            str(e.predecessor_id)
        )
        out[e.successor_id].append(
            FormedFrom(e.predecessor, e.date, e.basis, recs, RANK_LEVEL[rank] if rank else None)
        )
    return dict(out)


# ---------------------------------------------------------------- matrix and summary


@dataclass(frozen=True)
class MatrixRow:
    unit: OrgUnit
    region: str
    assessment: Assessment | None
    statuses: list[Status]
    level: str | None

    @property
    def met(self) -> int:
        return sum(1 for s in self.statuses if s is Status.MET)

    @property
    def no_data(self) -> int:
        return sum(1 for s in self.statuses if s is Status.NO_DATA)

    @property
    def plan_year(self) -> int | None:
        return self.assessment.plan_year if self.assessment else None


@dataclass(frozen=True)
class Matrix:
    """Commune × criterion for a year, with the recognition level each holds on `on`."""

    unit: OrgUnit
    on: datetime.date
    year: int
    criteria_set: CriteriaSet | None
    criteria: list[Criterion]
    rows: list[MatrixRow]

    @property
    def column_met(self) -> list[int]:
        return [
            sum(1 for r in self.rows if r.statuses[i] is Status.MET)
            for i in range(len(self.criteria))
        ]

    @property
    def recognised(self) -> int:
        return sum(1 for r in self.rows if r.level is not None)

    @property
    def assessed(self) -> int:
        return sum(1 for r in self.rows if r.assessment is not None)

    def scores(self) -> list[CommuneScore]:
        return [
            CommuneScore(
                r.unit.name, r.unit.sort_key, r.met, len(self.criteria), r.level is not None
            )
            for r in self.rows
            if r.assessment is not None
        ]

    def closest(self, limit: int = 5) -> list[CommuneScore]:
        return closest_to_standard(self.scores(), limit)

    def most_missing(self, limit: int = 5) -> list[tuple[str, int]]:
        missing: list[tuple[str, str]] = []
        for r in self.rows:
            if r.assessment is None or r.level is not None:
                continue
            for c, s in zip(self.criteria, r.statuses, strict=True):
                if s is Status.NOT_MET:
                    missing.append((f"{c.number}. {c.name}", f"{c.number:03d}"))
        return most_missing(missing, limit)

    @property
    def met_average(self) -> float | None:
        assessed = [r.met for r in self.rows if r.assessment is not None]
        if not assessed:
            return None
        return sum(assessed) / len(assessed)


def matrix(*, scope: Scope, unit_code: str, on: datetime.date, year: int | None = None) -> Matrix:
    """The matrix of the communes under `unit_code` on `on` for `year` (default: `on`'s year).
    A constant number of queries whatever the number of communes."""
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    year = year or on.year
    communes = communes_under(unit=unit, on=on, scope=scope)
    criteria_set = criteria_set_for_year(year=year)
    criteria = set_criteria(criteria_set) if criteria_set else []
    assessments: dict[int, Assessment] = {}
    if criteria_set is not None:
        assessments = {
            a.unit_id: a
            for a in _assessment_qs().filter(
                unit__in=communes, year=year, criteria_set=criteria_set
            )
        }
    regions = _regions(communes, criteria_set) if criteria_set else {}
    levels = unit_levels_on(units=communes, day=on)
    rows = []
    plan = _plan(criteria)
    targets: dict[tuple[int, str], Target | None] = {}
    for c in communes:
        a = assessments.get(c.pk)
        region = regions.get(c.pk, "")
        lines = evaluate(criteria=criteria, region=region, assessment=a, plan=plan, targets=targets)
        rows.append(MatrixRow(c, region, a, [line.status for line in lines], levels.get(c.pk)))
    return Matrix(unit, on, year, criteria_set, criteria, rows)


@dataclass(frozen=True)
class UnitTally:
    """One unit below the one viewed (a district of a province): its communes' standing."""

    unit: OrgUnit
    communes: int
    recognised: int
    assessed: int
    met_average: float | None


def tally_by_parent(m: Matrix) -> list[UnitTally]:
    """The matrix's communes grouped by the unit directly above them (one query for those
    units), in Vietnamese order; empty when the communes share one parent."""
    groups: dict[int, list[MatrixRow]] = defaultdict(list)
    for r in m.rows:
        if r.unit.parent_id is not None:
            groups[r.unit.parent_id].append(r)
    if len(groups) < 2:
        return []
    parents = OrgUnit.objects.in_bulk(list(groups))
    out = []
    for pk, rows in groups.items():
        met = [r.met for r in rows if r.assessment is not None]
        out.append(
            UnitTally(
                parents[pk],
                len(rows),
                sum(1 for r in rows if r.level is not None),
                len(met),
                sum(met) / len(met) if met else None,
            )
        )
    return sorted(out, key=lambda t: (t.unit.sort_key, t.unit.code))


@dataclass(frozen=True)
class Progress:
    year: int
    recognised: int  # holding a recognition on 31 December of the year (or `on`)
    assessed: int
    met_average: float | None


def progress(
    *, scope: Scope, unit_code: str, on: datetime.date, years: Iterable[int]
) -> list[Progress]:
    """Per year: communes (those under the unit on `on`) recognised at the year's end, and the
    average criteria met among those assessed that year."""
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    communes = communes_under(unit=unit, on=on, scope=scope)
    spans = _spans(recognitions_of(communes))
    out = []
    for year in sorted(set(years)):
        end = min(datetime.date(year, 12, 31), on)
        m = matrix(scope=scope, unit_code=unit_code, on=on, year=year)
        out.append(Progress(year, len(levels_on(spans, end)), m.assessed, m.met_average))
    return out


def assessment_years(*, units: Iterable[OrgUnit]) -> list[int]:
    return sorted(
        set(Assessment.objects.filter(unit__in=list(units)).values_list("year", flat=True))
    )


def summary(*, scope: Scope, unit_code: str, on: datetime.date) -> dict[str, object]:
    """The document of `dieuhanh ntm summary --json` and `GET /api/ntm/summary`."""
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    communes = communes_under(unit=unit, on=on, scope=scope)
    years = assessment_years(units=communes)
    year = max((y for y in years if y <= on.year), default=on.year)
    m = matrix(scope=scope, unit_code=unit_code, on=on, year=year)
    by_level: dict[str, int] = defaultdict(int)
    for r in m.rows:
        if r.level:
            by_level[r.level] += 1
    merged = formed_from_many(units=[r.unit for r in m.rows], scope=scope)
    # The contract (DESIGN §3): `communes` counts every commune-level unit (xã, phường, thị
    # trấn); the programme itself assesses the rural communes only (`rural_communes`).
    level_units = (
        [unit]
        if unit.level == UnitLevel.COMMUNE
        else list(unit_descendants(unit=unit, on=on, scope=scope, level=UnitLevel.COMMUNE))
    )
    assessed = {r.unit.pk for r in m.rows}
    outside: list[dict[str, object]] = [
        {
            "code": u.code,
            "name": u.name,
            "in_programme": False,
            "criteria_met": None,
            "criteria_no_data": None,
            "level": None,
            "plan_year": None,
            "formed_from": [],
        }
        for u in level_units
        if u.pk not in assessed
    ]
    return {
        "unit": unit.code,
        "name": unit.name,
        "on": on.isoformat(),
        "year": year,
        "criteria_set": m.criteria_set.decision if m.criteria_set else None,
        "criteria_total": len(m.criteria),
        "communes": len(level_units),
        "rural_communes": len(m.rows),
        "recognised": m.recognised,
        "recognised_by_level": dict(by_level),
        "per_commune": [
            {
                "code": r.unit.code,
                "name": r.unit.name,
                "in_programme": True,
                "criteria_met": r.met if r.assessment else None,
                "criteria_no_data": r.no_data if r.assessment else None,
                "level": r.level,
                "plan_year": r.plan_year,
                # after a merger: the predecessors' recognitions, as recorded (not inherited)
                "formed_from": [
                    {
                        "code": f.unit.code,
                        "name": f.unit.name,
                        "date": f.date.isoformat(),
                        "basis": f.basis,
                        "level_at_merger": f.level_at_merger,
                        "recognitions": [
                            {
                                "level": rec.level,
                                "decision_number": rec.decision_number,
                                "decision_date": rec.decision_date.isoformat(),
                                "revoked_on": rec.revoked_on.isoformat()
                                if rec.revoked_on
                                else None,
                            }
                            for rec in f.recognitions
                        ],
                    }
                    for f in merged.get(r.unit.pk, [])
                ],
            }
            for r in m.rows
        ]
        + outside,
    }


# ---------------------------------------------------------------- for the dashboard and report


@dataclass(frozen=True)
class NtmDashboard:
    unit_name: str
    on: datetime.date
    recognised: int
    communes: int


def ntm_dashboard(*, scope: Scope, unit_code: str, on: datetime.date) -> NtmDashboard | None:
    """Recognised communes over communes for the dashboard card; None when the unit has no
    commune under it."""
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    communes = communes_under(unit=unit, on=on, scope=scope)
    if not communes:
        return None
    levels = unit_levels_on(units=communes, day=on)
    return NtmDashboard(unit.name, on, len(levels), len(communes))


@dataclass(frozen=True)
class NtmReviewSection:
    """The new-rural section of the half-year review (sơ kết) of a unit, as of `on`."""

    unit_name: str
    on: datetime.date
    start: datetime.date
    year: int
    criteria_set: str | None
    communes: int
    recognised: int
    recognised_by_level: dict[str, int]
    recognised_in_period: list[tuple[str, str, datetime.date, str]]
    criteria_met_average: float | None
    criteria_total: int
    closest: list[tuple[str, int, int]]
    most_missing: list[tuple[str, int]]


def ntm_review_section(
    *, scope: Scope, unit_code: str, start: datetime.date, end: datetime.date
) -> NtmReviewSection | None:
    """Recognitions on `end`, those decided between `start` and `end` (inclusive), and the
    latest assessments up to `end`'s year; None when nothing is recorded for the unit."""
    unit = unit_resolve(code=unit_code, on=end, scope=scope)
    communes = communes_under(unit=unit, on=end, scope=scope)
    if not communes:
        return None
    recs = recognitions_of(communes)
    years = [y for y in assessment_years(units=communes) if y <= end.year]
    if not recs and not years:
        return None
    year = max(years, default=end.year)
    m = matrix(scope=scope, unit_code=unit_code, on=end, year=year)
    by_level: dict[str, int] = defaultdict(int)
    for r in m.rows:
        if r.level:
            by_level[r.level] += 1
    in_period = [
        (r.unit.name, r.decision_number, r.decision_date, level_label(r.level))
        for r in recs
        if start <= r.decision_date <= end
    ]
    return NtmReviewSection(
        unit_name=unit.name,
        on=end,
        start=start,
        year=year,
        criteria_set=m.criteria_set.decision if m.criteria_set else None,
        communes=len(communes),
        recognised=m.recognised,
        recognised_by_level=dict(by_level),
        recognised_in_period=in_period,
        criteria_met_average=m.met_average,
        criteria_total=len(m.criteria),
        closest=[(s.name, s.met, s.total) for s in m.closest()],
        most_missing=m.most_missing(),
    )


# ---------------------------------------------------------------- Excel export

EXPORT_HEADERS = (
    "Mã xã",
    "Tên xã",
    "Năm",
    "Bộ tiêu chí",
    "Mục",
    "Nội dung",
    "Chỉ tiêu",
    "Kết quả",
    "Ghi chú / minh chứng",
    "Phiên bản",
)
NOT_KNOWN = "chưa đủ dữ liệu"


def target_text(indicator: CriterionIndicator, target: Target | None) -> str:
    """The target as written in the decisions: "≥ 90%", "Đạt"; "chưa đủ dữ liệu" if unknown."""
    if target is None or not target.known:
        return NOT_KNOWN
    if target.kind is Kind.YES_NO:
        return "Đạt" if target.expected else "Không"
    assert target.threshold is not None
    sign = {"<=": "≤", ">=": "≥"}.get(target.op.value, target.op.value)
    suffix = "%" if target.kind is Kind.PERCENT else f" {indicator.unit_label}".rstrip()
    return f"{sign} {format_number(target.threshold.normalize())}{suffix}"


def value_text(kind: str, value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Đạt" if value else "Chưa đạt"
    return format_number(value.normalize())


def assessments_export_rows(
    *, scope: Scope, unit_code: str, on: datetime.date, year: int
) -> list[tuple[object, ...]]:
    """One row per commune × (indicator, criterion result, plan year): the office's form."""
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    communes = communes_under(unit=unit, on=on, scope=scope)
    cset = criteria_set_for_year(year=year)
    if cset is None:
        raise NotFound(_("No criteria set applies to the year %(year)s."), year=year)
    criteria = set_criteria(cset)
    assessments = {
        a.unit_id: a
        for a in _assessment_qs().filter(unit__in=communes, year=year, criteria_set=cset)
    }
    regions = _regions(communes, cset)
    rows: list[tuple[object, ...]] = []
    for c in communes:
        a = assessments.get(c.pk)
        lines = evaluate(criteria=criteria, region=regions.get(c.pk, ""), assessment=a)
        version = a.version if a else 0
        head = (c.code, c.name, year, cset.code)
        for line in lines:
            for i in line.indicators:
                rows.append(
                    (
                        *head,
                        i.indicator.code,
                        i.indicator.name,
                        target_text(i.indicator, i.target),
                        value_text(i.indicator.kind, i.value),
                        i.note,
                        version,
                    )
                )
            declared = "" if line.declared is None else ("Đạt" if line.declared else "Chưa đạt")
            rows.append(
                (
                    *head,
                    f"TC{line.criterion.number}",
                    f"Tiêu chí {line.criterion.number}: {line.criterion.name} (kết quả thẩm định)",
                    "Đạt",
                    declared,
                    line.note,
                    version,
                )
            )
        rows.append(
            (
                *head,
                "NAM_DAT_CHUAN",
                "Năm phấn đấu đạt chuẩn",
                "",
                a.plan_year if a and a.plan_year else "",
                "",
                version,
            )
        )
    return rows


def assessments_export_xlsx(*, scope: Scope, unit_code: str, on: datetime.date, year: int) -> bytes:
    """The assessment workbook of the communes under a unit for a year (import takes it back)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = assessments_export_rows(scope=scope, unit_code=unit_code, on=on, year=year)
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh gia NTM"
    sheet.append([f"Đánh giá tiêu chí nông thôn mới — {unit.name} — năm {year}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(
        [
            "Kết quả: số theo cách viết Việt Nam (92,5), Đạt/Chưa đạt. Không sửa cột Phiên bản.",
        ]
    )
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    for index, width in enumerate((9, 20, 7, 18, 14, 60, 16, 12, 30, 9), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
