"""Reads (ntm/selectors/summary.py): counting recognitions on a date, the matrix, the summary,
the review section, the dashboard, the 2025 reform shown as recorded."""

from __future__ import annotations

import datetime
from typing import TypedDict, cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import CriteriaSet
from dieuhanh.ntm.selectors.summary import matrix, ntm_dashboard, ntm_review_section, summary
from dieuhanh.ntm.services.recognitions import recognition_revoke
from tests.conftest import AFTER, BEFORE, unit_on
from tests.ntm.factories import ALL_MET, CHU_SE, DUN, EVERYTHING, IA_BLANG, IA_KO, recognise, save

pytestmark = pytest.mark.django_db


class _Commune(TypedDict):
    code: str
    name: str
    in_programme: bool
    criteria_met: int | None
    criteria_no_data: int | None
    level: str | None
    plan_year: int | None
    formed_from: list[dict[str, object]]


class _Summary(TypedDict):
    """The document `summary` builds (ntm/selectors/summary.py), typed dict[str, object] there."""

    unit: str
    name: str
    on: str
    year: int
    criteria_set: str | None
    criteria_total: int
    communes: int
    rural_communes: int
    recognised: int
    recognised_by_level: dict[str, int]
    per_commune: list[_Commune]


def test_summary_counts_the_communes_of_the_district(sets: dict[str, CriteriaSet]) -> None:
    doc = cast(_Summary, summary(scope=EVERYTHING, unit_code=CHU_SE, on=BEFORE))
    assert (doc["communes"], doc["rural_communes"]) == (15, 14)  # the township is not assessed
    township = next(c for c in doc["per_commune"] if c["code"] == "23941")
    assert (township["in_programme"], township["criteria_met"]) == (False, None)


def test_a_recognition_counts_from_its_decision_date(sets: dict[str, CriteriaSet]) -> None:
    recognise(DUN, datetime.date(2021, 4, 8))
    before = summary(scope=EVERYTHING, unit_code=CHU_SE, on=datetime.date(2021, 4, 7))
    on_day = summary(scope=EVERYTHING, unit_code=CHU_SE, on=datetime.date(2021, 4, 8))
    assert (before["recognised"], on_day["recognised"]) == (0, 1)


def test_a_revoked_recognition_no_longer_counts(sets: dict[str, CriteriaSet]) -> None:
    pk = recognise(DUN, datetime.date(2018, 3, 5))
    recognition_revoke(
        actor=None,
        scope=EVERYTHING,
        recognition_id=pk,
        revoked_on=datetime.date(2021, 5, 1),
        decision="9/QĐ-UBND",
        reason="Không duy trì tiêu chí",
        expected_version=1,
    )
    counts = [
        summary(scope=EVERYTHING, unit_code=CHU_SE, on=d)["recognised"]
        for d in (datetime.date(2021, 4, 30), datetime.date(2021, 5, 1))
    ]
    assert counts == [1, 0]


def test_summary_gives_each_commune_its_criteria_met_and_level(
    sets: dict[str, CriteriaSet],
) -> None:
    save(DUN, results=ALL_MET, values={"12.1": "95", "16.1": "80"})
    recognise(DUN, datetime.date(2018, 3, 5))
    doc = cast(_Summary, summary(scope=EVERYTHING, unit_code=CHU_SE, on=BEFORE))
    row = next(r for r in doc["per_commune"] if r["code"] == DUN)
    assert (row["criteria_met"], row["level"]) == (19, "standard")


def test_matrix_marks_met_not_met_and_no_data(sets: dict[str, CriteriaSet]) -> None:
    save(IA_BLANG, {"12.1": "95", "16.1": "60"}, {10: True})
    m = matrix(scope=EVERYTHING, unit_code=CHU_SE, on=BEFORE, year=2021)
    row = next(r for r in m.rows if r.unit.code == IA_BLANG)
    assert (row.statuses[9], row.statuses[11], row.statuses[15], row.statuses[1]) == (
        "met",
        "met",
        "not_met",
        "no_data",
    )


def test_matrix_queries_do_not_grow_with_the_communes(sets: dict[str, CriteriaSet]) -> None:
    save(IA_BLANG, results=ALL_MET)
    with CaptureQueriesContext(connection) as one:
        matrix(scope=EVERYTHING, unit_code=CHU_SE, on=BEFORE, year=2021)
    save(DUN, results=ALL_MET)
    save(IA_KO, results=ALL_MET)
    with CaptureQueriesContext(connection) as three:
        matrix(scope=EVERYTHING, unit_code=CHU_SE, on=BEFORE, year=2021)
    assert len(three) == len(one)


def test_closest_and_most_missing(sets: dict[str, CriteriaSet]) -> None:
    save(IA_BLANG, results={**ALL_MET, 10: False})
    save(IA_KO, results={**ALL_MET, 10: False, 11: False})
    m = matrix(scope=EVERYTHING, unit_code=CHU_SE, on=BEFORE, year=2021)
    assert ([s.name for s in m.closest()], m.most_missing()[0]) == (
        ["Xã Ia Blang", "Xã Ia Ko"],
        ("10. Thu nhập", 2),
    )


def test_review_section_is_none_when_nothing_is_recorded(sets: dict[str, CriteriaSet]) -> None:
    section = ntm_review_section(
        scope=EVERYTHING, unit_code=CHU_SE, start=datetime.date(2021, 1, 1), end=BEFORE
    )
    assert section is None


def test_review_section_lists_the_recognitions_of_the_period(
    sets: dict[str, CriteriaSet],
) -> None:
    recognise(DUN, datetime.date(2018, 3, 5), number="140/QĐ-UBND")
    recognise(IA_BLANG, datetime.date(2021, 4, 8), number="205/QĐ-UBND")
    section = ntm_review_section(
        scope=EVERYTHING,
        unit_code=CHU_SE,
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 6, 30),
    )
    assert section is not None
    assert (section.recognised, [r[1] for r in section.recognised_in_period]) == (
        2,
        ["205/QĐ-UBND"],
    )


def test_review_section_refuses_a_unit_outside_the_scope(sets: dict[str, CriteriaSet]) -> None:
    scope = Scope(view_paths=(unit_on(IA_BLANG).path,))
    with pytest.raises(AccessDenied):
        ntm_review_section(scope=scope, unit_code=CHU_SE, start=BEFORE, end=BEFORE)


def test_dashboard_gives_recognised_over_communes(sets: dict[str, CriteriaSet]) -> None:
    recognise(DUN, datetime.date(2018, 3, 5))
    card = ntm_dashboard(scope=EVERYTHING, unit_code=CHU_SE, on=BEFORE)
    assert card is not None and (card.recognised, card.communes) == (1, 14)


def test_after_the_reform_the_new_commune_holds_no_recognition(
    sets: dict[str, CriteriaSet],
) -> None:
    recognise(DUN, datetime.date(2018, 3, 5))
    card = ntm_dashboard(scope=EVERYTHING, unit_code="23941", on=AFTER)
    assert card is not None and (card.recognised, card.communes) == (0, 1)


def test_summary_of_the_new_commune_states_its_predecessors_records(
    sets: dict[str, CriteriaSet],
) -> None:
    recognise(DUN, datetime.date(2018, 3, 5), number="140/QĐ-UBND")
    doc = cast(_Summary, summary(scope=EVERYTHING, unit_code="23941", on=AFTER))
    row = doc["per_commune"][0]
    held = {f["name"]: f["level_at_merger"] for f in row["formed_from"]}
    assert (row["level"], held["Xã Dun"], held["Thị trấn Chư Sê"]) == (None, "standard", None)


def test_a_province_is_tallied_by_district(sets: dict[str, CriteriaSet]) -> None:
    from dieuhanh.ntm.selectors.summary import tally_by_parent

    recognise(DUN, datetime.date(2018, 3, 5))
    m = matrix(scope=EVERYTHING, unit_code="64", on=BEFORE, year=2021)
    chu_se = next(t for t in tally_by_parent(m) if t.unit.code == CHU_SE)
    assert (chu_se.communes, chu_se.recognised) == (14, 1)
