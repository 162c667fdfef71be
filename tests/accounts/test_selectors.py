"""A user's scope and a token's user (accounts/selectors.py): capture includes view, siblings and
inactive users see nothing, a successor views its predecessors, an unknown token; a token's
status, the token lists of an owner and of an administrator, a token looked up by id."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from dieuhanh.accounts.models import Access, ApiToken, Role, User, UserScope
from dieuhanh.accounts.selectors import (
    TokenStatus,
    grants_mark,
    password_mark,
    token_digest,
    token_get,
    token_status,
    token_user,
    tokens_list,
    user_scope,
    user_scopes,
)
from dieuhanh.accounts.services import token_issue
from dieuhanh.core.errors import AccessDenied, NotFound
from dieuhanh.core.memo import read_memo
from dieuhanh.core.scope import Scope
from tests.accounts.factories import create
from tests.conftest import AFTER, MakeUser, unit_on

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


# --- API tokens: status, lists, look-up by id (issue 19) -------------------------------------


def _token(user: User) -> ApiToken:
    return ApiToken.objects.get(digest=token_digest(token_issue(user=user)))


def test_a_new_token_is_live(make_user: MakeUser) -> None:
    assert token_status(token=_token(make_user(capture=("23962",)))) == TokenStatus.LIVE


def test_a_token_past_its_expiry_is_expired(make_user: MakeUser) -> None:
    token = _token(make_user(capture=("23962",)))
    later = token.expires_at + datetime.timedelta(seconds=1)
    assert token_status(token=token, now=later) == TokenStatus.EXPIRED


def test_an_expired_token_no_longer_authenticates(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw = token_issue(user=user)
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now())
    assert token_user(raw=raw) is None


def test_a_token_shows_a_password_change_before_its_next_use(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    token = _token(user)
    user.set_password("Mat-khau-moi@2025")
    user.save()
    token.refresh_from_db()
    assert token_status(token=token) == TokenStatus.PASSWORD_CHANGED


def test_the_marks_depend_on_the_password_and_the_grants_only(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    before = (password_mark(user), grants_mark(user))
    user.full_name, user.email = "Nguyễn Văn B", "b@gialai.gov.vn"
    assert (password_mark(user), grants_mark(user)) == before


def test_the_owner_lists_their_tokens_newest_first(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    first, second = _token(user), _token(user)
    _token(make_user(capture=("23965",)))  # another user's
    assert [row.token.pk for row in tokens_list(viewer=user)] == [second.pk, first.pk]


def test_a_user_may_not_list_another_users_tokens(make_user: MakeUser) -> None:
    other = make_user(capture=("23965",))
    with pytest.raises(AccessDenied):
        tokens_list(viewer=make_user(capture=("23962",)), username=other.username)


def test_a_refusal_does_not_say_whether_a_user_exists(make_user: MakeUser) -> None:
    with pytest.raises(AccessDenied):
        tokens_list(viewer=make_user(capture=("23962",)), username="khong-co-ai")


def test_an_administrator_lists_another_users_tokens(make_user: MakeUser) -> None:
    other = make_user(capture=("23965",))
    token = _token(other)
    rows = tokens_list(viewer=make_user(role=Role.ADMIN), username=other.username)
    assert [(r.token.pk, r.status) for r in rows] == [(token.pk, TokenStatus.LIVE)]


def test_an_administrator_naming_an_unknown_user_gets_not_found(make_user: MakeUser) -> None:
    with pytest.raises(NotFound):
        tokens_list(viewer=make_user(role=Role.ADMIN), username="khong-co-ai")


def test_the_owner_gets_their_token_by_id(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    token = _token(user)
    assert token_get(token_id=token.pk, viewer=user) == token


def test_another_users_token_is_not_found(make_user: MakeUser) -> None:
    token = _token(make_user(capture=("23962",)))
    with pytest.raises(NotFound):
        token_get(token_id=token.pk, viewer=make_user(role=Role.LEADER, capture=("23962",)))


def test_an_administrator_gets_any_token_by_id(make_user: MakeUser) -> None:
    token = _token(make_user(capture=("23962",)))
    assert token_get(token_id=token.pk, viewer=make_user(role=Role.ADMIN)) == token


@pytest.mark.parametrize("token_id", [0, -1, 2**63, 10**30])
def test_an_id_no_token_can_have_is_not_found(make_user: MakeUser, token_id: int) -> None:
    with pytest.raises(NotFound):
        token_get(token_id=token_id, viewer=make_user(role=Role.ADMIN))


def test_a_user_name_with_a_nul_byte_is_not_found(make_user: MakeUser) -> None:
    with pytest.raises(NotFound):
        tokens_list(viewer=make_user(role=Role.ADMIN), username="quan\x00tri")


def test_within_a_read_memo_the_grants_are_read_once(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    user = create(capture_codes=[], view_codes=["633"])
    with read_memo():
        user_scopes(user=user)
        with django_assert_num_queries(0):
            again = user_scopes(user=user)
    assert [g.unit.code for g in again] == ["633"]


def test_outside_a_read_memo_a_new_grant_is_seen_at_once() -> None:
    user = create(capture_codes=[], view_codes=["633"])
    user_scopes(user=user)
    UserScope.objects.create(user=user, unit=unit_on("64"), access=Access.VIEW)
    assert {g.unit.code for g in user_scopes(user=user)} == {"633", "64"}


def test_a_read_memo_keeps_one_users_grants_from_another(make_user: MakeUser) -> None:
    first = create(capture_codes=[], view_codes=["633"])
    other = make_user(view=("64",))
    with read_memo():
        user_scopes(user=first)
        assert [g.unit.code for g in user_scopes(user=other)] == ["64"]
