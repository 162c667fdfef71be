"""Tracing over the database (outbreak/selectors/tracing.py): the window, the document's shape,
F2 one entry per person, pages and counts, an F1's window closed by a quarantine."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import Facility, Person, Quarantine, QuarantinePlace, RuleSubject
from dieuhanh.outbreak.selectors.tracing import trace_case, trace_document
from dieuhanh.outbreak.services.quarantine import QuarantineRequest, quarantines_start
from tests.conftest import unit_on
from tests.outbreak.factories import at, traced_setup, two_f2s

pytestmark = pytest.mark.django_db


def test_database_f2_lists_each_person_once() -> None:
    c, f1, f2s = two_f2s()
    result = trace_case(case=c, depth=2)
    f2 = [(e.person_id, e.via, e.overlap_start) for e in result.exposures if e.generation == 2]
    first = int(at(10, 19, 30).timestamp())
    assert f2 == [(f2s[0], f1, first), (f2s[1], f1, first)]


def test_trace_pages_and_counts_read_the_columns() -> None:
    c, _f1, f2s = two_f2s()
    result = trace_case(case=c, depth=2)
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
    c, f1, _f2s = two_f2s()
    _quarantine(f1, RuleSubject.CONTACT)
    result = trace_case(case=c, depth=2)
    assert result.count(2) == 0 and result.count(1) == 1


def test_health_monitoring_at_home_does_not_close_the_f1_window() -> None:
    c, f1, _f2s = two_f2s()
    _quarantine(f1, RuleSubject.ARRIVAL)  # arrivals from a low-risk area: monitoring only
    assert Quarantine.objects.get(person_id=f1).place == QuarantinePlace.MONITORING
    assert trace_case(case=c, depth=2).count(2) == 2


def test_f2_latest_exposure_is_the_last_meeting() -> None:
    c, _f1, f2s = two_f2s()
    result = trace_case(case=c, depth=2)
    rows = np.flatnonzero(result.columns.person == f2s[0])
    assert result.columns.last_end[rows].tolist() == [int(at(11, 10).timestamp())]


def test_trace_finds_f1_inside_the_window_only() -> None:
    c, f1, _f2, _before = traced_setup()
    result = trace_case(case=c, depth=1)
    assert [(e.person_id, e.generation) for e in result.exposures] == [(f1.pk, 1)]


def test_trace_json_shape_is_the_design_contract() -> None:
    c, f1, f2, _ = traced_setup()
    doc = trace_document(trace_case(case=c, depth=2))
    assert doc["exposures"] == [
        {
            "person_id": f1.pk,
            "generation": 1,
            "via": c.person_id,
            "venue_id": doc["exposures"][0]["venue_id"],  # type: ignore[index]  # exposures: a list of dicts
            "overlap_start": "2021-07-09T07:30:00+07:00",
            "overlap_end": "2021-07-09T08:00:00+07:00",
        },
        {
            "person_id": f2.pk,
            "generation": 2,
            "via": f1.pk,
            "venue_id": doc["exposures"][1]["venue_id"],  # type: ignore[index]  # exposures: a list of dicts
            "overlap_start": "2021-07-10T19:30:00+07:00",
            "overlap_end": "2021-07-10T20:00:00+07:00",
        },
    ]
