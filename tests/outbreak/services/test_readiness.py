"""Readiness (outbreak/services/readiness.py): unknown items refused, a leader may not change
it."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.errors import AccessDenied, ValidationFailed
from dieuhanh.outbreak.services.readiness import readiness_set
from tests.conftest import MakeUser
from tests.outbreak.factories import DISTRICT, D, scope_of


def test_readiness_of_an_unknown_item_is_refused(health: User) -> None:
    with pytest.raises(ValidationFailed):
        readiness_set(
            actor=health,
            scope=scope_of(health),
            unit_code=DISTRICT,
            on=D(2021, 7, 1),
            item="tanks",
            required=2,
            available=0,
        )


def test_a_leader_may_read_readiness_but_not_change_it(make_user: MakeUser) -> None:
    leader = make_user(role=Role.LEADER, capture=(DISTRICT,))
    with pytest.raises(AccessDenied):
        readiness_set(
            actor=leader,
            scope=scope_of(leader),
            unit_code=DISTRICT,
            on=D(2021, 7, 1),
            item="beds",
            required=200,
            available=150,
        )
