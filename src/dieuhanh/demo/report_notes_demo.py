"""The demo's review narrative and issuer settings for Chư Sê, first half of 2021. Loading is
idempotent.

Source: Báo Gia Lai, July 2021 (the 5th conference of the 10th-term district Party Executive
Committee; shared/seed). The notes are what the district's offices would have written for the
review the conference adopted: each qualitative assessment of the article ("được chỉ đạo triển
khai tích cực", "được quan tâm đúng mức", "tiềm ẩn nhiều yếu tố phức tạp", "nghiêm túc") is in
the note of its section; the judgements the article states from figures ("cơ bản đảm bảo kế
hoạch", "chuyển dịch theo đúng định hướng", "cơ bản ổn định", "theo chương trình, kế hoạch") are
not written here: the report derives them from the data (docs/design.md, "How the report
judges").

Illustrative, not from the article: the target structure for 2025 (the shares a 2020–2025
resolution would set, chosen so that the half-year's shift can be judged against it), the
public-order events of the second half of 2020 (the previous period the security judgement
compares with), the document numbers and the signers' names (fictitious). The recipient lists
are those a Huyện ủy and a UBND huyện address a half-year review to.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from dieuhanh.direction.models import EventState, OrderCategory, PublicOrderEvent, Severity
from dieuhanh.indicators.models import Indicator
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from dieuhanh.reports.models import (
    IssuerSettings,
    Section,
    SectionNote,
    StructurePlan,
    StructurePlanShare,
)

D = datetime.date
DISTRICT = "633"
PERIOD = "2021S1"
ON = D(2021, 6, 30)

NOTES: dict[str, str] = {
    Section.OVERVIEW: (
        "Kết quả trên đạt được trong bối cảnh gặp nhiều khó khăn do dịch Covid-19 diễn biến "
        "phức tạp; đó là sự nỗ lực của cả hệ thống chính trị, các cấp, các ngành, các doanh "
        "nghiệp và Nhân dân trong huyện."
    ),
    Section.NEW_RURAL: (
        "Chương trình mục tiêu quốc gia về xây dựng nông thôn mới được chỉ đạo triển khai tích "
        "cực; các xã tập trung các tiêu chí còn thiếu, nhất là giao thông, hộ nghèo và môi "
        "trường."
    ),
    Section.SOCIAL: (
        "Sự nghiệp y tế, văn hóa, giáo dục được quan tâm đúng mức, chất lượng dạy và học từng "
        "bước được nâng lên. Các chính sách an sinh xã hội, giảm nghèo được thực hiện đầy đủ, "
        "kịp thời."
    ),
    Section.EPIDEMIC: (
        "Ngay khi phát hiện các ca dương tính với SARS-CoV-2, huyện đã kịp thời khoanh vùng, "
        "xử lý các trường hợp liên quan đến ca bệnh, không để dịch lây lan rộng trong cộng đồng."
    ),
    Section.SECURITY: (
        "Tình hình an ninh chính trị, tôn giáo, an ninh nông thôn còn tiềm ẩn nhiều yếu tố phức "
        "tạp, nhất là tranh chấp đất đai và hoạt động tôn giáo chưa đăng ký; lực lượng công an, "
        "quân sự chủ động nắm tình hình, giải quyết vụ việc ngay từ cơ sở."
    ),
    Section.POLITICS: (
        "Công tác xây dựng hệ thống chính trị được quan tâm; cuộc bầu cử đại biểu Quốc hội khóa "
        "XV và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2021 - 2026 được tổ chức thành công."
    ),
    Section.PARTY: (
        "Ban Thường vụ Huyện ủy đã chỉ đạo các cấp ủy Đảng tăng cường công tác giáo dục chính "
        "trị, tư tưởng, kịp thời nắm bắt dư luận xã hội, tư tưởng của cán bộ, đảng viên và "
        "Nhân dân. Các cấp ủy, ủy ban kiểm tra thực hiện nghiêm túc nhiệm vụ kiểm tra, giám sát "
        "tổ chức đảng và đảng viên."
    ),
    Section.LIMITATIONS: (
        "Dịch Covid-19 ảnh hưởng đến sản xuất, kinh doanh và tiêu thụ nông sản; giá phân bón, "
        "vật tư nông nghiệp tăng trong khi giá hồ tiêu còn thấp.\n\n"
        "Phương án \u201c4 tại chỗ\u201d ở một số xã còn thiếu nhân lực, trang thiết bị và sinh "
        "phẩm xét nghiệm; một số xã còn chậm hoàn thành các tiêu chí nông thôn mới."
    ),
    Section.DIRECTIONS: (
        "Các cơ quan, đơn vị được giao nhiệm vụ chủ động xây dựng kế hoạch, báo cáo tiến độ "
        "hằng tháng về Văn phòng Huyện ủy và Văn phòng HĐND - UBND huyện."
    ),
}

TARGET_YEAR = 2025
TARGET_SOURCE = "Nghị quyết Đại hội Đảng bộ huyện nhiệm kỳ 2020 - 2025"
TARGET_SHARES = {  # % of the sectors' gross output, current prices
    "GTSX_NLTS": Decimal("29.00"),
    "GTSX_CNXD": Decimal("44.00"),
    "GTSX_TMDV": Decimal("27.00"),
}

ISSUER = {
    "place": "Chư Sê",
    "party_number": "Số 215-BC/HU",
    "party_signature_lines": "T/M BAN THƯỜNG VỤ\nBÍ THƯ",
    "party_signer": "Nguyễn Văn Minh",
    "party_recipients": "\n".join(
        (
            "- Ban Thường vụ Tỉnh ủy (báo cáo),",
            "- Văn phòng Tỉnh ủy,",
            "- Các ban xây dựng Đảng của Tỉnh ủy,",
            "- Các đồng chí Huyện ủy viên,",
            "- Các ban xây dựng Đảng, Văn phòng Huyện ủy,",
            "- Các chi, đảng bộ cơ sở trực thuộc,",
            "- Lưu Văn phòng Huyện ủy.",
        )
    ),
    "admin_number": "Số: 178/BC-UBND",
    "admin_signature_lines": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    "admin_signer": "Trần Quốc Hùng",
    "admin_recipients": "\n".join(
        (
            "- UBND tỉnh Gia Lai (báo cáo);",
            "- Sở Kế hoạch và Đầu tư tỉnh;",
            "- Thường trực Huyện ủy (báo cáo);",
            "- Thường trực HĐND huyện;",
            "- Chủ tịch, các Phó Chủ tịch UBND huyện;",
            "- Các phòng, ban, đơn vị thuộc UBND huyện;",
            "- UBND các xã, thị trấn;",
            "- Lưu: VT, TH.",
        )
    ),
}

# The second half of 2020 (the previous period): unit, date, category, severity, title.
EVENTS_2020: tuple[tuple[str, datetime.date, OrderCategory, Severity, str], ...] = (
    ("23962", D(2020, 7, 14), OrderCategory.RURAL, Severity.MEDIUM, "Tranh chấp đất rẫy"),
    ("23965", D(2020, 8, 2), OrderCategory.RELIGION, Severity.LOW, "Tụ tập sinh hoạt tôn giáo"),
    ("23941", D(2020, 8, 28), OrderCategory.SOCIAL_ORDER, Severity.LOW, "Đánh nhau gây rối"),
    ("23954", D(2020, 9, 19), OrderCategory.SOCIAL_ORDER, Severity.MEDIUM, "Trộm cắp cà phê"),
    ("633", D(2020, 10, 30), OrderCategory.POLITICAL, Severity.LOW, "Tán phát tài liệu xấu"),
    ("23968", D(2020, 11, 21), OrderCategory.RURAL, Severity.LOW, "Lấn chiếm đất công"),
)


def _unit(code: str, on: datetime.date) -> OrgUnit:
    return OrgUnit.objects.get(valid_on_q(on), code=code)


@transaction.atomic
def report_notes_demo_load() -> int:
    """Load the review notes, issuer settings, target structure and the previous period's
    public-order log; returns how many records were created (0 when already there)."""
    district = _unit(DISTRICT, ON)
    if SectionNote.objects.filter(unit=district, period=PERIOD).exists():
        return 0
    created = 0
    for section, text in NOTES.items():
        SectionNote.objects.create(unit=district, period=PERIOD, section=section, text=text)
        created += 1
    IssuerSettings.objects.update_or_create(unit=district, defaults=ISSUER)
    created += 1
    total = Indicator.objects.get(code="GTSX")
    plan = StructurePlan.objects.create(
        unit=district, total=total, year=TARGET_YEAR, source=TARGET_SOURCE
    )
    for code, share in TARGET_SHARES.items():
        StructurePlanShare.objects.create(
            plan=plan, part=Indicator.objects.get(code=code), share_pct=share
        )
    created += 1 + len(TARGET_SHARES)
    for code, day, category, severity, title in EVENTS_2020:
        PublicOrderEvent.objects.create(
            unit=_unit(code, day),
            occurred_on=day,
            category=category,
            severity=severity,
            state=EventState.RESOLVED,
            title=title,
        )
        created += 1
    return created
