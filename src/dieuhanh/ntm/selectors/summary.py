"""The district's picture: the commune × criterion matrix, tallies by parent, progress towards the
standard, the summary of `dieuhanh ntm summary`, the dashboard card and the review report's section.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import Assessment, CriteriaSet, Criterion
from dieuhanh.ntm.pure.evaluation import (
    CommuneScore,
    Status,
    Target,
    closest_to_standard,
    levels_on,
    most_missing,
)
from dieuhanh.ntm.selectors.assessments import (
    assessment_years,
    assessments_query,
    evaluate,
    plan_of,
)
from dieuhanh.ntm.selectors.criteria_sets import (
    commune_regions,
    criteria_set_for_year,
    set_criteria,
)
from dieuhanh.ntm.selectors.recognitions import (
    communes_under,
    formed_from_many,
    level_label,
    recognition_spans,
    recognitions_of,
    unit_levels_on,
)
from dieuhanh.orgunits.models import OrgUnit, UnitLevel
from dieuhanh.orgunits.selectors import unit_descendants, unit_resolve


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
            for a in assessments_query().filter(
                unit__in=communes, year=year, criteria_set=criteria_set
            )
        }
    regions = commune_regions(communes, criteria_set) if criteria_set else {}
    levels = unit_levels_on(units=communes, day=on)
    rows = []
    plan = plan_of(criteria)
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
    spans = recognition_spans(recognitions_of(communes))
    out = []
    for year in sorted(set(years)):
        end = min(datetime.date(year, 12, 31), on)
        m = matrix(scope=scope, unit_code=unit_code, on=on, year=year)
        out.append(Progress(year, len(levels_on(spans, end)), m.assessed, m.met_average))
    return out


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
    # The contract (docs/design.md §3): `communes` counts every commune-level unit (xã, phường, thị
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
