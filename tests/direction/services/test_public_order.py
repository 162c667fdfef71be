"""The public-order log (direction/services/public_order.py): events recorded and updated by the
security officer, conflicts, refusals in Vietnamese and English."""

from __future__ import annotations

from typing import TypedDict

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.direction.selectors.public_order import public_order_review
from dieuhanh.direction.services.public_order import event_record, event_update
from tests.direction.factories import D, EventFactory

pytestmark = pytest.mark.django_db


def test_the_security_officer_records_and_updates_an_event(security: User) -> None:
    scope = user_scope(user=security)
    event = event_record(
        actor=security,
        scope=scope,
        unit_code="23962",
        occurred_on=D(2021, 5, 1),
        category="religion",
        severity="high",
        title="Tụ tập đông người",
    )
    review = public_order_review(
        scope=scope, unit_code="633", start=D(2021, 1, 1), end=D(2021, 6, 30)
    )
    assert review is not None and review.stable is False and review.serious_unresolved == 1
    event_update(
        actor=security,
        scope=scope,
        event_id=event.pk,
        version=event.version,
        state="resolved",
        severity="high",
        measures="Vận động giải tán",
    )
    review = public_order_review(
        scope=scope, unit_code="633", start=D(2021, 1, 1), end=D(2021, 6, 30)
    )
    assert review is not None and review.stable is True


class _Update(TypedDict):
    """event_update's arguments but the state."""

    actor: User
    scope: Scope
    event_id: int
    version: int
    severity: str
    measures: str


def test_a_stale_event_update_is_a_conflict(security: User) -> None:
    event = EventFactory.create()
    scope = user_scope(user=security)
    kw: _Update = {
        "actor": security,
        "scope": scope,
        "event_id": event.pk,
        "version": 1,
        "severity": "low",
        "measures": "",
    }
    event_update(state="monitoring", **kw)
    with pytest.raises(Conflict):
        event_update(state="resolved", **kw)


def test_an_unknown_category_is_refused(security: User) -> None:
    with pytest.raises(ValidationFailed, match="category"):
        event_record(
            actor=security,
            scope=user_scope(user=security),
            unit_code="23962",
            occurred_on=D(2021, 5, 1),
            category="traffic",
            severity="low",
            title="x",
        )


def test_a_leader_may_not_record_public_order_events(leader: User) -> None:
    with pytest.raises(AccessDenied):
        event_record(
            actor=leader,
            scope=user_scope(user=leader),
            unit_code="23962",
            occurred_on=D(2021, 5, 1),
            category="rural",
            severity="low",
            title="x",
        )


def test_a_bad_choice_is_explained_in_vietnamese_and_english(security: User) -> None:
    with pytest.raises(ValidationFailed) as info:
        event_record(
            actor=security,
            scope=user_scope(user=security),
            unit_code="23962",
            occurred_on=D(2021, 5, 1),
            category="traffic",
            severity="low",
            title="x",
        )
    messages = info.value.as_dict()["messages"]
    assert isinstance(messages, dict)
    assert messages["vi"].startswith("lĩnh vực: 'traffic'")
    assert messages["en"].startswith("category: 'traffic' is not one of")
