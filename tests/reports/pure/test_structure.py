"""The economic structure: shares that add up to 100%, shifts in points, the judgement against
the target structure."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.reports.pure.structure import (
    PartFigures,
    ShareFacts,
    StructureTarget,
    structure_compute,
    structure_sentence,
)

AGRI, INDUSTRY, SERVICES = (
    "ngành nông, lâm, thủy sản",
    "ngành công nghiệp - xây dựng",
    "ngành thương mại - dịch vụ",
)
# The demo's Chư Sê 2021S1 current-price values and those of 2020S1.
PARTS = [
    PartFigures(AGRI, D("1826.47"), D("2013.52")),
    PartFigures(INDUSTRY, D("2193.58"), D("2317.24")),
    PartFigures(SERVICES, D("1219.86"), D("1293.61")),
]
TARGET = StructureTarget(
    year=2025,
    source="Nghị quyết Đại hội",
    shares={AGRI: D("29.00"), INDUSTRY: D("44.00"), SERVICES: D("27.00")},
)


def test_shares_of_the_sectors_add_up_to_100() -> None:
    structure = structure_compute(PARTS)
    assert structure is not None
    assert sum(s.share_pct or 0 for s in structure.shares) == D(100)
    assert [s.share_pct for s in structure.shares] == [D("34.86"), D("41.86"), D("23.28")]


def test_shifts_are_in_points_against_the_same_period() -> None:
    structure = structure_compute(PARTS)
    assert structure is not None
    assert [s.shift_pp for s in structure.shares] == [D("-0.94"), D("0.66"), D("0.28")]


def test_a_named_remainder_takes_the_total_as_denominator() -> None:
    structure = structure_compute(
        PARTS,
        total=D("5716.35"),
        total_previous=D("5624.37"),
        remainder_label="thuế sản phẩm",
    )
    assert structure is not None
    assert structure.shares[-1].label == "thuế sản phẩm"
    assert structure.shares[-1].share_pct == D("8.33")
    assert sum(s.share_pct or 0 for s in structure.shares) == D(100)
    assert structure.denominator == "tổng giá trị sản xuất"


@given(st.lists(st.decimals(min_value=1, max_value=10**6, places=2), min_size=1, max_size=6))
def test_shares_always_add_up_to_100(values: list[D]) -> None:
    structure = structure_compute([PartFigures(f"p{i}", v, None) for i, v in enumerate(values)])
    assert structure is not None
    assert sum(s.share_pct or 0 for s in structure.shares) == D(100)


def test_every_sector_moving_the_plans_way_is_on_course() -> None:
    structure = structure_compute(PARTS, target=TARGET)
    assert structure is not None and structure.on_course
    assert structure_sentence(structure).startswith(
        "Cơ cấu kinh tế chuyển dịch theo đúng định hướng (mục tiêu năm 2025 theo Nghị quyết "
        "Đại hội: ngành nông, lâm, thủy sản 29,00%, công nghiệp - xây dựng 44,00%, thương mại - "
        "dịch vụ 27,00%); tỷ trọng (giá hiện hành, trên tổng giá trị sản xuất của các ngành): "
        "ngành nông, lâm, thủy sản chiếm 34,86% (giảm 0,94 điểm phần trăm so với cùng kỳ)"
    )


def test_a_sector_moving_against_the_plan_is_named() -> None:
    target = StructureTarget(2025, "", {AGRI: D("40"), INDUSTRY: D("44"), SERVICES: D("16")})
    structure = structure_compute(PARTS, target=target)
    assert structure is not None and not structure.on_course
    assert structure.against == (AGRI, SERVICES)
    sentence = structure_sentence(structure)
    assert sentence.startswith(
        "Cơ cấu kinh tế chưa chuyển dịch theo đúng định hướng: ngành nông, lâm, thủy sản, "
        "ngành thương mại - dịch vụ chuyển dịch ngược với mục tiêu năm 2025"
    )
    assert "đúng định hướng (" not in sentence


def test_all_shares_falling_is_never_on_course() -> None:
    """The issue's case: three shares that all "giảm" cannot be "đúng định hướng"."""
    falling = [
        PartFigures(AGRI, D("30"), D("30")),
        PartFigures(INDUSTRY, D("30"), D("30")),
        PartFigures(SERVICES, D("30"), D("30")),
    ]
    structure = structure_compute(falling, target=TARGET)
    assert structure is not None and not structure.on_course


def test_without_a_target_no_judgement_is_said() -> None:
    structure = structure_compute(PARTS)
    assert structure is not None and not structure.judged
    sentence = structure_sentence(structure)
    assert "định hướng" not in sentence
    assert sentence.startswith("Cơ cấu kinh tế: tỷ trọng (giá hiện hành")


def test_a_part_without_a_value_gives_no_structure() -> None:
    assert structure_compute([PartFigures(AGRI, None, D("1")), PARTS[1]]) is None


def test_a_bare_list_of_shares_is_stated_without_judgement() -> None:
    shares = [
        ShareFacts(AGRI, D("31.95"), D("-3.85")),
        ShareFacts(INDUSTRY, D("38.37"), D("2.83")),
        ShareFacts(SERVICES, D("21.34"), None),
    ]
    assert structure_sentence(shares) == (
        "Cơ cấu kinh tế (giá hiện hành): ngành nông, lâm, thủy sản chiếm 31,95% (giảm 3,85 điểm "
        "phần trăm so với cùng kỳ), công nghiệp - xây dựng 38,37% (tăng 2,83 điểm phần trăm), "
        "thương mại - dịch vụ 21,34%."
    )
