"""The demo review says every fact and judgement of the source article (Báo Gia Lai, July 2021,
shared/seed): each sentence of the article is listed with what the Party layout's Markdown must
say for it (the report's own wording: "phòng, chống" for "phòng-chống", figures as the report
writes them). The administrative layout keeps the Party's inspection out, and both carry the
issuer's settings."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys

import pytest

from dieuhanh.accounts.models import Role
from dieuhanh.core.scope import Scope
from dieuhanh.reports.models import SectionNote
from dieuhanh.reports.pure.document import Heading, Table
from dieuhanh.reports.render.html import render_body
from dieuhanh.reports.render.markdown import render_markdown
from dieuhanh.reports.selectors import ReviewRequest, review_document
from tests.conftest import unit_on

TODAY = datetime.date(2021, 7, 20)

ARTICLE: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Ban Chấp hành Đảng bộ huyện Chư Sê vừa tổ chức hội nghị lần thứ V, khóa X (mở rộng) "
        "nhằm đánh giá công tác 6 tháng đầu năm và triển khai nhiệm vụ 6 tháng cuối năm 2021.",
        (
            "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ V, khóa X (mở rộng)",
            "sơ kết 6 tháng đầu năm 2021 và phương hướng, nhiệm vụ 6 tháng cuối năm 2021",
        ),
    ),
    (
        "6 tháng đầu năm 2021, mặc dù gặp nhiều khó khăn do dịch Covid-19 diễn biến phức tạp, "
        "song với sự nỗ lực của cả hệ thống chính trị, các cấp, các ngành, các doanh nghiệp và "
        "Nhân dân, các nhiệm vụ chính trị của huyện trong 6 tháng đầu năm đã cơ bản đảm bảo kế "
        "hoạch.",
        (
            "6 tháng đầu năm 2021, các nhiệm vụ chính trị của huyện đã cơ bản đảm bảo kế hoạch",
            "gặp nhiều khó khăn do dịch Covid-19 diễn biến phức tạp",
            "sự nỗ lực của cả hệ thống chính trị, các cấp, các ngành, các doanh nghiệp và Nhân dân",
        ),
    ),
    (
        "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng, tăng 5,56% so với cùng kỳ năm trước.",
        (
            # the report names each figure's price basis (issue 16 item 3)
            "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng (giá hiện hành)",
            "tăng 5,56% so với cùng kỳ năm trước (giá so sánh 2010)",
        ),
    ),
    (
        "Cơ cấu kinh tế chuyển dịch theo đúng định hướng; trong đó ngành nông, lâm, thủy sản đạt "
        "trên 1.800 tỷ đồng, công nghiệp-xây dựng trên 2.190 tỷ đồng, thương mại-dịch vụ trên "
        "1.200 tỷ đồng;",
        (
            "Cơ cấu kinh tế chuyển dịch theo đúng định hướng",
            "ngành nông, lâm, thủy sản ước đạt trên 1.800 tỷ đồng",
            "công nghiệp - xây dựng trên 2.190 tỷ đồng",
            "thương mại - dịch vụ trên 1.200 tỷ đồng",
        ),
    ),
    (
        "thu ngân sách nhà nước trên địa bàn 55,16 tỷ đồng.",
        ("Thu ngân sách nhà nước trên địa bàn đạt 55,16 tỷ đồng",),
    ),
    (
        "Chương trình mục tiêu quốc gia về xây dựng nông thôn mới được chỉ đạo triển khai tích "
        "cực, đã có 11 xã được công nhận đạt chuẩn nông thôn mới.",
        (
            "Chương trình mục tiêu quốc gia về xây dựng nông thôn mới được chỉ đạo triển khai "
            "tích cực",
            "đã có 11/14 xã được công nhận đạt chuẩn nông thôn mới",
        ),
    ),
    (
        "Sự nghiệp y tế, văn hóa, giáo dục được quan tâm đúng mức, chất lượng dạy và học từng "
        "bước được nâng lên.",
        (
            "Sự nghiệp y tế, văn hóa, giáo dục được quan tâm đúng mức, chất lượng dạy và học "
            "từng bước được nâng lên",
        ),
    ),
    (
        "Công tác phòng-chống dịch Covid19, đến thời điểm này huyện Chư Sê ghi nhận 7 trường "
        "hợp dương tính với SARS-COV2, huyện đã kịp thời khoanh vùng xử lý các trường hợp liên "
        "quan đến ca bệnh.",
        (
            "ghi nhận 7 ca bệnh (F0), lũy kế 7 ca",
            "dương tính với SARS-CoV-2",
            "kịp thời khoanh vùng, xử lý các trường hợp liên quan đến ca bệnh",
        ),
    ),
    (
        "Tình hình an ninh chính trị, tôn giáo, an ninh nông thôn tuy còn tiềm ẩn nhiều yếu tố "
        "phức tạp nhưng cơ bản ổn định và giữ vững.",
        (
            "Tình hình an ninh chính trị, tôn giáo, an ninh nông thôn",
            "cơ bản ổn định và giữ vững",
            "tiềm ẩn nhiều yếu tố phức tạp",
        ),
    ),
    (
        "Công tác xây dựng hệ thống chính trị được quan tâm.",
        ("Công tác xây dựng hệ thống chính trị được quan tâm",),
    ),
    (
        "Ban Thường vụ Huyện ủy đã chỉ đạo các cấp ủy Đảng tăng cường công tác giáo dục chính "
        "trị, tư tưởng, kịp thời nắm bắt dư luận xã hội, tư tưởng của cán bộ, đảng viên và nhân "
        "dân.",
        (
            "Ban Thường vụ Huyện ủy đã chỉ đạo các cấp ủy Đảng tăng cường công tác giáo dục "
            "chính trị, tư tưởng, kịp thời nắm bắt dư luận xã hội, tư tưởng của cán bộ, đảng "
            "viên và Nhân dân",
        ),
    ),
    (
        "Việc kiểm tra, giám sát tổ chức đảng và đảng viên được thực hiện nghiêm túc theo chương "
        "trình, kế hoạch đề ra.",
        (
            "Việc kiểm tra, giám sát tổ chức đảng và đảng viên được thực hiện theo chương trình, "
            "kế hoạch đề ra",
            "thực hiện nghiêm túc nhiệm vụ kiểm tra, giám sát",
        ),
    ),
    (
        "6 tháng cuối năm 2021, Ban Chấp hành Đảng bộ huyện Chư Sê tập trung lãnh đạo, chỉ đạo "
        "thực hiện tốt công tác phòng-chống dịch Covid-19 gắn với thúc đẩy kinh tế-xã hội.",
        (
            "Tập trung lãnh đạo, chỉ đạo thực hiện tốt công tác phòng, chống dịch Covid-19 gắn "
            "với thúc đẩy phát triển kinh tế - xã hội",
        ),
    ),
    (
        "Trong đó, tập trung chỉ đạo triển khai thực hiện nghiêm túc các chỉ đạo của tỉnh, "
        "huyện, gấp rút triển khai các hoạt động về phòng-chống dịch Covid-19 trên địa bàn huyện "
        "thực hiện tốt phương châm 4 tại chỗ, tổ chức khoanh vùng rộng, phong tỏa hẹp, truy vết "
        "nhanh, xét nghiệm kịp thời, cách ly triệt để để các trường hợp về từ vùng dịch.",
        (
            "Triển khai nghiêm túc các chỉ đạo của tỉnh, huyện về phòng, chống dịch",
            "“4 tại chỗ”",
            "khoanh vùng rộng, phong tỏa hẹp, truy vết nhanh, xét nghiệm kịp thời, cách ly triệt "
            "để các trường hợp về từ vùng dịch",
        ),
    ),
    (
        "Đẩy mạnh công tác tuyên truyền trong toàn huyện nhằm nâng cao hơn nữa nhận thức của cán "
        "bộ, công chức, viên chức và người dân để thực hiện nghiêm quy định pháp luật về "
        "phòng-chống dịch bệnh …",
        (
            "Đẩy mạnh công tác tuyên truyền nhằm nâng cao nhận thức của cán bộ, công chức, viên "
            "chức và người dân, thực hiện nghiêm quy định pháp luật về phòng, chống dịch bệnh",
        ),
    ),
    (
        "Đồng thời, chủ động nắm chắc tình hình, đảm bảo quốc phòng-an ninh.",
        ("Chủ động nắm chắc tình hình, đảm bảo quốc phòng - an ninh",),
    ),
    (
        "Xây dựng hệ thống chính trị vững mạnh, phấn đấu hoàn thành tốt các mục tiêu, nhiệm vụ "
        "năm 2021 đề ra.",
        (
            "Xây dựng hệ thống chính trị vững mạnh",
            "Phấn đấu hoàn thành tốt các mục tiêu, nhiệm vụ năm 2021 đề ra",
        ),
    ),
)


@pytest.fixture(scope="module")
def texts(demo_env: dict[str, str]) -> dict[str, str]:
    """The demo's review of Chư Sê, 2021S1, as Markdown in both layouts (`dieuhanh report
    review`, the demo database built once)."""
    out = {}
    for layout in ("party", "admin"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "dieuhanh.cli",
                "report",
                "review",
                "--unit",
                "633",
                "--period",
                "2021S1",
                "--format",
                "md",
                "--layout",
                layout,
                "--date",
                TODAY.isoformat(),
                "-o",
                "-",
            ],
            env=demo_env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        out[layout] = result.stdout
    return out


@pytest.mark.parametrize(("sentence", "fragments"), ARTICLE, ids=[s[:40] for s, _ in ARTICLE])
def test_the_party_report_says_the_articles_sentence(
    texts: dict[str, str], sentence: str, fragments: tuple[str, ...]
) -> None:
    text = texts["party"]
    missing = [f for f in fragments if f not in text]
    assert not missing, f"{sentence!r}: not said: {missing}"


def test_no_placeholder_in_either_layout(texts: dict[str, str]) -> None:
    for text in texts.values():
        assert "Chưa có nội dung" not in text
        assert "cấp ủy cấp trên" not in text and "Ủy ban nhân dân cấp trên" not in text


def test_the_administrative_layout_leaves_the_partys_inspection_out(texts: dict[str, str]) -> None:
    party, admin = texts["party"], texts["admin"]
    for internal in (
        "3 tổ chức đảng và 1 đảng viên",
        "kiểm tra, giám sát tổ chức đảng và đảng viên",
        "Ban Thường vụ Huyện ủy đã chỉ đạo các cấp ủy Đảng",
        "Ủy ban Kiểm tra Huyện ủy",
    ):
        assert internal in party
        assert internal not in admin
    assert "Xây dựng hệ thống chính trị vững mạnh" in admin  # the public clause of that point


def test_each_task_is_listed_once_with_its_lead_agencies(texts: dict[str, str]) -> None:
    text = texts["party"]
    rows = [line for line in text.splitlines() if "Kiện toàn tổ COVID cộng đồng" in line]
    assert len(rows) == 1
    assert "UBND thị trấn Chư Sê, UBND xã Ia Blang, UBND xã Dun" in rows[0]
    assert not re.search(r"\| Huyện Chư Sê \|", text)


def test_the_issuers_settings_head_and_sign_both_layouts(texts: dict[str, str]) -> None:
    party, admin = texts["party"], texts["admin"]
    assert "Số 215-BC/HU" in party
    assert "- Ban Thường vụ Tỉnh ủy (báo cáo)," in party
    assert "**Nguyễn Văn Minh**" in party
    assert "Số: 178/BC-UBND" in admin
    assert "- UBND tỉnh Gia Lai (báo cáo);" in admin
    assert "**Trần Quốc Hùng**" in admin


HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)>\n"
    "# Tiêu đề giả\n"
    "[[table:tasks]]\n"
    "**đậm** *nghiêng* [bấm](javascript:alert(3)) ![ảnh](http://x/y.png) `mã`\n"
    "- gạch đầu dòng\n"
    "1. đánh số | cột"
)


def test_a_hostile_note_stays_literal_text(db: None) -> None:
    SectionNote.objects.create(
        unit=unit_on("633"), period="2021S1", section="limitations", text=HOSTILE
    )
    document = review_document(
        scope=Scope.everything(),
        role=Role.ADMIN,
        request=ReviewRequest("633", "2021S1", "party", TODAY),
        today=TODAY,
    )
    assert not any(isinstance(b, Heading) and "giả" in b.text for b in document.blocks)
    assert not any(isinstance(b, Table) for b in document.blocks)  # no [[table:…]] from it
    text = render_markdown(document)
    limitations = text.split("HẠN CHẾ", 1)[1].split("T/M BAN THƯỜNG VỤ", 1)[0]
    unescaped = re.compile(r"(?<!\\)(<|\]\(|\[\[)")  # a tag, a link target, a directive
    assert not unescaped.search(limitations)
    assert "\\<script\\>" in limitations and "\\](javascript" in limitations
    assert "**đậm**" not in limitations and "\\*\\*đậm\\*\\*" in limitations
    assert not any(line.startswith(("# ", "- gạch", "[[")) for line in limitations.splitlines())
    html = render_body(document)
    assert "<script>" not in html and "&lt;script&gt;" in html
