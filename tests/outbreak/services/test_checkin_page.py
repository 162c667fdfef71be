"""The check-in page's writes: consent first, the check-in appended to the store, the check-out
closing it, the declaration, the rate limits and the purge of declarations."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from pytest_django.fixtures import Settings

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.checkin_store import DbCheckIns, checkins_compact, checkins_count
from dieuhanh.outbreak.models import HealthDeclaration, Person, Venue
from dieuhanh.outbreak.services.checkin_page import (
    CheckInsThrottled,
    Declaration,
    checkin_record,
    checkin_throttle,
    checkout_record,
    declarations_purge,
)
from dieuhanh.outbreak.services.venues import venue_create
from tests.conftest import unit_on
from tests.outbreak.factories import IA_BLANG, VN

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=VN)
T = int(NOW.timestamp())


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def market() -> Venue:
    return venue_create(
        actor=None, scope=Scope.everything(), unit=unit_on(IA_BLANG), name="Chợ Ia Blang"
    )


def check_in(venue: Venue, consent: bool = True, answers: Declaration | None = None) -> int:
    opened = checkin_record(
        venue=venue,
        phone="0905 123 456",
        full_name="Lê Văn Quét",
        consent=consent,
        declaration=answers or Declaration(),
        at=NOW,
    )
    return opened.person_id


def test_without_consent_nothing_is_written(market: Venue) -> None:
    with pytest.raises(ValidationFailed):
        check_in(market, consent=False)
    assert checkins_count() == 0
    assert not Person.objects.exists()
    assert not HealthDeclaration.objects.exists()


def test_a_check_in_is_in_the_store_without_check_out(market: Venue) -> None:
    pid = check_in(market)
    stays = list(DbCheckIns().venue_stays(market.pk, T - 10, T + 10))
    assert [(s.person, s.start, s.end) for s in stays] == [(pid, T, T + 3600)]


def test_the_check_in_registers_the_person_in_the_venues_unit(market: Venue) -> None:
    pid = check_in(market)
    assert Person.objects.get(pk=pid).unit == unit_on(IA_BLANG)


def test_a_check_out_gives_the_stay_its_end(market: Venue) -> None:
    from dieuhanh.outbreak.services.checkin_page import OpenCheckIn

    pid = check_in(market)
    assert checkout_record(
        open_checkin=OpenCheckIn(market.pk, pid, T), at=NOW + datetime.timedelta(minutes=20)
    )
    stays = list(DbCheckIns().person_stays(pid, T - 10, T + 10))
    assert [(s.venue, s.start, s.end) for s in stays] == [(market.pk, T, T + 1200)]
    assert checkins_count() == 1


def test_a_check_out_after_compaction_finds_the_check_in_in_the_blocks(market: Venue) -> None:
    from dieuhanh.outbreak.services.checkin_page import OpenCheckIn

    check_in(market)  # the first load: blocks
    checkin_record(
        venue=market,
        phone="0912000111",
        full_name="Trần Thị Hai",
        consent=True,
        declaration=Declaration(),
        at=NOW,
    )  # a part
    checkins_compact()
    pid = Person.objects.get(full_name="Lê Văn Quét").pk
    assert checkout_record(
        open_checkin=OpenCheckIn(market.pk, pid, T), at=NOW + datetime.timedelta(minutes=5)
    )
    ends = sorted((s.person, s.end) for s in DbCheckIns().venue_stays(market.pk, T - 1, T + 1))
    assert (pid, T + 300) in ends and len(ends) == 2


def test_a_second_check_out_changes_nothing(market: Venue) -> None:
    from dieuhanh.outbreak.services.checkin_page import OpenCheckIn

    pid = check_in(market)
    open_checkin = OpenCheckIn(market.pk, pid, T)
    assert checkout_record(open_checkin=open_checkin, at=NOW + datetime.timedelta(minutes=20))
    assert not checkout_record(open_checkin=open_checkin, at=NOW + datetime.timedelta(minutes=40))
    assert checkins_count() == 1


def test_a_check_out_after_a_day_leaves_the_hour(market: Venue) -> None:
    from dieuhanh.outbreak.services.checkin_page import OpenCheckIn

    pid = check_in(market)
    assert not checkout_record(
        open_checkin=OpenCheckIn(market.pk, pid, T), at=NOW + datetime.timedelta(hours=25)
    )


def test_a_yes_answer_flags_the_declaration(market: Venue) -> None:
    check_in(market, answers=Declaration(cough=True))
    declaration = HealthDeclaration.objects.get()
    assert declaration.flagged and declaration.cough
    assert declaration.unit_path == unit_on(IA_BLANG).path


def test_no_yes_answer_is_not_flagged(market: Venue) -> None:
    check_in(market)
    assert not HealthDeclaration.objects.get().flagged


def test_an_epidemic_area_must_be_named(market: Venue) -> None:
    with pytest.raises(ValidationFailed):
        check_in(market, answers=Declaration(from_epidemic_area=True))
    assert checkins_count() == 0


def test_declarations_before_the_day_are_purged(market: Venue) -> None:
    check_in(market, answers=Declaration(fever=True))
    assert declarations_purge(before=NOW.date()) == 0
    assert declarations_purge(before=NOW.date() + datetime.timedelta(days=1)) == 1
    assert not HealthDeclaration.objects.exists()


def test_a_device_over_its_limit_is_refused(settings: Settings) -> None:
    settings.CHECKIN_DEVICE_LIMIT = 2
    checkin_throttle(device="phone-1", venue_id=1, now=T)
    checkin_throttle(device="phone-1", venue_id=1, now=T)
    with pytest.raises(CheckInsThrottled) as refused:
        checkin_throttle(device="phone-1", venue_id=1, now=T)
    assert refused.value.status_code == 429
    assert "quá nhiều lần" in refused.value.render("vi")
    checkin_throttle(device="phone-2", venue_id=1, now=T)  # another phone goes on


def test_the_device_limit_resets_with_the_window(settings: Settings) -> None:
    settings.CHECKIN_DEVICE_LIMIT = 1
    checkin_throttle(device="phone-1", venue_id=1, now=T)
    checkin_throttle(device="phone-1", venue_id=1, now=T + 600)


def test_a_venue_over_its_limit_is_refused(settings: Settings) -> None:
    settings.CHECKIN_VENUE_LIMIT = 2
    checkin_throttle(device="a", venue_id=7, now=T)
    checkin_throttle(device="b", venue_id=7, now=T)
    with pytest.raises(CheckInsThrottled):
        checkin_throttle(device="c", venue_id=7, now=T)


def test_the_retention_purge_takes_the_declarations_with_the_check_ins(market: Venue) -> None:
    from dieuhanh.outbreak.services.retention import checkins_purge

    check_in(market, answers=Declaration(fever=True))
    purged = checkins_purge(before=NOW.date() + datetime.timedelta(days=1))
    assert (purged.checkins, purged.declarations) == (1, 1)
    assert not HealthDeclaration.objects.exists()


def test_a_dry_run_purge_counts_the_declarations_and_keeps_them(market: Venue) -> None:
    from dieuhanh.outbreak.services.retention import checkins_purge

    check_in(market, answers=Declaration(fever=True))
    purged = checkins_purge(before=NOW.date() + datetime.timedelta(days=1), dry_run=True)
    assert purged.declarations == 1
    assert HealthDeclaration.objects.count() == 1


def test_an_address_over_its_limit_is_refused_whatever_device_it_claims(
    settings: Settings,
) -> None:
    settings.CHECKIN_ADDRESS_LIMIT = 2
    checkin_throttle(device="new-1", venue_id=1, address="203.0.113.9", now=T)
    checkin_throttle(device="new-2", venue_id=1, address="203.0.113.9", now=T)
    with pytest.raises(CheckInsThrottled):
        checkin_throttle(device="new-3", venue_id=1, address="203.0.113.9", now=T)
    checkin_throttle(device="new-4", venue_id=1, address="198.51.100.7", now=T)
