"""Retention of check-ins (outbreak/services/retention.py, checkin_store.checkins_purge_before):
what a purge deletes and keeps, on both orderings, blocks and parts, and the horizon it leaves."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from dieuhanh.outbreak.checkin_store import (
    DbCheckIns,
    StoreState,
    checkins_count,
    checkins_insert,
    store_state,
)
from dieuhanh.outbreak.models import CheckIn
from dieuhanh.outbreak.services.retention import checkins_purge, retention_cutoff
from tests.outbreak.factories import at, ep

pytestmark = pytest.mark.django_db

JULY_9 = datetime.date(2021, 7, 9)


def _stays(person: int) -> list[int]:
    """Start times of `person`'s check-ins in the store (person blocks)."""
    return sorted(s.start for s in DbCheckIns().person_stays(person, 0, ep(at(31))))


def _at_venue(venue: int) -> list[int]:
    """Start times of the check-ins at `venue` (venue blocks)."""
    return sorted(s.start for s in DbCheckIns().venue_stays(venue, 0, ep(at(31))))


def test_purge_deletes_older_check_ins_from_both_orderings() -> None:
    checkins_insert([(1, 1, ep(at(5, 9)), None), (1, 1, ep(at(10, 9)), None)])
    done = checkins_purge(before=JULY_9)
    assert done.checkins == 1
    assert _stays(1) == [ep(at(10, 9))] and _at_venue(1) == [ep(at(10, 9))]


def test_purge_cuts_at_local_midnight_inside_a_utc_day() -> None:
    # 08/07 20:00 and 09/07 01:00 in Vietnam are the same UTC day (one venue block, rewritten)
    checkins_insert([(1, 1, ep(at(8, 20)), None), (2, 1, ep(at(9, 1)), None)])
    checkins_purge(before=JULY_9)
    assert _at_venue(1) == [ep(at(9, 1))]
    assert (_stays(1), _stays(2)) == ([], [ep(at(9, 1))])


def test_purge_deletes_from_appended_parts() -> None:
    checkins_insert([(1, 1, ep(at(10, 9)), None)])
    checkins_insert([(2, 1, ep(at(5, 9)), None), (2, 1, ep(at(8, 23)), None)])  # parts
    checkins_purge(before=JULY_9)
    assert checkins_count() == 1 and _stays(2) == []


def test_purge_deletes_rows_of_the_row_table() -> None:
    CheckIn.objects.create(person_id=1, venue_id=1, checked_in_at=ep(at(5, 9)))
    CheckIn.objects.create(person_id=1, venue_id=1, checked_in_at=ep(at(10, 9)))
    assert checkins_purge(before=JULY_9).rows_deleted == 1
    assert CheckIn.objects.count() == 1


def test_dry_run_counts_and_deletes_nothing() -> None:
    checkins_insert([(1, 1, ep(at(5, 9)), None), (1, 1, ep(at(8, 20)), None)])
    version = store_state().version
    done = checkins_purge(before=JULY_9, dry_run=True)
    assert (done.checkins, checkins_count()) == (2, 2)
    assert store_state() == StoreState(version, None)


def test_purge_records_the_horizon_and_a_new_version() -> None:
    version = store_state().version
    checkins_purge(before=JULY_9)
    assert store_state().purged_before == JULY_9 and store_state().version == version + 1


def test_the_horizon_never_moves_back() -> None:
    checkins_purge(before=JULY_9)
    checkins_purge(before=datetime.date(2021, 7, 1))
    assert store_state().purged_before == JULY_9


@override_settings(CHECKIN_RETENTION_DAYS=14)
def test_default_cutoff_is_the_retention_period_before_today() -> None:
    assert retention_cutoff(datetime.date(2021, 7, 30)) == datetime.date(2021, 7, 16)
