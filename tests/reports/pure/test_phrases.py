"""Golden sentences of the review: the article's wording, generated from figures."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.reports.pure.phrases import (
    FigureFacts,
    figure_sentence,
    headline_amount,
    parts_sentence,
    with_note,
)

GTSX = FigureFacts(
    name="Tổng giá trị sản xuất",
    unit="tỷ đồng",
    value=D("5716.35"),
    decimals=2,
    estimate=True,
    previous=D("5624.37"),
    growth_pct=D("5.56"),
    plan=D("13100"),
    plan_pct=D("43.64"),
)


def sector(name: str, value: str, growth: str, *, estimate: bool = True) -> FigureFacts:
    return FigureFacts(name, "tỷ đồng", D(value), 2, estimate, None, D(growth))


def test_the_articles_headline() -> None:
    assert figure_sentence(GTSX) == (
        "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng, tăng 5,56% so với cùng kỳ năm "
        "trước, đạt 43,64% kế hoạch năm."
    )


def test_an_actual_figure_says_dat_not_uoc_dat() -> None:
    facts = FigureFacts(
        "Thu ngân sách nhà nước trên địa bàn",
        "tỷ đồng",
        D("55.16"),
        2,
        False,
        D("49.24"),
        D("12.02"),
    )
    assert figure_sentence(facts) == (
        "Thu ngân sách nhà nước trên địa bàn đạt 55,16 tỷ đồng, tăng 12,02% so với cùng kỳ năm "
        "trước."
    )


def test_a_falling_indicator_says_giam() -> None:
    facts = FigureFacts("Vốn đầu tư", "tỷ đồng", D("600.5"), 2, False, D("650"), D("-7.62"))
    assert figure_sentence(facts) == (
        "Vốn đầu tư đạt 600,50 tỷ đồng, giảm 7,62% so với cùng kỳ năm trước."
    )


def test_no_change_says_bang_cung_ky() -> None:
    facts = FigureFacts("Số xã", "xã", D("11"), 0, False, D("11"), D("0"))
    assert figure_sentence(facts) == "Số xã đạt 11 xã, bằng cùng kỳ năm trước."


def test_a_missing_plan_leaves_the_plan_out() -> None:
    facts = FigureFacts("Chi ngân sách", "tỷ đồng", D("69.55"), 2, False, D("66.35"), D("4.82"))
    assert "kế hoạch" not in figure_sentence(facts)


def test_a_missing_previous_value_is_said() -> None:
    facts = FigureFacts("Chi ngân sách", "tỷ đồng", D("69.55"), 2, False)
    assert figure_sentence(facts) == (
        "Chi ngân sách đạt 69,55 tỷ đồng, chưa có số liệu cùng kỳ năm trước để so sánh."
    )


def test_a_previous_zero_is_stated_not_divided_by() -> None:
    facts = FigureFacts("Số ca mắc", "ca", D("7"), 0, False, D("0"), None)
    assert figure_sentence(facts) == "Số ca mắc đạt 7 ca, cùng kỳ năm trước là 0 ca."


def test_a_period_plan_is_not_called_the_years() -> None:
    facts = FigureFacts(
        "Thu ngân sách",
        "tỷ đồng",
        D("55.16"),
        2,
        False,
        plan_pct=D("101.2"),
        plan_is_year=False,
        previous=D("50"),
        growth_pct=D("10.32"),
    )
    assert figure_sentence(facts).endswith("đạt 101,20% kế hoạch.")


def test_a_rate_moves_in_percentage_points() -> None:
    facts = FigureFacts(
        "Tỷ lệ hộ nghèo", "%", D("6.91"), 2, True, D("8.43"), D("-18.02"), kind="rate"
    )
    assert figure_sentence(facts) == (
        "Tỷ lệ hộ nghèo (ước tính): 6,91%, giảm 1,52 điểm phần trăm so với cùng kỳ năm trước."
    )


def test_no_value_says_no_data() -> None:
    facts = FigureFacts("Tổng giá trị sản xuất", "tỷ đồng", None, 2, False)
    assert figure_sentence(facts) == (
        "Tổng giá trị sản xuất: chưa có số liệu được ghi nhận trong kỳ."
    )


def test_the_three_sectors_as_the_article_writes_them() -> None:
    parts = [
        sector("ngành nông, lâm, thủy sản", "1826.47", "3.07"),
        sector("ngành công nghiệp - xây dựng", "2193.58", "10.2"),
        sector("ngành thương mại - dịch vụ", "1219.86", "1.57"),
    ]
    assert parts_sentence(parts) == (
        "trong đó ngành nông, lâm, thủy sản ước đạt trên 1.800 tỷ đồng (tăng 3,07%), "
        "công nghiệp - xây dựng trên 2.190 tỷ đồng (tăng 10,20%), "
        "thương mại - dịch vụ trên 1.200 tỷ đồng (tăng 1,57%)"
    )


def test_parts_of_mixed_status_each_say_their_verb() -> None:
    parts = [sector("ngành A", "10", "1"), sector("ngành B", "20", "-2", estimate=False)]
    assert parts_sentence(parts) == (
        "trong đó ngành A ước đạt 10,00 tỷ đồng (tăng 1,00%), B đạt 20,00 tỷ đồng (giảm 2,00%)"
    )


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        ("5716.35", 2, "trên 5.700"),
        ("1826.47", 2, "trên 1.800"),
        ("2193.58", 2, "trên 2.190"),  # "trên 2.100" would drop 4%
        ("1219.86", 2, "trên 1.200"),
        ("55.16", 2, "55,16"),  # small amounts exactly
        ("1897", 0, "1.897"),  # counts exactly
        ("5700", 2, "5.700"),  # an exact multiple needs no "trên"
        ("1020.00", 2, "trên 1.000"),  # drops 1.96% < 2%
        ("1021", 2, "trên 1.020"),  # 100 would drop 2.06%
    ],
)
def test_headline_amounts(value: str, decimals: int, text: str) -> None:
    assert headline_amount(D(value), decimals) == text


@given(st.decimals(min_value=1000, max_value=10**9, places=2))
def test_trên_never_drops_two_percent_or_more(value: D) -> None:
    text = headline_amount(value, 2)
    stated = D(text.removeprefix("trên ").replace(".", "").replace(",", "."))
    assert stated <= value
    assert (value - stated) / value < D("0.02")


def test_a_count_outside_the_economy_is_stated_not_achieved() -> None:
    facts = FigureFacts("Số hộ nghèo", "hộ", D("1897"), 0, True, D("2277"), D("-16.69"))
    assert figure_sentence(facts, achievement=False) == (
        "Số hộ nghèo (ước tính): 1.897 hộ, giảm 16,69% so với cùng kỳ năm trước."
    )


# --- kind × direction (docs/design.md, the phrase table) ------------------------------------

POOR_RATE = FigureFacts(
    "Tỷ lệ hộ nghèo",
    "%",
    D("6.91"),
    2,
    False,
    D("8.43"),
    plan=D("5.80"),
    plan_pct=D("119.14"),
    kind="rate",
    direction="lower_better",
)


def test_a_lower_better_rate_above_its_target_is_not_met_by_points() -> None:
    assert figure_sentence(POOR_RATE, achievement=False) == (
        "Tỷ lệ hộ nghèo: 6,91%, giảm 1,52 điểm phần trăm so với cùng kỳ năm trước, chưa đạt kế "
        "hoạch năm, cao hơn chỉ tiêu 1,11 điểm phần trăm."
    )


def test_a_lower_better_rate_is_never_a_percent_of_its_plan() -> None:
    assert "119" not in figure_sentence(POOR_RATE, achievement=True)


def test_a_lower_better_rate_below_its_target_is_met() -> None:
    facts = replace(POOR_RATE, value=D("5.5"))
    assert figure_sentence(facts).endswith(
        "đạt kế hoạch năm, thấp hơn chỉ tiêu 0,30 điểm phần trăm."
    )


def test_a_higher_better_rate_below_its_target_is_not_met() -> None:
    facts = replace(POOR_RATE, direction="higher_better")
    assert figure_sentence(facts).endswith(
        "đạt kế hoạch năm, cao hơn chỉ tiêu 1,11 điểm phần trăm."
    )
    below = replace(POOR_RATE, value=D("5"), direction="higher_better")
    assert figure_sentence(below).endswith(
        "chưa đạt kế hoạch năm, thấp hơn chỉ tiêu 0,80 điểm phần trăm."
    )


def test_a_rate_exactly_on_target_says_so() -> None:
    facts = replace(POOR_RATE, value=D("5.80"))
    assert figure_sentence(facts).endswith("đạt kế hoạch năm, bằng chỉ tiêu.")


def test_a_level_without_direction_names_its_target_only() -> None:
    facts = replace(POOR_RATE, direction="none")
    assert figure_sentence(facts).endswith("kế hoạch năm là 5,80%.")


COMMUNES = FigureFacts(
    "Số xã đạt chuẩn nông thôn mới", "xã", D("11"), 0, False, D("9"), D("22.22"), kind="count"
)


def test_a_count_changes_by_its_difference() -> None:
    assert figure_sentence(COMMUNES, achievement=False) == (
        "Số xã đạt chuẩn nông thôn mới: 11 xã, tăng 2 xã so với cùng kỳ năm trước."
    )


def test_a_count_never_changes_in_percent() -> None:
    assert "%" not in figure_sentence(COMMUNES)


def test_an_unchanged_count_equals_last_year() -> None:
    facts = replace(COMMUNES, previous=D("11"))
    assert figure_sentence(facts).endswith(": 11 xã, bằng cùng kỳ năm trước.")


def test_a_lower_better_count_above_its_target_gives_the_gap_in_units() -> None:
    facts = FigureFacts(
        "Số ca mắc", "ca", D("7"), 0, False, plan=D("4"), kind="count", direction="lower_better"
    )
    assert "chưa đạt kế hoạch năm, cao hơn chỉ tiêu 3 ca" in figure_sentence(facts)


def test_a_lower_better_flow_is_a_share_of_its_plan_not_achieved() -> None:
    facts = FigureFacts(
        "Chi phí",
        "tỷ đồng",
        D("60"),
        2,
        False,
        plan=D("100"),
        plan_pct=D("60"),
        direction="lower_better",
    )
    sentence = figure_sentence(facts)
    assert sentence.startswith("Chi phí thực hiện 60,00 tỷ đồng")
    assert sentence.endswith("bằng 60,00% kế hoạch năm.")


def test_a_flow_without_direction_is_a_share_of_its_plan() -> None:
    facts = FigureFacts(
        "Chi ngân sách",
        "tỷ đồng",
        D("69.55"),
        2,
        False,
        plan=D("139.1"),
        plan_pct=D("50"),
        direction="none",
    )
    assert figure_sentence(facts).endswith("bằng 50,00% kế hoạch năm.")


# --- estimates and price basis --------------------------------------------------------------


def test_an_actual_figure_is_never_called_an_estimate() -> None:
    facts = FigureFacts("Số ca mắc Covid-19 (cộng dồn)", "ca", D("7"), 0, False, kind="count")
    sentence = figure_sentence(facts, achievement=False)
    assert "ước tính" not in sentence
    assert "ước đạt" not in sentence


def test_an_estimate_note_joins_the_names_own_bracket() -> None:
    facts = FigureFacts("Số ca mắc Covid-19 (cộng dồn)", "ca", D("7"), 0, True, kind="count")
    assert figure_sentence(facts, achievement=False).startswith(
        "Số ca mắc Covid-19 (cộng dồn, ước tính): 7 ca"
    )


def test_a_name_without_a_bracket_gets_one() -> None:
    assert with_note("Số hộ nghèo", "ước tính") == "Số hộ nghèo (ước tính)"


def test_growth_sits_with_its_own_price_basis() -> None:
    facts = replace(GTSX, value_basis="giá hiện hành", growth_basis="giá so sánh 2010")
    assert figure_sentence(facts) == (
        "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng (giá hiện hành), tăng 5,56% so với "
        "cùng kỳ năm trước (giá so sánh 2010), đạt 43,64% kế hoạch năm."
    )


def test_a_parts_growth_names_its_basis() -> None:
    part = replace(sector("ngành A", "10", "1"), growth_basis="giá so sánh 2010")
    assert parts_sentence([part]) == (
        "trong đó ngành A ước đạt 10,00 tỷ đồng (tăng 1,00% theo giá so sánh 2010)"
    )
