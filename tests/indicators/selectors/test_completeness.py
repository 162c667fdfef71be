"""Completeness and timeliness (indicators/selectors/completeness.py): how many communes reported
a total, the reporting-rate summary (expected, reported, on time), scope refused."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import DataSet, DataSetReport, FormState
from dieuhanh.indicators.selectors.completeness import completeness, reporting_rates
from dieuhanh.periods import parse_period
from tests.conftest import unit_on
from tests.indicators.conftest import Put

EVERYTHING = Scope.everything()


def test_a_district_total_counts_the_communes_that_reported(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    put("GTSX", "23966", "202103", "2", "CURRENT")
    put("THU_NSNN", "23962", "202107", "1")  # another half-year
    c = completeness(unit=unit_on("633"), period=parse_period("2021S1"), scope=EVERYTHING)
    assert (c.reported, c.expected) == (2, 15)


def test_the_sentence_the_report_prints(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    c = completeness(unit=unit_on("633"), period=parse_period("2021S1"), scope=EVERYTHING)
    assert c.sentence_vi() == "1/15 xã đã báo cáo"


def test_a_commune_counts_itself(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    c = completeness(unit=unit_on("23962"), period=parse_period("2021S1"), scope=EVERYTHING)
    assert (c.reported, c.expected, c.complete) == (1, 1, True)


def test_completeness_refuses_a_unit_outside_the_scope(db: None) -> None:
    scope = Scope(view_paths=(unit_on("23962").path,), capture_paths=())
    with pytest.raises(AccessDenied):
        completeness(unit=unit_on("633"), period=parse_period("2021S1"), scope=scope)


def test_rates_have_a_column_per_month_and_a_row_per_commune(put: Put) -> None:
    rates = reporting_rates(
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on("633"),
        period=parse_period("2021S1"),
        scope=EVERYTHING,
    )
    assert rates.periods[0].code == "202101" and len(rates.periods) == 6
    assert len(rates.rows) == 15


def test_values_count_as_reported_but_not_on_time(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    rates = reporting_rates(
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on("633"),
        period=parse_period("202101"),
        scope=EVERYTHING,
    )
    assert rates.total is not None
    assert (rates.total.expected, rates.total.reported, rates.total.on_time) == (15, 1, 0)


def test_a_form_submitted_by_the_due_day_is_on_time(put: Put) -> None:
    # 202101: Decree 09 cut-off 14/01/2021, deadline 5 days → due 19/01/2021.
    DataSetReport.objects.create(
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on("23962"),
        period="202101",
        state=FormState.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2021, 1, 18, 9, 0)),
    )
    rates = reporting_rates(
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on("633"),
        period=parse_period("202101"),
        scope=EVERYTHING,
    )
    assert rates.total is not None
    assert (rates.total.reported, rates.total.on_time) == (1, 1)
    assert rates.due == [datetime.date(2021, 1, 19)]


def test_a_form_submitted_after_the_due_day_is_late(put: Put) -> None:
    DataSetReport.objects.create(
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on("23962"),
        period="202101",
        state=FormState.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2021, 1, 25, 9, 0)),
    )
    rates = reporting_rates(
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on("633"),
        period=parse_period("202101"),
        scope=EVERYTHING,
    )
    assert rates.total is not None
    assert (rates.total.reported, rates.total.on_time) == (1, 0)


def test_the_rate_is_reported_over_expected(put: Put) -> None:
    for code in ("23962", "23944", "23945"):
        put("THU_NSNN", code, "202101", "1")
    rates = reporting_rates(
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on("633"),
        period=parse_period("202101"),
        scope=EVERYTHING,
    )
    assert rates.total is not None and str(rates.total.rate_pct) == "20.0"


def test_rates_refuse_a_unit_outside_the_scope(db: None) -> None:
    scope = Scope(view_paths=(unit_on("23962").path,), capture_paths=())
    with pytest.raises(AccessDenied):
        reporting_rates(
            data_set=DataSet(code="X", period_type="month", unit_level=3),
            unit=unit_on("633"),
            period=parse_period("2021S1"),
            scope=scope,
        )
