"""A commune's assessment for a year, evaluated against the set in force (which criteria it meets,
what is missing), and its evidence."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import (
    Assessment,
    Attachment,
    CriteriaSet,
    Criterion,
    CriterionIndicator,
    IndicatorKind,
)
from dieuhanh.ntm.pure.evaluation import (
    Source,
    Status,
    Target,
    Value,
    criterion_status,
    indicator_met,
)
from dieuhanh.ntm.selectors.criteria_sets import (
    commune_region,
    criteria_set_for_year,
    criteria_set_get,
    set_criteria,
    target_for,
)
from dieuhanh.orgunits.models import OrgUnit, UnitKind
from dieuhanh.orgunits.selectors import unit_resolve


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


def plan_of(criteria: list[Criterion]) -> Plan:
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
    plan = plan if plan is not None else plan_of(criteria)
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


def assessments_query() -> QuerySet[Assessment]:
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
    assessment = assessments_query().filter(unit=unit, year=year, criteria_set=criteria_set).first()
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


def assessment_years(*, units: Iterable[OrgUnit]) -> list[int]:
    return sorted(
        set(Assessment.objects.filter(unit__in=list(units)).values_list("year", flat=True))
    )
