"""A review document long enough to cross pages: a table of 24 rows whose labels wrap, a chart
with the Vietnamese labels that drew boxes, the signature after a last paragraph."""

from __future__ import annotations

import datetime

from dieuhanh.reports.pure.document import (
    Block,
    Bullet,
    Chart,
    ChartBar,
    Document,
    Heading,
    Paragraph,
    Run,
    Table,
)
from dieuhanh.reports.pure.layout import IssuerFacts, document_head

CHU_SE = IssuerFacts("district", "Chư Sê", 2, "province", "Gia Lai", "Chư Sê")
SUBJECT = "sơ kết 6 tháng đầu năm 2021 và phương hướng, nhiệm vụ 6 tháng cuối năm 2021"
LAST_WORDS = "kết thúc phần nội dung của báo cáo"
SIGNER = "Nguyễn Văn An"
TEXT = (
    "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng, tăng 5,56% so với cùng kỳ năm trước; "
    "ngành nông, lâm, thủy sản, công nghiệp - xây dựng và thương mại - dịch vụ đều tăng. "
)
ROW_LABEL = "Chỉ tiêu {n:02d}: giá trị sản xuất ngành nông, lâm, thủy sản (giá so sánh 2010)"
TABLE = Table(
    "Một số chỉ tiêu chủ yếu 6 tháng đầu năm 2021",
    ("TT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2021", "Thực hiện 6 tháng", "So cùng kỳ (%)"),
    tuple(
        (str(n), ROW_LABEL.format(n=n), "tỷ đồng", "13.100,00", f"{5700 + n}.716,35", "105,56")
        for n in range(1, 25)
    ),
    (False, False, False, True, True, True),
)
CHART = Chart(
    "Cơ cấu tổng giá trị sản xuất (giá hiện hành, %)",
    (
        ChartBar("ngành nông, lâm, thủy sản", 31.95, 35.8),
        ChartBar("công nghiệp - xây dựng", 38.37, 41.2),
        ChartBar("thương mại - dịch vụ", 21.34, 23.0),
    ),
    "%",
    ("6 tháng đầu năm 2021", "6 tháng đầu năm 2020"),
)


def sample_document(layout: str) -> Document:
    head = document_head(
        layout=layout,
        issuer=CHU_SE,
        title_subject=SUBJECT,
        year=2021,
        issued_on=datetime.date(2021, 7, 5),
        signer=SIGNER,
    )
    blocks: tuple[Block, ...] = (
        Heading(1, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2021"),
        Heading(2, "1. Về phát triển kinh tế"),
        Paragraph((Run(TEXT * 4),)),
        TABLE,
        CHART,
        Heading(2, "2. Về văn hóa, xã hội"),
        *(Paragraph((Run(TEXT * 3),)) for _ in range(3)),
        Bullet((Run("Kiện toàn Ban Chỉ đạo phòng, chống dịch Covid-19 của huyện."),)),
        Paragraph((Run(TEXT * 2 + LAST_WORDS + "."),)),
    )
    return Document(head=head, blocks=blocks, metadata={"layout": layout})
