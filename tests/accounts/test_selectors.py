"""A user's scope and a token's user (accounts/selectors.py): capture includes view, siblings and
inactive users see nothing, a successor views its predecessors, an unknown token."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.selectors import token_user, user_scope
from dieuhanh.core.scope import Scope
from tests.accounts.factories import create
from tests.conftest import AFTER, unit_on

pytestmark = pytest.mark.django_db


def test_capture_scope_includes_view() -> None:
    scope = user_scope(user=create())
    assert scope.can_view_path(unit_on("23962").path) and scope.can_capture_path(
        unit_on("23962").path
    )


def test_view_scope_does_not_allow_capture() -> None:
    scope = user_scope(user=create(capture_codes=[], view_codes=["633"]))
    assert scope.can_view_path(unit_on("23962").path) and not scope.can_capture_path(
        unit_on("23962").path
    )


def test_sibling_commune_is_outside_the_scope() -> None:
    assert not user_scope(user=create()).can_view_path(unit_on("23965").path)


def test_inactive_user_has_no_scope() -> None:
    user = create()
    user.is_active = False
    user.save()
    assert user_scope(user=user) == Scope.nothing()


def test_unknown_token_authenticates_nobody() -> None:
    assert token_user(raw="dh_not-a-token") is None


def test_a_successor_scope_views_but_cannot_capture_the_predecessors() -> None:
    user = create(username="lanhdao.xa", role=Role.LEADER, capture_codes=["23941"], on=AFTER)
    scope = user_scope(user=user)
    old = unit_on("23962")  # Ia Blang, merged into Xã Chư Sê
    assert scope.can_view_path(old.path) and not scope.can_capture_path(old.path)


def test_a_unit_formed_in_part_from_an_old_one_sees_its_figures_not_its_people() -> None:
    """Phường Cống Vị (00007) went in part to Phường Ngọc Hà (00008) in 2025: Ngọc Hà sees Cống
    Vị's history but not the identities of all its people (which part they live in is unknown)."""
    user = create(role=Role.HEALTH_OFFICER, capture_codes=["00008"], on=AFTER)
    scope = user_scope(user=user)
    split = unit_on("00007")
    assert scope.can_view_path(split.path) and not scope.can_see_identity_path(split.path)


def test_a_unit_formed_whole_from_an_old_one_sees_its_people() -> None:
    user = create(role=Role.HEALTH_OFFICER, capture_codes=["23941"], on=AFTER)
    assert user_scope(user=user).can_see_identity_path(unit_on("23962").path)
