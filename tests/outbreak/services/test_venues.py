"""The venue register: check-in tokens are random and replaceable; writes need the outbreak
role and the unit in scope."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.selectors.venues import checkin_url, venue_by_token
from dieuhanh.outbreak.services.venues import venue_create, venue_token_regenerate, venue_update
from tests.conftest import unit_on
from tests.outbreak.factories import IA_BLANG, OTHER_DISTRICT

pytestmark = pytest.mark.django_db
ALL = Scope.everything()


def test_a_new_venue_gets_an_unguessable_token() -> None:
    a = venue_create(actor=None, scope=ALL, unit=unit_on(IA_BLANG), name="Chợ Ia Blang")
    b = venue_create(actor=None, scope=ALL, unit=unit_on(IA_BLANG), name="Trạm xăng")
    assert a.checkin_token and b.checkin_token
    assert len(a.checkin_token) >= 22  # 128 random bits, URL-safe
    assert a.checkin_token != b.checkin_token
    assert str(a.pk) not in a.checkin_token.split("-")


def test_the_token_names_the_venue() -> None:
    v = venue_create(actor=None, scope=ALL, unit=unit_on(IA_BLANG), name="Chợ Ia Blang")
    assert v.checkin_token is not None
    assert venue_by_token(token=v.checkin_token) == v


def test_the_check_in_url_is_absolute_on_the_public_address(settings: Settings) -> None:
    settings.PUBLIC_URL = "https://dieuhanh.example.gov.vn/"
    v = venue_create(actor=None, scope=ALL, unit=unit_on(IA_BLANG), name="Chợ Ia Blang")
    assert checkin_url(v) == f"https://dieuhanh.example.gov.vn/c/{v.checkin_token}"


def test_an_unknown_token_is_not_found() -> None:
    with pytest.raises(NotFound):
        venue_by_token(token="x" * 22)


def test_a_new_token_invalidates_the_old_one() -> None:
    v = venue_create(actor=None, scope=ALL, unit=unit_on(IA_BLANG), name="Chợ Ia Blang")
    old = v.checkin_token
    assert old is not None
    renewed = venue_token_regenerate(actor=None, scope=ALL, venue_id=v.pk)
    assert renewed.checkin_token and renewed.checkin_token != old
    with pytest.raises(NotFound):
        venue_by_token(token=old)
    assert venue_by_token(token=renewed.checkin_token) == v


def test_a_health_officer_registers_a_venue_in_scope(health: User) -> None:
    v = venue_create(
        actor=health, scope=user_scope(user=health), unit=unit_on(IA_BLANG), name="Chợ Ia Blang"
    )
    assert v.unit == unit_on(IA_BLANG)


def test_a_leader_may_not_register_a_venue(leader: User) -> None:
    with pytest.raises(AccessDenied):
        venue_create(
            actor=leader, scope=user_scope(user=leader), unit=unit_on(IA_BLANG), name="Chợ Ia Blang"
        )


def test_a_venue_outside_the_scope_is_refused(health: User) -> None:
    with pytest.raises(AccessDenied):
        venue_create(
            actor=health, scope=user_scope(user=health), unit=unit_on(OTHER_DISTRICT), name="Chợ"
        )


def test_a_token_outside_the_scope_is_not_renewed(health: User) -> None:
    v = venue_create(actor=None, scope=ALL, unit=unit_on(OTHER_DISTRICT), name="Chợ khác")
    with pytest.raises(NotFound):
        venue_token_regenerate(actor=health, scope=user_scope(user=health), venue_id=v.pk)


def test_an_edit_from_a_stale_version_is_refused() -> None:
    v = venue_create(actor=None, scope=ALL, unit=unit_on(IA_BLANG), name="Chợ Ia Blang")
    venue_update(actor=None, scope=ALL, venue_id=v.pk, version=1, name="Chợ mới")
    with pytest.raises(Conflict):
        venue_update(actor=None, scope=ALL, venue_id=v.pk, version=1, name="Chợ cũ")
