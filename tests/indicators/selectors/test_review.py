"""The review table (indicators/selectors/review.py): sums over units and months, growth, share,
shift, plan completion, estimates, averages and last values, predecessors after the 2025
reform, scope, bounded queries; the key trends."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from pytest_django import DjangoAssertNumQueries

from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import Indicator
from dieuhanh.indicators.selectors.review import ReviewRow, key_trends, newest_day, review_table
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.periods import PeriodKind, parse_period
from tests.conftest import unit_on
from tests.indicators.conftest import MakeTarget, Put
from tests.indicators.factories import ALL, S1


def row(
    code: str, option: str | None = None, unit: str = "633", period: str = "2021S1"
) -> ReviewRow:
    p = parse_period(period)
    table = review_table(
        unit=unit_resolve(code=unit, on=p, scope=ALL, policy=UnitPolicy.IN_PERIOD),
        period=p,
        scope=ALL,
    )
    return next(
        r
        for r in table.rows
        if r.indicator.code == code and (r.option.code if r.option else None) == option
    )


def test_district_value_is_the_sum_of_its_communes_months(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "1.5")
    put("THU_NSNN", "23962", "202106", "2")
    put("THU_NSNN", "23965", "202103", "3.25")
    put("THU_NSNN", "23965", "202107", "100")  # second half: not counted
    assert row("THU_NSNN").value == pytest.approx(6.75)


def test_a_value_entered_at_the_district_adds_to_the_communes(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "10")
    put("THU_NSNN", "633", "2021S1", "5")
    assert row("THU_NSNN").value == 15


def _both_bases(put: Put) -> None:
    put("GTSX", "23962", "202101", "105", "CONSTANT2010")
    put("GTSX", "23962", "202001", "100", "CONSTANT2010")
    put("GTSX", "23962", "202101", "90", "CURRENT")
    put("GTSX", "23962", "202001", "100", "CURRENT")


def test_the_constant_price_row_grows_at_constant_prices(put: Put) -> None:
    _both_bases(put)
    constant = row("GTSX", "CONSTANT2010")
    assert (constant.growth_pct, constant.growth_basis) == (Decimal(5), "CONSTANT2010")


def test_a_current_price_row_never_carries_the_constant_price_growth(put: Put) -> None:
    _both_bases(put)
    current = row("GTSX", "CURRENT")
    assert (current.growth_pct, current.growth_basis) == (Decimal(-10), "CURRENT")


def test_a_rate_changes_in_points_not_percent(put: Put) -> None:
    put("TY_LE_HO_NGHEO", "23962", "202106", "6.91")
    put("TY_LE_HO_NGHEO", "23962", "202006", "8.43")
    rate = row("TY_LE_HO_NGHEO", unit="23962")
    assert (rate.change, rate.growth_pct) == (Decimal("-1.52"), None)


def test_a_count_changes_by_its_difference(put: Put) -> None:
    put("NTM_XA", "633", "2021S1", "11")
    put("NTM_XA", "633", "2020S1", "9")
    count = row("NTM_XA")
    assert (count.change, count.growth_pct) == (Decimal(2), None)


def test_a_lower_better_rate_above_its_target_is_not_met(put: Put, target: MakeTarget) -> None:
    put("TY_LE_HO_NGHEO", "23962", "202106", "6.91")
    target("TY_LE_HO_NGHEO", "633", "2021", "5.80")
    rate = row("TY_LE_HO_NGHEO")
    assert (rate.plan_met, rate.plan_gap, rate.plan_pct) == (False, Decimal("1.11"), None)


def test_a_lower_better_rate_at_or_below_its_target_is_met(put: Put, target: MakeTarget) -> None:
    put("TY_LE_HO_NGHEO", "23962", "202106", "5.80")
    target("TY_LE_HO_NGHEO", "633", "2021", "5.80")
    assert row("TY_LE_HO_NGHEO").plan_met is True


def test_a_flow_half_way_through_the_year_is_not_judged(put: Put, target: MakeTarget) -> None:
    put("THU_NSNN", "23962", "202101", "30")
    target("THU_NSNN", "633", "2021", "120")
    assert row("THU_NSNN").plan_met is None


def test_a_flow_against_its_own_periods_plan_is_judged(put: Put, target: MakeTarget) -> None:
    put("THU_NSNN", "23962", "202101", "30")
    target("THU_NSNN", "633", "2021S1", "60")
    assert row("THU_NSNN").plan_met is False


def test_a_last_value_figure_is_not_an_estimate_because_an_earlier_month_was(put: Put) -> None:
    put("TY_LE_HO_NGHEO", "23962", "202105", "9", status="estimate")
    put("TY_LE_HO_NGHEO", "23962", "202106", "8")
    assert row("TY_LE_HO_NGHEO", unit="23962").status == "actual"


def test_a_last_value_figure_is_an_estimate_when_its_last_month_is(put: Put) -> None:
    put("TY_LE_HO_NGHEO", "23962", "202105", "9")
    put("TY_LE_HO_NGHEO", "23962", "202106", "8", status="estimate")
    assert row("TY_LE_HO_NGHEO", unit="23962").status == "estimate"


def test_previous_is_the_same_period_last_year(put: Put) -> None:
    put("GTSX", "23962", "202002", "40", "CURRENT")
    put("GTSX", "23962", "202008", "99", "CURRENT")
    assert row("GTSX", "CURRENT").previous == 40


def _sectors(put: Put, month: str, values: tuple[str, str, str]) -> None:
    for code, value in zip(("GTSX_NLTS", "GTSX_CNXD", "GTSX_TMDV"), values, strict=True):
        put(code, "23962", month, value, "CURRENT")


def test_a_sectors_share_is_of_the_sum_of_the_sectors(put: Put) -> None:
    put("GTSX", "23962", "202101", "250", "CURRENT")  # the total also holds product taxes
    _sectors(put, "202101", ("50", "60", "90"))
    assert row("GTSX_NLTS", "CURRENT").share_pct == 25


def test_the_constant_price_row_carries_no_current_price_share(put: Put) -> None:
    _sectors(put, "202101", ("50", "60", "90"))
    put("GTSX_NLTS", "23962", "202101", "10", "CONSTANT2010")
    assert row("GTSX_NLTS", "CONSTANT2010").share_pct is None


def test_no_share_while_a_sector_has_no_value(put: Put) -> None:
    put("GTSX_NLTS", "23962", "202101", "50", "CURRENT")
    put("GTSX_CNXD", "23962", "202101", "60", "CURRENT")
    assert row("GTSX_NLTS", "CURRENT").share_pct is None


def test_shift_of_the_share_in_percentage_points(put: Put) -> None:
    _sectors(put, "202101", ("50", "60", "90"))
    _sectors(put, "202001", ("30", "30", "40"))
    assert row("GTSX_NLTS", "CURRENT").share_shift_pp == -5


def test_plan_completion_against_the_year_target(put: Put, target: MakeTarget) -> None:
    put("THU_NSNN", "23962", "202101", "55.16")
    target("THU_NSNN", "633", "2021", "110.32")
    assert row("THU_NSNN").plan_pct == 50


def test_a_half_year_target_takes_precedence_over_the_year(put: Put, target: MakeTarget) -> None:
    put("THU_NSNN", "23962", "202101", "30")
    target("THU_NSNN", "633", "2021", "120")
    target("THU_NSNN", "633", "2021S1", "60")
    assert row("THU_NSNN").plan_pct == 50


def test_one_estimate_makes_the_total_an_estimate(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    put("THU_NSNN", "23965", "202106", "1", status="estimate")
    assert row("THU_NSNN").status == "estimate"


def test_all_actual_values_make_an_actual_total(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    assert row("THU_NSNN").status == "actual"


def test_a_district_entry_replaces_the_rollup_where_the_indicator_says_so(put: Put) -> None:
    put("NTM_XA", "23962", "2021S1", "1")
    put("NTM_XA", "633", "2021S1", "11")
    assert row("NTM_XA").value == 11


def test_an_average_indicator_averages_the_units(put: Put) -> None:
    put("TY_LE_HO_NGHEO", "23962", "202106", "10")
    put("TY_LE_HO_NGHEO", "23965", "202106", "20")
    assert row("TY_LE_HO_NGHEO").value == 15


def test_a_last_value_indicator_takes_the_latest_month(put: Put) -> None:
    put("TY_LE_HO_NGHEO", "23962", "202102", "12")
    put("TY_LE_HO_NGHEO", "23962", "202105", "9")
    assert row("TY_LE_HO_NGHEO", unit="23962").value == 9


def test_after_the_merger_last_year_comes_from_the_predecessors(put: Put) -> None:
    put("THU_NSNN", "23962", "202408", "4")  # Ia Blang
    put("THU_NSNN", "23965", "202409", "6")  # Dun
    put("THU_NSNN", "23944", "202409", "1000")  # Ia Tiêm went to Bờ Ngoong: not counted
    assert row("THU_NSNN", unit="23941", period="2025S2").previous == 10


def test_the_table_says_when_last_year_comes_from_predecessors(put: Put) -> None:
    p = parse_period("2025S2")
    table = review_table(
        unit=unit_resolve(code="23941", on=p, scope=ALL, policy=UnitPolicy.IN_PERIOD),
        period=p,
        scope=ALL,
    )
    assert table.previous_from_predecessors and len(table.previous_sources) == 5


def test_before_the_merger_the_code_means_the_township(catalogue: dict[str, Indicator]) -> None:
    assert (
        unit_resolve(
            code="23941", on=parse_period("2025S1"), scope=ALL, policy=UnitPolicy.IN_PERIOD
        ).name
        == "Thị trấn Chư Sê"
    )


def test_review_outside_the_scope_is_denied(catalogue: dict[str, Indicator]) -> None:
    scope = Scope(view_paths=(unit_on("23962").path,))
    with pytest.raises(AccessDenied):
        review_table(unit=unit_on("23965"), period=S1, scope=scope)


def test_review_table_is_a_bounded_number_of_queries(
    put: Put, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for code in ("23962", "23965", "23966"):
        for month in ("202101", "202102", "202103"):
            put("THU_NSNN", code, month, "1")
    with django_assert_max_num_queries(12):
        review_table(unit=unit_on("633"), period=S1, scope=ALL)


def test_key_trends_read_the_figures_of_each_period(
    put: Put, catalogue: dict[str, Indicator]
) -> None:
    catalogue["GTSX_NLTS"].is_key = True
    catalogue["GTSX_NLTS"].save()
    put("GTSX_NLTS", "23962", "202101", "10", option="CURRENT")
    put("GTSX_NLTS", "23962", "202107", "20", option="CURRENT")
    put("GTSX_NLTS", "23965", "202108", "5", option="CURRENT")
    trends = key_trends(
        unit=unit_on("633"), period=parse_period("2021S2"), count=3, scope=Scope.everything()
    )
    (trend,) = trends
    assert trend.values == [None, Decimal(10), Decimal(25)]
    assert [p.kind for p in trend.periods] == [PeriodKind.HALF_YEAR] * 3


def test_the_newest_day_under_a_district_comes_from_its_communes(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    put("THU_NSNN", "23965", "202103", "1")
    assert newest_day(scope=ALL, unit=unit_on("633")) == datetime.date(2021, 3, 31)


def test_the_newest_day_counts_the_units_own_values(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    put("THU_NSNN", "633", "2021S1", "1")
    assert newest_day(scope=ALL, unit=unit_on("633")) == datetime.date(2021, 6, 30)


def test_a_unit_without_values_has_no_newest_day(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    assert newest_day(scope=ALL, unit=unit_on("23965")) is None
