"""The demo catalogue and the Chư Sê values: pure data, no database.

The district figures are asserted by summation against the July 2021 article (seed 000) and the
2020 half-year report; see src/dieuhanh/demo/NOTES.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import pytest

from dieuhanh.demo import catalogue
from dieuhanh.demo.chuse_values import ACTUAL_ONLY, ValueRow, demo_values

DISTRICT = "633"
COMMUNES = (
    "23941",
    "23944",
    "23945",
    "23946",
    "23947",
    "23950",
    "23953",
    "23954",
    "23956",
    "23959",
    "23962",
    "23965",
    "23966",
    "23968",
    "23977",
)
SUCCESSORS = {
    "23941": ("23941", "23965", "23962", "23966", "23950"),
    "23947": ("23946", "23944", "23945", "23947"),
    "23954": ("23956", "23954", "23953"),
    "23977": ("23959", "23977", "23978"),
}
SECTORS = ("GTSX_NLTS", "GTSX_CNXD", "GTSX_TMDV")
CURRENT = "CURRENT"
CONSTANT = "CONSTANT2010"


def district_sum(
    rows: Iterable[ValueRow], indicator: str, option: str | None, period_prefixes: Iterable[str]
) -> Decimal:
    """Sum over Chư Sê district (its 15 communes and 633 itself, pre-2025 codes) of the values
    whose period starts with one of `period_prefixes`."""
    prefixes = tuple(period_prefixes)
    units = {*COMMUNES, DISTRICT}
    return sum(
        (
            r.value
            for r in rows
            if r.era == "pre2025"
            and r.unit_code in units
            and r.indicator == indicator
            and r.option == option
            and r.period.startswith(prefixes)
        ),
        Decimal(0),
    )


def h1(year: int) -> tuple[str, ...]:
    """Months 01–06 and the half-year itself (district-form entries)."""
    return (*(f"{year}{m:02d}" for m in range(1, 7)), f"{year}S1")


def months(year: int, first: int = 1, last: int = 12) -> list[str]:
    return [f"{year}{m:02d}" for m in range(first, last + 1)]


def growth_pct(now: Decimal, before: Decimal) -> Decimal:
    return ((now / before - 1) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def monthly_series() -> list[tuple[str, str | None]]:
    """(indicator, option) of every value series of the commune form."""
    series: list[tuple[str, str | None]] = []
    for code in catalogue.data_set("KTXH_THANG").indicators:
        options = catalogue.options_of(code)
        if options:
            series.extend((code, o) for o in options)
        else:
            series.append((code, None))
    return series


@pytest.fixture(scope="module")
def rows() -> list[ValueRow]:
    return demo_values()


@pytest.fixture(scope="module")
def index(rows: list[ValueRow]) -> dict[tuple[str, str | None, str, str, str], Decimal]:
    return {(r.indicator, r.option, r.unit_code, r.era, r.period): r.value for r in rows}


# --- the article ----------------------------------------------------------------------------


def test_2021_h1_production_value_is_over_5700_at_current_prices(rows: list[ValueRow]) -> None:
    total = district_sum(rows, "GTSX", CURRENT, h1(2021))
    assert Decimal(5700) <= total < Decimal(5800)


def test_2021_h1_growth_on_constant_prices_is_5_56(rows: list[ValueRow]) -> None:
    now = district_sum(rows, "GTSX", CONSTANT, h1(2021))
    before = district_sum(rows, "GTSX", CONSTANT, h1(2020))
    assert round((now / before - 1) * 100, 2) == Decimal("5.56")
    assert growth_pct(now, before) == Decimal("5.56")


def test_2020_h1_is_over_5600_and_grew_6_68(rows: list[ValueRow]) -> None:
    assert Decimal(5600) <= district_sum(rows, "GTSX", CURRENT, h1(2020)) < Decimal(5700)
    now = district_sum(rows, "GTSX", CONSTANT, h1(2020))
    before = district_sum(rows, "GTSX", CONSTANT, h1(2019))
    assert round((now / before - 1) * 100, 2) == Decimal("6.68")
    assert growth_pct(now, before) == Decimal("6.68")


@pytest.mark.parametrize(
    ("sector", "low", "high"),
    [("GTSX_NLTS", 1800, 1900), ("GTSX_CNXD", 2190, 2200), ("GTSX_TMDV", 1200, 1300)],
)
def test_2021_h1_sectors_at_current_prices(
    rows: list[ValueRow], sector: str, low: int, high: int
) -> None:
    assert Decimal(low) <= district_sum(rows, sector, CURRENT, h1(2021)) < Decimal(high)


def test_2021_h1_state_budget_revenue_is_55_16(rows: list[ValueRow]) -> None:
    assert district_sum(rows, "THU_NSNN", None, h1(2021)) == Decimal("55.16")
    district_part = district_sum(rows, "THU_NSNN", None, ["2021S1"])
    assert Decimal(0) < district_part < Decimal("55.16")


def test_eleven_communes_new_rural_and_seven_covid_cases_by_june_2021(
    rows: list[ValueRow],
) -> None:
    assert district_sum(rows, "NTM_XA", None, ["2021S1"]) == 11
    assert district_sum(rows, "COVID_F0", None, ["202106"]) == 7


def test_the_articles_sectors_do_not_add_up_to_its_total_at_current_prices(
    rows: list[ValueRow],
) -> None:
    """GTSX_CO_CAU_HH fails for 2021 H1 (NOTES.md); every other half-year adds up."""
    for year in (2019, 2020, 2021):
        for half, first in ((1, 1), (2, 7)):
            period = months(year, first, first + 5)
            total = district_sum(rows, "GTSX", CURRENT, period)
            parts = sum((district_sum(rows, s, CURRENT, period) for s in SECTORS), Decimal(0))
            constant_total = district_sum(rows, "GTSX", CONSTANT, period)
            constant_parts = sum(
                (district_sum(rows, s, CONSTANT, period) for s in SECTORS), Decimal(0)
            )
            assert constant_total == constant_parts
            if (year, half) == (2021, 1):
                assert total - parts == Decimal("476.44")
            else:
                assert total == parts


# --- every commune-month ------------------------------------------------------------------


def test_sectors_sum_to_the_total_per_commune_month(
    index: dict[tuple[str, str | None, str, str, str], Decimal],
) -> None:
    """Exactly on constant prices always; on current prices except in the article's months."""
    article_months = set(months(2021, 1, 6))
    gtsx = [k for k in index if k[0] == "GTSX"]
    assert len(gtsx) == 2 * (15 * 36 + 15 * 18 + 4 * 6)
    for _, option, unit, era, period in gtsx:
        total = index[("GTSX", option, unit, era, period)]
        parts = sum((index[(s, option, unit, era, period)] for s in SECTORS), Decimal(0))
        if option == CURRENT and period in article_months:
            assert total - parts > Decimal("0.5"), (unit, period)
        else:
            assert total == parts, (option, unit, period)


def test_constant_prices_are_below_current_prices(
    index: dict[tuple[str, str | None, str, str, str], Decimal],
) -> None:
    for (code, option, unit, era, period), value in index.items():
        if option == CONSTANT:
            assert value < index[(code, CURRENT, unit, era, period)], (code, unit, period)


def test_values_are_non_negative_decimals_of_two_places(rows: list[ValueRow]) -> None:
    for r in rows:
        assert isinstance(r.value, Decimal)
        assert r.value.as_tuple().exponent == -2
        assert r.value >= 0
        if catalogue.indicator(r.indicator).value_type == "integer":
            assert r.value == r.value.to_integral_value()


def test_every_commune_month_and_indicator_2019_2021(rows: list[ValueRow]) -> None:
    got = Counter(
        (r.indicator, r.option, r.unit_code, r.period)
        for r in rows
        if r.era == "pre2025"
        and r.unit_code in COMMUNES
        and r.period[:4] in {"2019", "2020", "2021"}
    )
    expected = {
        (code, option, unit, period)
        for code, option in monthly_series()
        for unit in COMMUNES
        for year in (2019, 2020, 2021)
        for period in months(year)
    }
    assert set(got) == expected
    assert set(got.values()) == {1}
    assert len(expected) == 15 * 36 * 17


def test_district_form_values(rows: list[ValueRow]) -> None:
    district = {(r.indicator, r.period) for r in rows if r.unit_code == DISTRICT}
    halves = [f"{y}S{h}" for y in (2019, 2020, 2021) for h in (1, 2)]
    assert district == {(c, p) for c in ("NTM_XA", "THU_NSNN") for p in halves}
    recognised = [district_sum(rows, "NTM_XA", None, [p]) for p in halves]
    assert recognised == sorted(recognised)


def test_no_duplicate_values(rows: list[ValueRow]) -> None:
    keys = Counter((r.indicator, r.option, r.unit_code, r.era, r.period) for r in rows)
    assert max(keys.values()) == 1
    assert len(rows) == 15 * 36 * 17 + 12 + 15 * 18 * 17 + 4 * 6 * 17


def test_estimates_are_may_and_june_2021_except_the_budget(rows: list[ValueRow]) -> None:
    for r in rows:
        estimated = r.period in {"202105", "202106"} and r.indicator not in ACTUAL_ONLY
        assert r.status == ("estimate" if estimated else "actual")
    assert any(r.status == "estimate" for r in rows)


def test_deterministic() -> None:
    assert demo_values() == demo_values()


def test_rows_fit_the_catalogue(rows: list[ValueRow]) -> None:
    monthly = set(monthly_series())
    for r in rows:
        options = catalogue.options_of(r.indicator)
        assert (r.option in options) if options else r.option is None
        if r.unit_code == DISTRICT:
            assert r.indicator in catalogue.data_set("KTXH_HUYEN").indicators
        else:
            assert (r.indicator, r.option) in monthly
            assert len(r.period) == 6


# --- the 2025 merger ------------------------------------------------------------------------


def test_predecessors_have_2024_to_june_2025_and_successors_from_july_2025(
    rows: list[ValueRow],
) -> None:
    series = monthly_series()
    predecessors = {code for codes in SUCCESSORS.values() for code in codes}
    before = {(r.unit_code, r.period) for r in rows if r.period[:4] in {"2024", "2025"}}
    assert before == {
        *((u, p) for u in predecessors for p in months(2024) + months(2025, 1, 6)),
        *((u, p) for u in SUCCESSORS for p in months(2025, 7, 12)),
    }
    for r in rows:
        if r.period >= "202507":
            assert r.era == "2025"
        elif r.period >= "2024":
            assert r.era == "pre2025"
    counted = Counter((r.unit_code, r.era) for r in rows if r.period[:4] == "2025")
    for successor, codes in SUCCESSORS.items():
        assert counted[(successor, "2025")] == 6 * len(series)
        for code in codes:
            assert counted[(code, "pre2025")] == 6 * len(series)
    assert ("23968", "pre2025") not in counted  # H Bông went to Xã Ia Hrú


@pytest.mark.parametrize("successor", sorted(SUCCESSORS))
def test_same_period_last_year_on_2025_boundaries(
    index: dict[tuple[str, str | None, str, str, str], Decimal], successor: str
) -> None:
    for code, option in (("GTSX", CONSTANT), ("GTSX", CURRENT), ("TMBL", None)):
        now = sum(
            (index[(code, option, successor, "2025", p)] for p in months(2025, 7, 12)),
            Decimal(0),
        )
        last_year = sum(
            (
                index[(code, option, unit, "pre2025", p)]
                for unit in SUCCESSORS[successor]
                for p in months(2024, 7, 12)
            ),
            Decimal(0),
        )
        assert Decimal(2) < growth_pct(now, last_year) < Decimal(15), (successor, code)
    poor_now = index[("HO_NGHEO", None, successor, "2025", "202512")]
    poor_before = sum(
        (index[("HO_NGHEO", None, u, "pre2025", "202412")] for u in SUCCESSORS[successor]),
        Decimal(0),
    )
    assert Decimal(0) < poor_now < poor_before


def test_xa_chu_se_2025_h2_grew_on_its_predecessors(
    index: dict[tuple[str, str | None, str, str, str], Decimal],
) -> None:
    now = sum(
        (index[("GTSX", CONSTANT, "23941", "2025", p)] for p in months(2025, 7, 12)), Decimal(0)
    )
    before = sum(
        (
            index[("GTSX", CONSTANT, u, "pre2025", p)]
            for u in ("23941", "23965", "23962", "23966", "23950")
            for p in months(2024, 7, 12)
        ),
        Decimal(0),
    )
    assert Decimal(3) < growth_pct(now, before) < Decimal(10)


# --- plausibility ------------------------------------------------------------------------


def test_the_township_is_the_largest_and_agriculture_is_seasonal(
    index: dict[tuple[str, str | None, str, str, str], Decimal],
) -> None:
    def year_total(code: str, unit: str) -> Decimal:
        return sum((index[(code, CURRENT, unit, "pre2025", p)] for p in months(2021)), Decimal(0))

    township = year_total("GTSX", "23941")
    assert all(township > 2 * year_total("GTSX", c) for c in COMMUNES if c != "23941")
    assert year_total("GTSX_NLTS", "23941") < year_total("GTSX_NLTS", "23965")
    for unit in COMMUNES:
        nlts = [index[("GTSX_NLTS", CONSTANT, unit, "pre2025", p)] for p in months(2021)]
        assert max(nlts[10:12]) > max(nlts[5:8])  # coffee harvest vs rainy-season lull


# --- the catalogue -------------------------------------------------------------------------


def test_catalogue_references_resolve() -> None:
    codes = {i.code for i in catalogue.INDICATORS}
    assert {"GTSX", *SECTORS, "THU_NSNN", "NTM_XA", "COVID_F0", "HO_NGHEO"} <= codes
    disaggregations = {d.code: d for d in catalogue.DISAGGREGATIONS}
    for i in catalogue.INDICATORS:
        assert i.parent is None or i.parent in codes
        assert i.disaggregation is None or i.disaggregation in disaggregations
    price = disaggregations["PRICE_BASIS"]
    assert [o.code for o in price.options] == [CURRENT, CONSTANT]
    assert (price.growth_option, price.share_option) == (CONSTANT, CURRENT)
    for d in catalogue.DATA_SETS:
        assert set(d.indicators) <= codes
    assert "NTM_XA" not in catalogue.data_set("KTXH_THANG").indicators
    assert catalogue.indicator("NTM_XA").entered_overrides_rollup
    assert not catalogue.indicator("THU_NSNN").entered_overrides_rollup
    assert len({i.sort_order for i in catalogue.INDICATORS}) == len(catalogue.INDICATORS)


def test_rules_parse_and_only_the_current_price_structure_rule_is_relaxed() -> None:
    rules = {r.code: r for r in catalogue.VALIDATION_RULES}
    assert set(rules) == {"GTSX_CO_CAU_HH", "GTSX_CO_CAU_SS", "GTSX_SS_LE_HH", "HO_NGHEO_NONNEG"}
    structure = rules["GTSX_CO_CAU_HH"]
    assert structure.left_terms.terms == (catalogue.RuleTerm("GTSX", CURRENT),)
    assert structure.right_terms.terms == tuple(catalogue.RuleTerm(s, CURRENT) for s in SECTORS)
    assert structure.tolerance == Decimal("0.5")
    assert structure.severity == "warning"
    assert rules["GTSX_CO_CAU_SS"].severity == "error"
    assert rules["HO_NGHEO_NONNEG"].right_terms == catalogue.RuleSide((), Decimal(0))
    assert catalogue.parse_side("GTSX_NLTS[current]").terms[0].option == CURRENT
    with pytest.raises(ValueError, match="option"):
        catalogue.parse_side("GTSX")
    with pytest.raises(ValueError, match="unknown indicator"):
        catalogue.parse_side("NOPE[CURRENT]")


def test_plans() -> None:
    plans = {(t.indicator, t.option, t.unit_code, t.period): t.value for t in catalogue.TARGETS}
    for year in ("2020", "2021"):
        for key in [
            ("GTSX", CURRENT),
            ("GTSX", CONSTANT),
            ("THU_NSNN", None),
            ("DT_GIEO_TRONG", None),
            ("SL_LUONG_THUC", None),
            ("TY_LE_HO_NGHEO", None),
        ]:
            assert (*key, DISTRICT, year) in plans
    share = Decimal("55.16") / plans[("THU_NSNN", None, DISTRICT, "2021")]
    assert Decimal("0.45") < share < Decimal("0.65")
    communes = [plans[("THU_NSNN", None, c, "2021")] for c in COMMUNES]
    assert sum(communes, Decimal(0)) < plans[("THU_NSNN", None, DISTRICT, "2021")]
    assert all(t.era == "pre2025" for t in catalogue.TARGETS)
