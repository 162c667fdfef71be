"""The public-order log: events and the review of a period."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.direction.models import EventState, OrderCategory, PublicOrderEvent, Severity
from dieuhanh.direction.selectors.common import territory_q
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import unit_resolve


@dataclass(frozen=True)
class PublicOrderRow:
    id: int
    occurred_on: datetime.date
    unit_code: str
    unit_name: str
    category: str
    category_label: str
    severity: str
    severity_label: str
    state: str
    state_label: str
    title: str
    description: str
    measures: str
    version: int


@dataclass(frozen=True)
class PublicOrderReview:
    unit_code: str
    unit_name: str
    start: datetime.date
    end: datetime.date
    total: int
    by_category: dict[str, int]  # per OrderCategory value
    by_severity: dict[str, int]  # per Severity value
    unresolved: int
    serious_unresolved: int
    stable: bool  # no serious (high-severity) event left unresolved
    events: tuple[PublicOrderRow, ...]


def events_visible(*, scope: Scope) -> QuerySet[PublicOrderEvent]:
    return PublicOrderEvent.objects.filter(scope.view_q("unit__path")).select_related("unit")


def event_get(*, scope: Scope, event_id: int) -> PublicOrderEvent:
    event = events_visible(scope=scope).filter(pk=event_id).first()
    if event is None:
        raise NotFound(_("No public-order event %(id)s in your units."), id=event_id)
    return event


def event_row(event: PublicOrderEvent) -> PublicOrderRow:
    return PublicOrderRow(
        id=event.pk,
        occurred_on=event.occurred_on,
        unit_code=event.unit.code,
        unit_name=event.unit.name,
        category=event.category,
        category_label=str(OrderCategory(event.category).label),
        severity=event.severity,
        severity_label=str(Severity(event.severity).label),
        state=event.state,
        state_label=str(EventState(event.state).label),
        title=event.title,
        description=event.description,
        measures=event.measures,
        version=event.version,
    )


def event_rows(
    *,
    scope: Scope,
    unit: OrgUnit,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    category: str = "",
) -> list[PublicOrderRow]:
    qs = events_visible(scope=scope).filter(territory_q("unit__path", unit))
    if start is not None:
        qs = qs.filter(occurred_on__gte=start)
    if end is not None:
        qs = qs.filter(occurred_on__lte=end)
    if category:
        qs = qs.filter(category=category)
    return [event_row(e) for e in qs.order_by("-occurred_on", "-id")]


def public_order_review(
    *, scope: Scope, unit_code: str, start: datetime.date, end: datetime.date
) -> PublicOrderReview | None:
    """The situation of [start, end]: events by category and severity; stable when no
    high-severity event is left unresolved."""
    unit = unit_resolve(code=unit_code, on=end, scope=scope)
    rows = event_rows(scope=scope, unit=unit, start=start, end=end)
    if not rows:
        return None
    categories = Counter(r.category for r in rows)
    severities = Counter(r.severity for r in rows)
    unresolved = [r for r in rows if r.state != EventState.RESOLVED]
    serious = sum(1 for r in unresolved if r.severity == Severity.HIGH)
    return PublicOrderReview(
        unit_code=unit.code,
        unit_name=unit.name,
        start=start,
        end=end,
        total=len(rows),
        by_category={c.value: categories[c.value] for c in OrderCategory},
        by_severity={s.value: severities[s.value] for s in Severity},
        unresolved=len(unresolved),
        serious_unresolved=serious,
        stable=serious == 0,
        events=tuple(rows),
    )


def newest_event_day(*, scope: Scope, unit: OrgUnit) -> datetime.date | None:
    """The day of the newest event in `unit`'s territory: where the log opens (`core.opening`)."""
    last = (
        events_visible(scope=scope)
        .filter(territory_q("unit__path", unit))
        .order_by("-occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
    return last
