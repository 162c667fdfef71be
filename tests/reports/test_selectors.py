"""The review composed from the database (reports/selectors.py): sections, restrictions, notes,
scope."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.accounts.models import Role
from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope
from dieuhanh.reports.models import SectionNote
from dieuhanh.reports.pure.document import (
    Chart,
    Document,
    Heading,
    Paragraph,
    Table,
    document_text,
)
from dieuhanh.reports.selectors import ReviewRequest, review_document, review_sentences
from tests.conftest import unit_on

TODAY = datetime.date(2021, 7, 10)


def compose(role: str = Role.ADMIN, scope: Scope | None = None, **kwargs: object) -> Document:
    request = ReviewRequest(**{"unit_code": "633", "period_code": "2021S1", **kwargs})  # type: ignore[arg-type]  # field overrides
    return review_document(
        scope=scope or Scope.everything(), role=role, request=request, today=TODAY
    )


def section_text(document: Document, heading_start: str) -> list[str]:
    """The paragraphs under the heading that starts with `heading_start`."""
    out: list[str] = []
    inside = False
    for block in document.blocks:
        if isinstance(block, Heading):
            inside = block.text.startswith(heading_start)
        elif inside and isinstance(block, Paragraph):
            out.append("".join(r.text for r in block.runs))
    return out


def test_the_economy_section_reads_like_the_article(chuse_values: None) -> None:
    economy = section_text(compose(), "1.")
    assert economy[0].startswith(
        "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng (giá hiện hành), tăng 5,56% so với cùng "
        "kỳ năm trước (giá so sánh 2010)"
    )
    assert "ngành nông, lâm, thủy sản ước đạt trên 1.800 tỷ đồng" in economy[0]
    assert "công nghiệp - xây dựng trên 2.190 tỷ đồng" in economy[0]
    assert "thương mại - dịch vụ trên 1.200 tỷ đồng" in economy[0]
    assert "điểm phần trăm" in economy[1]  # the structure, its own paragraph


def test_the_budget_section_states_the_revenue(chuse_values: None) -> None:
    budget = section_text(compose(), "2.")
    assert budget[0].startswith("Thu ngân sách nhà nước trên địa bàn đạt 55,16 tỷ đồng, tăng")


def test_the_key_indicator_table_and_the_structure_chart(chuse_values: None) -> None:
    document = compose()
    tables = [b for b in document.blocks if isinstance(b, Table)]
    charts = [b for b in document.blocks if isinstance(b, Chart)]
    assert tables[0].rows[0][:4] == (
        "Tổng giá trị sản xuất (giá hiện hành)",
        "tỷ đồng",
        "13.100,00",
        "5.716,35*",
    )
    assert [bar.label for bar in charts[0].bars] == [
        "ngành nông, lâm, thủy sản",
        "ngành công nghiệp - xây dựng",
        "ngành thương mại - dịch vụ",
    ]


def test_a_section_without_data_says_so(db: None) -> None:
    assert "Chưa có số liệu, thông tin được ghi nhận cho nội dung này." in document_text(compose())


def test_a_restricted_section_is_withheld_from_a_role_that_may_not_read_it(db: None) -> None:
    security = section_text(compose(role=Role.DATA_OFFICER), "6.")
    assert security == [
        "Nội dung thuộc phạm vi hạn chế, không hiển thị với vai trò của người lập báo cáo."
    ]


def test_notes_follow_the_figures(chuse_values: None) -> None:
    SectionNote.objects.create(
        unit=unit_on("633"),
        period="2021S1",
        section="economy",
        text="Cơ cấu kinh tế chuyển dịch theo đúng định hướng.\n\nĐoạn thứ hai.",
    )
    economy = section_text(compose(), "1.")
    assert economy[-2:] == ["Cơ cấu kinh tế chuyển dịch theo đúng định hướng.", "Đoạn thứ hai."]


def headings(document: Document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, Heading)]


def test_without_a_note_the_limitations_heading_is_left_out(db: None) -> None:
    document = compose()
    assert not any("HẠN CHẾ" in h for h in headings(document))
    assert not any("Chưa có nội dung" in line for line in document_text(document))


def test_limitations_come_only_from_notes(db: None) -> None:
    SectionNote.objects.create(
        unit=unit_on("633"), period="2021S1", section="limitations", text="Một số hạn chế."
    )
    document = compose()
    assert "II. HẠN CHẾ, KHÓ KHĂN VÀ NGUYÊN NHÂN" in headings(document)
    assert section_text(document, "II.") == ["Một số hạn chế."]


def test_a_unit_outside_the_scope_is_refused(db: None) -> None:
    scope = Scope(view_paths=(unit_on("23962").path,))
    with pytest.raises(AccessDenied):
        compose(role=Role.LEADER, scope=scope)


def test_a_role_without_reports_is_refused(db: None) -> None:
    with pytest.raises(AccessDenied):
        compose(role=Role.SECURITY_OFFICER)


def test_the_administrative_layout(db: None) -> None:
    head = compose(layout="admin").head
    assert head.issuer_lines == ("ỦY BAN NHÂN DÂN", "HUYỆN CHƯ SÊ")


def test_the_commune_of_2025_signs_as_its_party_committee(db: None) -> None:
    head = compose(unit_code="23941", period_code="2025S2").head
    assert head.issuer_lines[1] == "ĐẢNG ỦY XÃ CHƯ SÊ"


def test_review_sentences_lists_paragraph_text(chuse_values: None) -> None:
    assert any(s.startswith("Tổng giá trị sản xuất") for s in review_sentences(compose()))


def test_a_district_in_its_last_half_year_has_a_review(db: None) -> None:
    """Chư Sê district ended on 30 June 2025: its 2025S1 review has no second half to plan."""
    head = compose(period_code="2025S1").head
    assert head.issuer_lines[1] == "HUYỆN ỦY CHƯ SÊ"


def test_the_economy_section_says_how_many_communes_reported(chuse_values: None) -> None:
    economy = section_text(compose(), "1.")
    assert "Số liệu tổng hợp: 15/15 xã đã báo cáo." in economy


def test_a_communes_report_has_no_count_of_communes(chuse_values: None) -> None:
    economy = section_text(compose(unit_code="23962"), "1.")
    assert not any(p.startswith("Số liệu tổng hợp") for p in economy)


def test_the_structure_chart_shows_shares_that_add_up_to_100(chuse_values: None) -> None:
    chart = next(b for b in compose().blocks if isinstance(b, Chart))
    assert round(sum(bar.value for bar in chart.bars), 2) == 100
    assert round(sum(bar.previous or 0 for bar in chart.bars), 2) == 100


def test_without_a_target_structure_no_direction_is_claimed(chuse_values: None) -> None:
    economy = " ".join(section_text(compose(), "1."))
    assert "Cơ cấu kinh tế: tỷ trọng (giá hiện hành, trên tổng giá trị sản xuất của các ngành)" in (
        economy
    )
    assert "định hướng" not in economy


def test_the_overall_judgement_opens_part_one(chuse_values: None) -> None:
    document = compose()
    first = next(b for b in document.blocks if isinstance(b, Paragraph))
    assert "".join(r.text for r in first.runs).startswith(
        "6 tháng đầu năm 2021, các nhiệm vụ chính trị của huyện đã cơ bản đảm bảo kế hoạch"
    )
    admin = next(b for b in compose(layout="admin").blocks if isinstance(b, Paragraph))
    assert "các nhiệm vụ phát triển kinh tế - xã hội của huyện" in "".join(
        r.text for r in admin.runs
    )
