"""Any unit, any period (issue 16, item 9): a commune the demo does not fill gets two years of
monthly values from a DHIS2 CSV, both price bases; its 2023S1 review states every figure as the
review table has it and follows the phrase rules (kind × direction, each growth on its basis)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from dieuhanh.accounts.models import Role
from dieuhanh.core.scope import Scope
from dieuhanh.demo.services import demo_catalogue_load
from dieuhanh.indicators.models import DisaggregationOption, Indicator, Target
from dieuhanh.indicators.selectors.review import ReviewRow, ReviewTable, review_table
from dieuhanh.periods import parse_period
from dieuhanh.reports.pure.document import Document, Table, document_text
from dieuhanh.reports.selectors import ReviewRequest, review_document
from dieuhanh.vn.numbers import format_number
from tests.conftest import unit_on
from tests.indicators.files import HEADER, run

COMMUNE = "24079"  # Xã Ia RSai, Krông Pa district: the demo fills no value of it
DISTRICT = "637"  # Krông Pa
PROVINCE = "64"  # Gia Lai
ON = datetime.date(2023, 6, 30)

# Per month, (indicator, option) → (value in 2022, value in 2023). At current prices agriculture
# falls 10% while at constant 2010 prices it grows 5%: each row must show its own.
MONTHLY: dict[tuple[str, str], tuple[str, str]] = {
    ("GTSX_NLTS", "CURRENT"): ("10.00", "9.00"),
    ("GTSX_NLTS", "CONSTANT2010"): ("7.00", "7.35"),
    ("GTSX_CNXD", "CURRENT"): ("8.00", "9.00"),
    ("GTSX_CNXD", "CONSTANT2010"): ("6.00", "6.30"),
    ("GTSX_TMDV", "CURRENT"): ("5.00", "5.50"),
    ("GTSX_TMDV", "CONSTANT2010"): ("4.00", "4.20"),
    ("GTSX", "CURRENT"): ("23.00", "23.50"),
    ("GTSX", "CONSTANT2010"): ("17.00", "17.85"),
    ("THU_NSNN", ""): ("0.50", "0.60"),
    ("HO_NGHEO", ""): ("120", "100"),
    ("TY_LE_HO_NGHEO", ""): ("9.00", "7.40"),  # lower better; 2023 target 6.50: not met
    ("COVID_F0", ""): ("3", "5"),  # a cumulative count: "tăng 2 ca"
}


def _csv() -> bytes:
    lines = [HEADER.strip()]
    for year, which in ((2022, 0), (2023, 1)):
        for month in range(1, 13):
            for (code, option), values in MONTHLY.items():
                lines.append(f"{code},{year}{month:02d},{COMMUNE},{option},,{values[which]}")
    return ("\n".join(lines) + "\n").encode()


def _target(code: str, option: str | None, value: str) -> None:
    Target.objects.create(
        indicator=Indicator.objects.get(code=code),
        option=DisaggregationOption.objects.get(code=option) if option else None,
        unit=unit_on(COMMUNE, ON),
        period="2023",
        value=Decimal(value),
    )


@pytest.fixture
def ia_rsai(db: None) -> None:
    demo_catalogue_load()
    result = run(_csv(), "ia_rsai.csv")
    assert result.created == 24 * len(MONTHLY)
    _target("GTSX", "CURRENT", "300")
    _target("THU_NSNN", None, "7.00")
    _target("TY_LE_HO_NGHEO", None, "6.50")


def _table(unit: str = COMMUNE, period: str = "2023S1") -> ReviewTable:
    p = parse_period(period)
    return review_table(unit=unit_on(unit, p.end), period=p, scope=Scope.everything())


def _document() -> Document:
    request = ReviewRequest(unit_code=COMMUNE, period_code="2023S1")
    return review_document(
        scope=Scope.everything(), role=Role.ADMIN, request=request, today=datetime.date(2023, 7, 10)
    )


def _key_table(document: Document) -> Table:
    return next(b for b in document.blocks if isinstance(b, Table) and b.title.startswith("Một"))


def _text(document: Document) -> str:
    return "\n".join(document_text(document))


def _row(table: ReviewTable, code: str, option: str | None = None) -> ReviewRow:
    return next(
        r
        for r in table.rows
        if r.indicator.code == code and (r.option.code if r.option else None) == option
    )


def test_every_figure_of_the_key_table_equals_the_review_table(ia_rsai: None) -> None:
    table = _table()
    cells = {row[0]: row for row in _key_table(_document()).rows}
    for r in table.rows:
        if r.value is None or r.previous is None:
            continue
        basis = r.option.name_vi if r.option else ""
        name = f"{r.indicator.name_vi} ({basis[:1].lower()}{basis[1:]})" if basis else None
        row = cells[name or r.indicator.name_vi]
        decimals = r.indicator.decimals
        assert row[3] == format_number(r.value, decimals)
        assert row[5] == format_number(r.previous, decimals)
        assert row[2] == ("" if r.plan is None else format_number(r.plan, decimals))


def test_a_current_price_row_shows_its_own_change(ia_rsai: None) -> None:
    row = next(r for r in _key_table(_document()).rows if r[0].endswith("thủy sản (giá hiện hành)"))
    assert row[6] == "90,00"  # 54 against 60 at current prices, not the constant-price 105,00


def test_a_constant_price_row_shows_the_constant_price_growth(ia_rsai: None) -> None:
    row = next(r for r in _key_table(_document()).rows if r[0].endswith("(giá so sánh 2010)"))
    assert row[6] == "105,00"


def test_the_sentence_states_growth_with_its_basis(ia_rsai: None) -> None:
    assert (
        "Tổng giá trị sản xuất đạt 141,00 tỷ đồng (giá hiện hành), tăng 5,00% so với cùng kỳ năm "
        "trước (giá so sánh 2010), đạt 47,00% kế hoạch năm" in _text(_document())
    )


def test_a_lower_better_rate_above_its_target_is_not_met(ia_rsai: None) -> None:
    assert (
        "Tỷ lệ hộ nghèo: 7,40%, giảm 1,60 điểm phần trăm so với cùng kỳ năm trước, chưa đạt kế "
        "hoạch năm, cao hơn chỉ tiêu 0,90 điểm phần trăm." in _text(_document())
    )


def test_the_rate_row_of_the_table_is_judged_not_a_percent_of_plan(ia_rsai: None) -> None:
    row = next(r for r in _key_table(_document()).rows if r[0] == "Tỷ lệ hộ nghèo")
    assert (row[4], row[6]) == ("chưa đạt", "giảm 1,60 điểm %")


def test_a_count_changes_by_its_difference(ia_rsai: None) -> None:
    assert "5 ca, tăng 2 ca so với cùng kỳ năm trước" in _text(_document())


def test_actual_figures_are_never_called_estimates(ia_rsai: None) -> None:
    text = _text(_document())
    assert "ước tính" not in text
    assert "ước đạt" not in text


@pytest.mark.parametrize("unit", [COMMUNE, DISTRICT, PROVINCE])
@pytest.mark.parametrize("period", ["2023Q1", "2023S1", "2023N9", "2023"])
def test_each_row_grows_on_its_own_basis_at_any_unit_and_period(
    ia_rsai: None, unit: str, period: str
) -> None:
    table = _table(unit, period)
    current = _row(table, "GTSX_NLTS", "CURRENT")
    constant = _row(table, "GTSX_NLTS", "CONSTANT2010")
    assert (current.growth_pct, current.growth_basis) == (Decimal(-10), "CURRENT")
    assert (constant.growth_pct, constant.growth_basis) == (Decimal(5), "CONSTANT2010")


@pytest.mark.parametrize("unit", [COMMUNE, DISTRICT, PROVINCE])
@pytest.mark.parametrize("period", ["2023Q1", "2023S1", "2023N9", "2023"])
def test_a_rate_changes_in_points_at_any_unit_and_period(
    ia_rsai: None, unit: str, period: str
) -> None:
    rate = _row(_table(unit, period), "TY_LE_HO_NGHEO")
    assert (rate.change, rate.growth_pct, rate.plan_pct) == (Decimal("-1.6"), None, None)


@pytest.mark.parametrize("period", ["2023Q1", "2023S1", "2023N9", "2023"])
def test_the_rate_misses_its_year_target_in_any_period(ia_rsai: None, period: str) -> None:
    rate = _row(_table(COMMUNE, period), "TY_LE_HO_NGHEO")
    assert (rate.plan_met, rate.plan_gap) == (False, Decimal("0.9"))


def test_a_nine_months_report_looks_ahead_to_the_last_three_months(ia_rsai: None) -> None:
    request = ReviewRequest(unit_code=COMMUNE, period_code="2023N9")
    document = review_document(
        scope=Scope.everything(),
        role=Role.ADMIN,
        request=request,
        today=datetime.date(2023, 10, 10),
    )
    assert document.head.subtitle.endswith(
        "9 tháng đầu năm 2023 và phương hướng, nhiệm vụ 3 tháng cuối năm 2023"
    )
