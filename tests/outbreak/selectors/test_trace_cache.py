"""Traces kept in the cache (outbreak/selectors/tracing.py): the next page of the same trace is
not traced again; a load into the store, an isolation or a quarantine gives a fresh trace; a
trace whose window reaches before the retention horizon says so."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import Facility, Person, RuleSubject, Venue
from dieuhanh.outbreak.selectors import tracing as tracing_sel
from dieuhanh.outbreak.selectors.tracing import trace_case, trace_page
from dieuhanh.outbreak.services.quarantine import QuarantineRequest, quarantines_start
from dieuhanh.outbreak.services.retention import checkins_purge
from tests.conftest import unit_on
from tests.outbreak.factories import at, case, checkin, person, two_f2s

pytestmark = pytest.mark.django_db


@pytest.fixture
def traced_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the traces actually computed (not read from the cache)."""
    runs: list[int] = []
    from dieuhanh.outbreak.pure.tracing import trace_columns as computed

    def counted(*args: object, **kwargs: object) -> object:
        runs.append(1)
        return computed(*args, **kwargs)  # type: ignore[arg-type]  # passed through unchanged

    monkeypatch.setattr(tracing_sel, "trace_columns", counted)
    return runs


def test_second_page_reads_the_cached_trace(traced_runs: list[int]) -> None:
    c, _f1, f2s = two_f2s()
    trace_page(trace_case(case=c, depth=2), offset=0, limit=1)
    page = trace_page(trace_case(case=c, depth=2), offset=1, limit=1, generation=2)
    assert len(traced_runs) == 1
    assert [e.person_id for e in page.exposures] == [f2s[1]] and (page.f1, page.f2) == (1, 2)


def test_depths_are_kept_apart(traced_runs: list[int]) -> None:
    c, _f1, _f2s = two_f2s()
    trace_case(case=c, depth=2)
    assert trace_case(case=c, depth=1).count(2) == 0 and len(traced_runs) == 2


def test_a_load_into_the_store_gives_a_fresh_trace() -> None:
    c, _f1, _f2s = two_f2s()
    assert trace_case(case=c, depth=1).person_count(1) == 1
    checkin(person("Trần Văn Muộn"), Venue.objects.get(name="Chợ Chư Sê"), at(9, 7, 45), None)
    assert trace_case(case=c, depth=1).person_count(1) == 2


def test_an_isolation_gives_a_fresh_trace() -> None:
    c, f1, _f2s = two_f2s()
    assert trace_case(case=c, depth=2).count(2) == 2
    case(Person.objects.get(pk=f1), confirmed_at=at(10, 8), isolated_at=at(10, 8))
    assert trace_case(case=c, depth=2).count(2) == 0


def test_a_quarantine_gives_a_fresh_trace() -> None:
    c, f1, _f2s = two_f2s()
    assert trace_case(case=c, depth=2).count(2) == 2
    unit = unit_on("633")
    facility = Facility.objects.create(
        unit=unit, unit_path=unit.path, name="Khu cách ly tập trung huyện Chư Sê", capacity=5
    )
    quarantines_start(
        actor=None,
        scope=Scope.everything(),
        requests=[QuarantineRequest(person=Person.objects.get(pk=f1), subject=RuleSubject.CONTACT)],
        start=datetime.date(2021, 7, 9),
        facility_id=facility.pk,
    )
    assert trace_case(case=c, depth=2).count(2) == 0


def test_a_window_before_the_horizon_says_so() -> None:
    c, _f1, _f2s = two_f2s()  # window from 08/07 00:00
    checkins_purge(before=datetime.date(2021, 7, 9))
    assert trace_case(case=c, depth=1).purged_before == datetime.date(2021, 7, 9)


def test_a_window_after_the_horizon_says_nothing() -> None:
    c, _f1, _f2s = two_f2s()
    checkins_purge(before=datetime.date(2021, 7, 8))
    assert trace_case(case=c, depth=1).purged_before is None
