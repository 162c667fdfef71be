"""The catalogue read per process at the catalogue's version (indicators/figures_cache.py): a
saved value does not move that version, so the active indicators stay cached while officers
save; a change of the catalogue is read at once (issue 21)."""

from __future__ import annotations

import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from dieuhanh.accounts.models import User
from dieuhanh.indicators import figures_cache
from dieuhanh.indicators.figures_cache import CATALOGUE, catalogue_cached, figures_version
from dieuhanh.indicators.models import DataSet, DataSetIndicator, Indicator
from dieuhanh.indicators.selectors.review import indicators_active
from tests.auth import bearer
from tests.indicators.conftest import Put


def test_a_saved_value_does_not_move_the_catalogue_version(
    catalogue: dict[str, Indicator], put: Put
) -> None:
    before = figures_version(CATALOGUE)
    put("THU_NSNN", "23962", "202101", "5")
    assert figures_version(CATALOGUE) == before


def test_a_catalogue_change_moves_the_catalogue_version(catalogue: dict[str, Indicator]) -> None:
    before = figures_version(CATALOGUE)
    catalogue["THU_NSNN"].save()
    assert figures_version(CATALOGUE) != before


def test_a_second_read_of_the_active_indicators_reads_only_the_version(
    catalogue: dict[str, Indicator], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    first = indicators_active()
    with django_assert_num_queries(1):
        again = indicators_active()
    assert [i.pk for i in again] == [i.pk for i in first]


def test_a_renamed_indicator_is_read_at_once(catalogue: dict[str, Indicator]) -> None:
    indicators_active()
    revenue = catalogue["THU_NSNN"]
    revenue.name_vi = "Thu ngân sách (đổi tên)"
    revenue.save()
    names = {i.code: i.name_vi for i in indicators_active()}
    assert names["THU_NSNN"] == "Thu ngân sách (đổi tên)"


def test_an_indicator_made_inactive_leaves_at_once(catalogue: dict[str, Indicator]) -> None:
    indicators_active()
    revenue = catalogue["THU_NSNN"]
    revenue.is_active = False
    revenue.save()
    assert "THU_NSNN" not in {i.code for i in indicators_active()}


def test_before_any_catalogue_change_nothing_is_cached(db: None) -> None:
    calls: list[int] = []

    def compute() -> list[int]:
        calls.append(1)
        return calls

    catalogue_cached("probe", compute)
    catalogue_cached("probe", compute)
    assert calls == [1, 1]


def _form_fields(client: Client, officer: User) -> list[tuple[str, str | None]]:
    read = client.get("/api/forms/KTXH_THANG/23962/202101", **bearer(officer)).json()
    return [(f["indicator"], f["option"]) for f in read["fields"]]


def test_a_second_read_of_a_form_does_not_read_its_members_again(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    _form_fields(client, officer)
    with CaptureQueriesContext(connection) as queries:
        _form_fields(client, officer)
    assert not [q for q in queries if "datasetindicator" in q["sql"].lower()]


def test_an_indicator_added_to_a_form_appears_in_it_at_once(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    _form_fields(client, officer)
    DataSetIndicator.objects.create(
        data_set=DataSet.objects.get(code="KTXH_THANG"), indicator=catalogue["NTM_XA"], sort_order=9
    )
    assert ("NTM_XA", None) in _form_fields(client, officer)


def test_an_indicator_taken_off_a_form_leaves_it_at_once(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    _form_fields(client, officer)
    DataSetIndicator.objects.filter(indicator=catalogue["THU_NSNN"]).delete()
    assert ("THU_NSNN", None) not in _form_fields(client, officer)


def test_a_data_set_changed_is_read_at_once(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    url = "/api/forms/KTXH_THANG/23962/202101"
    assert client.get(url, **bearer(officer)).status_code == 200
    form = DataSet.objects.get(code="KTXH_THANG")
    form.period_type = "quarter"  # a month is no longer its period: the save is refused
    form.save()
    saved = client.post(
        url,
        json.dumps({"values": [{"indicator": "THU_NSNN", "value": "1"}]}),
        content_type="application/json",
        **bearer(officer),
    )
    assert saved.status_code == 400


def test_an_unknown_data_set_code_keeps_no_entry(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    """Codes from a URL that name no data set are refused and leave nothing in the process."""
    for code in ("NO_SUCH_1", "NO_SUCH_2"):
        response = client.get(f"/api/forms/{code}/23962/202101", **bearer(officer))
        assert response.status_code == 404
    assert not [k for k in figures_cache._catalogue_memo if "NO_SUCH" in k]
