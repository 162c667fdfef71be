"""Party inspection and supervision: programmes, items, and what a review period carried out."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.direction.models import (
    InspectionActivity,
    InspectionItem,
    InspectionProgramme,
    InspectionState,
    InspectionType,
    SubjectKind,
)
from dieuhanh.direction.selectors.common import territory_q
from dieuhanh.orgunits.selectors import unit_resolve


@dataclass(frozen=True)
class InspectionRow:
    id: int
    activity: str
    activity_label: str
    subject_kind: str
    subject_kind_label: str
    subject: str
    content: str
    kind: str
    kind_label: str
    period_start: datetime.date
    period_end: datetime.date
    responsible_body: str
    state: str
    state_label: str
    executed_on: datetime.date | None
    conclusion: str
    violation_found: bool
    version: int


@dataclass(frozen=True)
class InspectionReview:
    unit_code: str
    unit_name: str
    start: datetime.date
    end: datetime.date
    total: int  # items whose period overlaps [start, end]
    concluded: int
    in_progress: int
    planned: int
    inspections: int
    supervisions: int
    organisations: int
    members: int
    violations: int
    by_type: dict[str, int]  # per InspectionType value
    programme_total: int  # items in the programmes of the years [start, end] touches
    programme_concluded: int  # of those, concluded by `end`
    progress_pct: float | None
    items: tuple[InspectionRow, ...]


def programmes_visible(*, scope: Scope) -> QuerySet[InspectionProgramme]:
    return InspectionProgramme.objects.filter(scope.view_q("unit__path")).select_related("unit")


def programme_get(*, scope: Scope, programme_id: int) -> InspectionProgramme:
    programme = programmes_visible(scope=scope).filter(pk=programme_id).first()
    if programme is None:
        raise NotFound(_("No inspection programme %(id)s in your units."), id=programme_id)
    return programme


def inspection_items_visible(*, scope: Scope) -> QuerySet[InspectionItem]:
    return InspectionItem.objects.filter(scope.view_q("programme__unit__path")).select_related(
        "programme", "programme__unit"
    )


def inspection_item_get(*, scope: Scope, item_id: int) -> InspectionItem:
    item = inspection_items_visible(scope=scope).filter(pk=item_id).first()
    if item is None:
        raise NotFound(_("No inspection item %(id)s in your units."), id=item_id)
    return item


def inspection_row(item: InspectionItem) -> InspectionRow:
    return InspectionRow(
        id=item.pk,
        activity=item.activity,
        activity_label=str(InspectionActivity(item.activity).label),
        subject_kind=item.subject_kind,
        subject_kind_label=str(SubjectKind(item.subject_kind).label),
        subject=item.subject,
        content=item.content,
        kind=item.kind,
        kind_label=str(InspectionType(item.kind).label),
        period_start=item.period_start,
        period_end=item.period_end,
        responsible_body=item.responsible_body,
        state=item.state,
        state_label=str(InspectionState(item.state).label),
        executed_on=item.executed_on,
        conclusion=item.conclusion,
        violation_found=item.violation_found,
        version=item.version,
    )


def _state_on(item: InspectionItem, end: datetime.date) -> str:
    """The item's state at the end of the reviewed period: concluded after it means it was still
    in progress then."""
    if item.state == InspectionState.CONCLUDED and item.executed_on and item.executed_on > end:
        return InspectionState.IN_PROGRESS
    return item.state


def inspection_review(
    *, scope: Scope, unit_code: str, start: datetime.date, end: datetime.date
) -> InspectionReview | None:
    """Inspection and supervision of [start, end] for `unit_code` and the units below it."""
    unit = unit_resolve(code=unit_code, on=end, scope=scope)
    mine = inspection_items_visible(scope=scope).filter(territory_q("programme__unit__path", unit))
    items = list(mine.filter(period_start__lte=end, period_end__gte=start))
    year_items = list(mine.filter(programme__year__gte=start.year, programme__year__lte=end.year))
    if not items and not year_items:
        return None
    done_by_end = [
        i
        for i in year_items
        if i.state == InspectionState.CONCLUDED and (i.executed_on is None or i.executed_on <= end)
    ]
    states = Counter(_state_on(i, end) for i in items)
    kinds = Counter(i.kind for i in items)
    programme_total = len(year_items)
    return InspectionReview(
        unit_code=unit.code,
        unit_name=unit.name,
        start=start,
        end=end,
        total=len(items),
        concluded=states[InspectionState.CONCLUDED],
        in_progress=states[InspectionState.IN_PROGRESS],
        planned=states[InspectionState.PLANNED],
        inspections=sum(1 for i in items if i.activity == InspectionActivity.INSPECTION),
        supervisions=sum(1 for i in items if i.activity == InspectionActivity.SUPERVISION),
        organisations=sum(1 for i in items if i.subject_kind == SubjectKind.ORGANISATION),
        members=sum(1 for i in items if i.subject_kind == SubjectKind.MEMBER),
        violations=sum(1 for i in items if i.violation_found),
        by_type={t.value: kinds[t.value] for t in InspectionType},
        programme_total=programme_total,
        programme_concluded=len(done_by_end),
        progress_pct=(
            round(100 * len(done_by_end) / programme_total, 1) if programme_total else None
        ),
        items=tuple(inspection_row(i) for i in items),
    )
