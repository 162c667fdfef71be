"""F2 over the database: one entry per person, pages of a trace, and an F1's window closed by
a quarantine the system records."""

from __future__ import annotations

import datetime
import importlib
import io
import random
import types

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection

from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.checkin_store import DbCheckIns, checkins_compact, checkins_insert
from dieuhanh.outbreak.models import (
    CheckInPersonPart,
    Contact,
    Facility,
    Person,
    Quarantine,
    QuarantinePlace,
    RuleSubject,
)
from dieuhanh.outbreak.pure.checkin_blocks import DAY, venue_days_needed
from dieuhanh.outbreak.pure.memory_store import trace_brute_force
from dieuhanh.outbreak.pure.stays import MAX_STAY, Stay, stay_end
from dieuhanh.outbreak.pure.tracing import trace
from dieuhanh.outbreak.selectors.tracing import trace_case
from dieuhanh.outbreak.services.contacts import contacts_from_trace
from dieuhanh.outbreak.services.quarantine import QuarantineRequest, quarantines_start
from tests.conftest import unit_on
from tests.outbreak.tracing_factories import at, case, checkin, person, venue

pytestmark = pytest.mark.django_db


def test_venue_days_reach_back_one_longest_stay_and_forward_to_the_end() -> None:
    start = 100 * DAY + 3600
    venue, day, need, until = venue_days_needed(
        np.array([7], dtype=np.int64),
        np.array([start], dtype=np.int64),
        np.array([start + 2 * DAY], dtype=np.int64),
    )
    first = (start - MAX_STAY) // DAY
    assert day.tolist() == list(range(first, (start + 2 * DAY - 1) // DAY + 1))
    assert set(venue.tolist()) == {7} and set(need.tolist()) == {start}
    assert set(until.tolist()) == {start + 2 * DAY}


def test_venue_days_are_read_once_with_the_widest_span() -> None:
    _venue, day, need, until = venue_days_needed(
        np.array([7, 7], dtype=np.int64),
        np.array([100 * DAY + 10, 100 * DAY + 50], dtype=np.int64),
        np.array([100 * DAY + 20, 100 * DAY + 90], dtype=np.int64),
    )
    assert day.tolist() == [99, 100]
    assert (need.tolist(), until.tolist()) == ([100 * DAY + 10] * 2, [100 * DAY + 90] * 2)


def _two_f2s() -> tuple[object, int, list[int]]:
    index, f1 = person("Nguyễn Văn An"), person("Phạm Thị Dung")
    c = case(index, isolated_at=at(12, 10))
    market, cafe, shop = venue("Chợ Chư Sê"), venue("Quán cà phê Phố Núi"), venue("Tạp hóa Hòa")
    checkin(index, market, at(9, 7), at(9, 8))
    checkin(f1, market, at(9, 7, 30), at(9, 9))
    f2s = [person("Đỗ Văn Em"), person("Lý Thị Hoa")]
    for p in f2s:  # each meets the F1 twice: listed once, at the first
        checkin(p, cafe, at(10, 19, 30), None)
        checkin(p, shop, at(11, 9), at(11, 10))
    checkin(f1, cafe, at(10, 19), None)
    checkin(f1, shop, at(11, 9), at(11, 11))
    return c, f1.pk, [p.pk for p in f2s]


def test_database_f2_lists_each_person_once() -> None:
    c, f1, f2s = _two_f2s()
    result = trace_case(case=c, depth=2)  # type: ignore[arg-type]
    f2 = [(e.person_id, e.via, e.overlap_start) for e in result.exposures if e.generation == 2]
    first = int(at(10, 19, 30).timestamp())
    assert f2 == [(f2s[0], f1, first), (f2s[1], f1, first)]


def test_trace_pages_and_counts_read_the_columns() -> None:
    c, _f1, f2s = _two_f2s()
    result = trace_case(case=c, depth=2)  # type: ignore[arg-type]
    assert (result.count(), result.count(2), result.person_count(1)) == (3, 2, 1)
    assert [e.person_id for e in result.page(1, 1, generation=2)] == [f2s[1]]


def _quarantine(person_id: int, subject: str) -> None:
    unit = unit_on("633")
    facility = Facility.objects.create(
        unit=unit, unit_path=unit.path, name="Khu cách ly tập trung huyện Chư Sê", capacity=5
    )
    quarantines_start(
        actor=None,
        scope=Scope.everything(),
        requests=[QuarantineRequest(person=Person.objects.get(pk=person_id), subject=subject)],
        start=datetime.date(2021, 7, 9),
        facility_id=facility.pk,
    )


def test_quarantine_after_the_exposure_closes_the_f1_window() -> None:
    c, f1, _f2s = _two_f2s()
    _quarantine(f1, RuleSubject.CONTACT)
    result = trace_case(case=c, depth=2)  # type: ignore[arg-type]
    assert result.count(2) == 0 and result.count(1) == 1


def test_health_monitoring_at_home_does_not_close_the_f1_window() -> None:
    c, f1, _f2s = _two_f2s()
    _quarantine(f1, RuleSubject.ARRIVAL)  # arrivals from a low-risk area: monitoring only
    assert Quarantine.objects.get(person_id=f1).place == QuarantinePlace.MONITORING
    assert trace_case(case=c, depth=2).count(2) == 2  # type: ignore[arg-type]


def test_f2_latest_exposure_is_the_last_meeting() -> None:
    c, _f1, f2s = _two_f2s()
    result = trace_case(case=c, depth=2)  # type: ignore[arg-type]
    rows = np.flatnonzero(result.columns.person == f2s[0])
    assert result.columns.last_end[rows].tolist() == [int(at(11, 10).timestamp())]


@pytest.mark.parametrize("depth", [1, 2])
def test_venue_blocks_read_in_many_small_batches_give_the_same_trace(depth: int) -> None:
    rows = []
    rng = random.Random(8)
    base = int(at(9).timestamp())
    for _ in range(300):
        start = base + rng.randrange(0, 3 * DAY, 600)
        rows.append(
            (
                rng.randint(1, 30),
                rng.randint(1, 5),
                start,
                start + rng.randrange(600, 4 * 3600, 600),
            )
        )
    checkins_insert(rows)
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in rows]
    small = DbCheckIns()
    small.venue_batch = 2
    found = trace(small, case=1, start=base, end=base + 2 * DAY, depth=depth)
    assert found == trace_brute_force(plain, case=1, start=base, end=base + 2 * DAY, depth=depth)
    assert found


def test_trace_is_the_same_before_and_after_compaction() -> None:
    c, _f1, _f2s = _two_f2s()  # check-ins loaded one by one: the later ones are parts
    assert CheckInPersonPart.objects.exists()
    before = trace_case(case=c, depth=2).exposures  # type: ignore[arg-type]
    call_command("checkins", "compact", stdout=io.StringIO())
    assert not CheckInPersonPart.objects.exists()
    assert trace_case(case=c, depth=2).exposures == before  # type: ignore[arg-type]


def test_f2_contact_is_followed_up_from_the_last_meeting() -> None:
    c, _f1, f2s = _two_f2s()
    contacts_from_trace(actor=None, scope=Scope.everything(), case=c, depth=2)  # type: ignore[arg-type]
    contact = Contact.objects.get(case=c, person_id=f2s[0])
    assert contact.last_exposure_at == at(11, 10)
    assert contact.follow_up_until == datetime.date(2021, 7, 25)


def test_migrating_back_refuses_while_parts_are_not_merged() -> None:
    migration = importlib.import_module("dieuhanh.outbreak.migrations.0005_checkin_parts")
    editor = types.SimpleNamespace(connection=connection)
    _two_f2s()
    with pytest.raises(RuntimeError, match="checkins compact"):
        migration._refuse_unmerged_parts(None, editor)
    checkins_compact()
    migration._refuse_unmerged_parts(None, editor)
