"""The review's sections that read one domain module (new-rural, epidemic, security, Party,
politics, directions) are cached under that module's data version (core.versions,
reports/selectors.py): composed once between two writes of the module, again after a write,
and per scope and role."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from unittest import mock

import pytest
from django.core.cache import cache

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.scope import Scope
from dieuhanh.direction.models import EventState, Severity
from dieuhanh.direction.services.public_order import event_update
from dieuhanh.reports.pure.document import Document
from dieuhanh.reports.sections import direction as sections_direction
from tests.conftest import MakeUser, unit_on
from tests.direction.factories import EventFactory
from tests.reports.test_selectors import compose, section_text

pytestmark = pytest.mark.django_db
SECURITY = "6. Về quốc phòng"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def security(document: Document) -> str:
    return " ".join(section_text(document, SECURITY))


def test_the_security_section_is_composed_once_between_writes() -> None:
    EventFactory.create()
    with mock.patch.object(
        sections_direction,
        "public_order_paragraphs",
        wraps=sections_direction.public_order_paragraphs,
    ) as composed:
        texts = [security(compose()) for _ in range(3)]
    assert composed.call_count == 1 and len(set(texts)) == 1 and "1 vụ việc" in texts[0]


def test_a_new_event_is_in_the_next_report() -> None:
    EventFactory.create()
    before = security(compose())
    EventFactory.create(occurred_on=datetime.date(2021, 6, 1))
    assert "1 vụ việc" in before and "2 vụ việc" in security(compose())


def test_an_event_updated_through_its_service_moves_the_section(make_user: MakeUser) -> None:
    event = EventFactory.create(severity=Severity.HIGH, state=EventState.RESOLVED)
    before = security(compose())
    officer = make_user(Role.SECURITY_OFFICER, capture=("633",))
    event_update(
        actor=officer,
        scope=user_scope(user=officer),
        event_id=event.pk,
        version=event.version,
        state=EventState.OPEN,
        severity=Severity.HIGH,
        measures="",
    )
    after = security(compose())
    assert "nghiêm trọng chưa được giải quyết" in before and "mức độ nghiêm trọng" in after


def test_the_section_cached_for_the_district_is_not_given_to_another_commune() -> None:
    EventFactory.create()  # in 23962
    district = security(compose())
    other = Scope(view_paths=(unit_on("23966").path,))
    commune = security(compose(scope=other, unit_code="23966"))
    assert "1 vụ việc" in district and "1 vụ việc" not in commune


def test_the_same_unit_under_another_scope_is_composed_again() -> None:
    # Both scopes see the district: only the scope in the key tells the entries apart.
    EventFactory.create()
    district = Scope(view_paths=(unit_on("633").path,))
    with mock.patch.object(
        sections_direction,
        "public_order_paragraphs",
        wraps=sections_direction.public_order_paragraphs,
    ) as composed:
        security(compose())
        security(compose(scope=district))
    assert composed.call_count == 2
