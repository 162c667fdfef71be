"""The demo's direction data (Chư Sê, 2021). Loading is idempotent.

Source: Báo Gia Lai, July 2021 — the Executive Committee of the Chư Sê district Party organisation
held its 5th conference of the 10th term (extended) to review the first half of 2021 and set the
tasks of the second half. The article gives the month, not the day: the demo dates the conference
15 July 2021. Its conclusion points paraphrase the article's second-half directions; the tasks,
progress reports, inspection programme, public-order events (a "basically stable" situation, as
the article says), opinion notes and campaigns are illustrative demo records built on them, not
facts reported by the article. Statuses are computed on the day they are viewed: seen after
2021, the unfinished tasks are overdue.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from dieuhanh.accounts.models import User
from dieuhanh.direction.models import (
    Body,
    Campaign,
    Conference,
    Decision,
    DecisionKind,
    DecisionPoint,
    EventState,
    InspectionActivity,
    InspectionItem,
    InspectionProgramme,
    InspectionState,
    InspectionType,
    OpinionNote,
    OpinionTone,
    OrderCategory,
    Priority,
    PublicOrderEvent,
    Severity,
    SubjectKind,
    Task,
    TaskProgress,
)
from dieuhanh.direction.pure.status import add_working_days
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q

D = datetime.date
DISTRICT = "633"
HELD_ON = D(2021, 7, 15)
ASSIGNED_ON = D(2021, 7, 20)

POINTS = (
    "Tập trung lãnh đạo, chỉ đạo thực hiện tốt công tác phòng, chống dịch Covid-19 gắn với thúc "
    "đẩy phát triển kinh tế - xã hội.",
    "Triển khai nghiêm túc các chỉ đạo của tỉnh, huyện về phòng, chống dịch; thực hiện tốt phương "
    'châm "4 tại chỗ"; khoanh vùng rộng, phong tỏa hẹp, truy vết nhanh, xét nghiệm kịp thời, '
    "cách ly triệt để các trường hợp về từ vùng dịch.",
    "Đẩy mạnh công tác tuyên truyền nhằm nâng cao nhận thức của cán bộ, công chức, viên chức và "
    "người dân, thực hiện nghiêm quy định pháp luật về phòng, chống dịch bệnh.",
    "Chủ động nắm chắc tình hình, đảm bảo quốc phòng - an ninh.",
    "Xây dựng hệ thống chính trị vững mạnh; tăng cường giáo dục chính trị, tư tưởng, kịp thời nắm "
    "bắt dư luận xã hội; kiểm tra, giám sát tổ chức đảng và đảng viên theo chương trình, kế hoạch.",
    "Phấn đấu hoàn thành tốt các mục tiêu, nhiệm vụ năm 2021 đề ra.",
)

# (point, title, lead code, lead agency, cooperating codes, cooperating agencies, deadline or
#  working days, expected result, priority, progress [(day, percent, note)])
TASKS: tuple[tuple[object, ...], ...] = (
    (
        1,
        "Xây dựng kế hoạch thúc đẩy phát triển kinh tế - xã hội gắn với phòng, chống dịch "
        "6 tháng cuối năm 2021",
        DISTRICT,
        "Phòng Tài chính - Kế hoạch huyện",
        (),
        "Các phòng, ban chuyên môn thuộc UBND huyện",
        15,
        "Kế hoạch trình UBND huyện ban hành",
        Priority.HIGH,
        (
            (D(2021, 7, 30), 50, "Đã có dự thảo, đang lấy ý kiến các phòng"),
            (D(2021, 8, 9), 100, "UBND huyện đã ban hành kế hoạch"),
        ),
    ),
    (
        2,
        "Kiện toàn tổ COVID cộng đồng, xây dựng phương án cách ly tại chỗ",
        "23941",
        "UBND thị trấn Chư Sê",
        (),
        "Trạm Y tế thị trấn",
        10,
        "100% tổ dân phố có tổ COVID cộng đồng hoạt động",
        Priority.HIGH,
        ((D(2021, 7, 30), 100, "Đã kiện toàn 17 tổ COVID cộng đồng"),),
    ),
    (
        2,
        "Kiện toàn tổ COVID cộng đồng, xây dựng phương án cách ly tại chỗ",
        "23962",
        "UBND xã Ia Blang",
        (),
        "Trạm Y tế xã",
        10,
        "100% thôn, làng có tổ COVID cộng đồng hoạt động",
        Priority.HIGH,
        (
            (D(2021, 7, 29), 40, "Đã kiện toàn 4/10 thôn, làng"),
            (D(2021, 8, 10), 100, "Hoàn thành ở 10/10 thôn, làng"),
        ),
    ),
    (
        2,
        "Kiện toàn tổ COVID cộng đồng, xây dựng phương án cách ly tại chỗ",
        "23965",
        "UBND xã Dun",
        (),
        "Trạm Y tế xã",
        10,
        "100% thôn, làng có tổ COVID cộng đồng hoạt động",
        Priority.HIGH,
        ((D(2021, 7, 30), 60, "Đã kiện toàn 6/10 thôn, làng; còn vướng nhân sự"),),
    ),
    (
        2,
        "Rà soát người về từ vùng dịch; tổ chức xét nghiệm và cách ly theo quy định",
        DISTRICT,
        "Trung tâm Y tế huyện",
        ("23941", "23962", "23965"),
        "Công an huyện",
        D(2021, 9, 30),
        "Không để lây nhiễm ra cộng đồng từ người về từ vùng dịch",
        Priority.HIGH,
        (
            (D(2021, 8, 31), 60, "Đã rà soát, xét nghiệm 1.245 người về từ vùng dịch"),
            (D(2021, 9, 28), 100, "Hoàn thành; không phát sinh ca lây nhiễm cộng đồng"),
        ),
    ),
    (
        3,
        "Tuyên truyền quy định phòng, chống dịch trên hệ thống truyền thanh cơ sở và mạng xã hội",
        DISTRICT,
        "Trung tâm Văn hóa - Thông tin và Thể thao huyện",
        (),
        "Ban Tuyên giáo Huyện ủy",
        D(2021, 12, 31),
        "Phủ sóng truyền thanh đến 100% thôn, làng, tổ dân phố",
        Priority.NORMAL,
        (
            (D(2021, 9, 30), 50, "Phát sóng hằng ngày tại 15/15 xã, thị trấn"),
            (D(2021, 12, 20), 80, "Còn 2 làng vùng sâu chưa có loa truyền thanh"),
        ),
    ),
    (
        4,
        "Nắm chắc tình hình an ninh chính trị, tôn giáo, an ninh nông thôn; giải quyết dứt điểm "
        "vụ việc phức tạp ngay tại cơ sở",
        DISTRICT,
        "Công an huyện",
        (),
        "Ban Chỉ huy Quân sự huyện",
        D(2021, 12, 15),
        "Không để xảy ra điểm nóng về an ninh, trật tự",
        Priority.HIGH,
        (
            (D(2021, 10, 15), 70, "Đã giải quyết 3/4 vụ việc tranh chấp đất đai"),
            (D(2021, 12, 10), 100, "Giải quyết dứt điểm 4/4 vụ việc"),
        ),
    ),
    (
        5,
        "Thực hiện chương trình kiểm tra, giám sát 6 tháng cuối năm 2021",
        DISTRICT,
        "Ủy ban Kiểm tra Huyện ủy",
        (),
        "Các ban xây dựng Đảng của Huyện ủy",
        D(2021, 12, 31),
        "Hoàn thành 100% nội dung kiểm tra, giám sát theo chương trình",
        Priority.NORMAL,
        (
            (D(2021, 10, 30), 60, "Đã hoàn thành 3/5 cuộc"),
            (D(2022, 1, 10), 100, "Hoàn thành 5/5 cuộc, ban hành thông báo kết luận"),
        ),
    ),
    (
        5,
        "Nắm bắt, tổng hợp dư luận xã hội hằng tháng, báo cáo Ban Thường vụ Huyện ủy",
        DISTRICT,
        "Ban Tuyên giáo Huyện ủy",
        (),
        "Văn phòng Huyện ủy",
        D(2021, 12, 25),
        "Báo cáo dư luận xã hội hằng tháng đúng hạn",
        Priority.NORMAL,
        ((D(2021, 12, 20), 100, "Đã báo cáo đủ 6 tháng"),),
    ),
    (
        6,
        "Hoàn thiện hồ sơ đề nghị công nhận xã Ia Blang đạt chuẩn nông thôn mới",
        "23962",
        "UBND xã Ia Blang",
        (),
        "Văn phòng Điều phối nông thôn mới huyện",
        D(2021, 11, 30),
        "Hồ sơ trình UBND tỉnh thẩm định",
        Priority.NORMAL,
        ((D(2021, 10, 29), 70, "Còn tiêu chí thu nhập và môi trường chưa đạt"),),
    ),
    (
        6,
        "Hoàn thành tiêu chí giao thông nông thôn (bê tông hóa đường liên thôn)",
        "23954",
        "UBND xã Kông HTok",
        (),
        "Phòng Kinh tế - Hạ tầng huyện",
        D(2021, 12, 31),
        "Đạt tiêu chí số 2 (giao thông)",
        Priority.NORMAL,
        ((D(2021, 12, 28), 100, "Hoàn thành 3,2 km đường bê tông"),),
    ),
    (
        6,
        "Đôn đốc thu ngân sách nhà nước 6 tháng cuối năm, chống thất thu",
        DISTRICT,
        "Chi cục Thuế khu vực Chư Sê - Chư Pưh",
        (),
        "Phòng Tài chính - Kế hoạch huyện",
        D(2021, 12, 31),
        "Thu ngân sách đạt và vượt dự toán năm",
        Priority.NORMAL,
        ((D(2021, 11, 30), 85, "Đạt 85% dự toán năm"),),
    ),
)

ProgrammeItem = tuple[
    InspectionActivity,
    SubjectKind,
    str,
    str,
    InspectionType,
    datetime.date,
    datetime.date,
    str,
    InspectionState,
    datetime.date | None,
    str,
    bool,
]
PROGRAMME_ITEMS: tuple[ProgrammeItem, ...] = (
    # activity, subject kind, subject, content, type, start, end, body, state, executed,
    # conclusion, violation found
    (
        InspectionActivity.INSPECTION,
        SubjectKind.ORGANISATION,
        "Đảng ủy xã Ia Blang",
        "Lãnh đạo thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
        InspectionType.THEMATIC,
        D(2021, 3, 1),
        D(2021, 4, 30),
        "Ban Thường vụ Huyện ủy",
        InspectionState.CONCLUDED,
        D(2021, 5, 10),
        "Lãnh đạo cơ bản tốt; cần tập trung tiêu chí thu nhập và môi trường.",
        False,
    ),
    (
        InspectionActivity.SUPERVISION,
        SubjectKind.ORGANISATION,
        "Đảng ủy thị trấn Chư Sê",
        "Thực hiện quy chế làm việc và công tác phòng, chống dịch Covid-19",
        InspectionType.REGULAR,
        D(2021, 4, 1),
        D(2021, 5, 31),
        "Ủy ban Kiểm tra Huyện ủy",
        InspectionState.CONCLUDED,
        D(2021, 6, 8),
        "Thực hiện đúng quy chế; chủ động trong phòng, chống dịch.",
        False,
    ),
    (
        InspectionActivity.INSPECTION,
        SubjectKind.MEMBER,
        "01 đảng viên Chi bộ làng Ia Ring (xã Dun)",
        "Kiểm tra khi có dấu hiệu vi phạm trong quản lý, sử dụng đất",
        InspectionType.VIOLATION_SIGNS,
        D(2021, 5, 1),
        D(2021, 6, 30),
        "Ủy ban Kiểm tra Huyện ủy",
        InspectionState.CONCLUDED,
        D(2021, 6, 25),
        "Có vi phạm; đề nghị thi hành kỷ luật bằng hình thức khiển trách.",
        True,
    ),
    (
        InspectionActivity.SUPERVISION,
        SubjectKind.ORGANISATION,
        "Chi bộ Phòng Tài nguyên và Môi trường",
        "Giải quyết đơn thư, khiếu nại về đất đai",
        InspectionType.THEMATIC,
        D(2021, 6, 1),
        D(2021, 7, 31),
        "Ban Thường vụ Huyện ủy",
        InspectionState.CONCLUDED,
        D(2021, 8, 5),
        "Giải quyết đúng quy định; còn chậm ở một số hồ sơ.",
        False,
    ),
    (
        InspectionActivity.INSPECTION,
        SubjectKind.ORGANISATION,
        "Đảng ủy xã Kông HTok",
        "Lãnh đạo thu ngân sách và quản lý tài chính đảng",
        InspectionType.REGULAR,
        D(2021, 8, 1),
        D(2021, 9, 30),
        "Ủy ban Kiểm tra Huyện ủy",
        InspectionState.CONCLUDED,
        D(2021, 10, 12),
        "Thu, nộp đảng phí đúng quy định.",
        False,
    ),
    (
        InspectionActivity.SUPERVISION,
        SubjectKind.MEMBER,
        "Đồng chí Bí thư Đảng ủy xã H Bông",
        "Tu dưỡng, rèn luyện đạo đức, lối sống; thực hiện trách nhiệm nêu gương",
        InspectionType.THEMATIC,
        D(2021, 9, 1),
        D(2021, 10, 31),
        "Ban Thường vụ Huyện ủy",
        InspectionState.CONCLUDED,
        D(2021, 11, 15),
        "Thực hiện tốt trách nhiệm nêu gương.",
        False,
    ),
    (
        InspectionActivity.INSPECTION,
        SubjectKind.ORGANISATION,
        "Đảng ủy xã Dun",
        "Lãnh đạo công tác phòng, chống dịch Covid-19 và an ninh nông thôn",
        InspectionType.THEMATIC,
        D(2021, 10, 1),
        D(2021, 11, 30),
        "Ban Thường vụ Huyện ủy",
        InspectionState.IN_PROGRESS,
        None,
        "",
        False,
    ),
    (
        InspectionActivity.INSPECTION,
        SubjectKind.ORGANISATION,
        "Chi bộ Trường THPT Trường Chinh",
        "Thực hiện Chỉ thị 05-CT/TW về học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh",
        InspectionType.REGULAR,
        D(2021, 11, 1),
        D(2021, 12, 31),
        "Ủy ban Kiểm tra Huyện ủy",
        InspectionState.PLANNED,
        None,
        "",
        False,
    ),
)

Event = tuple[str, datetime.date, OrderCategory, Severity, EventState, str, str]
EVENTS: tuple[Event, ...] = (
    # unit, date, category, severity, state, title, measures
    (
        "23965",
        D(2021, 3, 12),
        OrderCategory.RELIGION,
        Severity.LOW,
        EventState.RESOLVED,
        "Sinh hoạt tôn giáo tại điểm nhóm chưa đăng ký",
        "Vận động, hướng dẫn đăng ký sinh hoạt tôn giáo tập trung theo quy định",
    ),
    (
        DISTRICT,
        D(2021, 4, 10),
        OrderCategory.POLITICAL,
        Severity.LOW,
        EventState.RESOLVED,
        "Đăng tải thông tin sai sự thật về dịch Covid-19 trên mạng xã hội",
        "Mời làm việc, yêu cầu gỡ bài; xử phạt vi phạm hành chính",
    ),
    (
        "23962",
        D(2021, 5, 20),
        OrderCategory.RURAL,
        Severity.MEDIUM,
        EventState.RESOLVED,
        "Tranh chấp đất rẫy giữa hai hộ dân",
        "Tổ hòa giải cơ sở hòa giải thành",
    ),
    (
        "23941",
        D(2021, 6, 5),
        OrderCategory.SOCIAL_ORDER,
        Severity.LOW,
        EventState.RESOLVED,
        "Tụ tập đông người trái quy định phòng, chống dịch",
        "Nhắc nhở, lập biên bản xử phạt vi phạm hành chính",
    ),
    (
        "23954",
        D(2021, 8, 14),
        OrderCategory.SOCIAL_ORDER,
        Severity.MEDIUM,
        EventState.RESOLVED,
        "Trộm cắp cà phê, hồ tiêu trong mùa thu hoạch",
        "Tăng cường tuần tra; khởi tố 01 vụ, 02 bị can",
    ),
    (
        "23968",
        D(2021, 10, 2),
        OrderCategory.RURAL,
        Severity.LOW,
        EventState.MONITORING,
        "Người dân phản ánh việc lấn chiếm hành lang đường liên xã",
        "UBND xã kiểm tra, vận động tháo dỡ; tiếp tục theo dõi",
    ),
)

Opinion = tuple[datetime.date, str, str, str, OpinionTone]
OPINIONS: tuple[Opinion, ...] = (
    (
        D(2021, 5, 15),
        "Dịch Covid-19 và việc cách ly người về từ vùng dịch",
        "Nhân dân đồng tình với các biện pháp phòng dịch; một bộ phận lo ngại ảnh hưởng đến "
        "sản xuất, tiêu thụ nông sản.",
        "Báo cáo của các chi bộ thôn, làng",
        OpinionTone.MIXED,
    ),
    (
        D(2021, 6, 20),
        "Giá hồ tiêu, cà phê và vật tư nông nghiệp",
        "Người trồng hồ tiêu lo lắng vì giá phân bón tăng trong khi giá tiêu còn thấp.",
        "Hội Nông dân huyện",
        OpinionTone.CONCERNED,
    ),
    (
        D(2021, 9, 10),
        "Tiêm vắc xin phòng Covid-19",
        "Đa số người dân đồng tình, chủ động đăng ký tiêm; cần tăng tuyên truyền ở làng đồng "
        "bào dân tộc thiểu số.",
        "Ban Tuyên giáo Huyện ủy",
        OpinionTone.SUPPORTIVE,
    ),
)

CampaignRow = tuple[str, tuple[str, ...], datetime.date, datetime.date, int]
CAMPAIGNS: tuple[CampaignRow, ...] = (
    (
        "Tuyên truyền bầu cử đại biểu Quốc hội khóa XV và HĐND các cấp nhiệm kỳ 2021-2026",
        ("meeting", "loudspeaker", "leaflet", "press"),
        D(2021, 3, 1),
        D(2021, 5, 23),
        78000,
    ),
    (
        "Tuyên truyền phòng, chống dịch Covid-19 (thông điệp “5K”)",
        ("loudspeaker", "social", "leaflet", "door_to_door"),
        D(2021, 5, 1),
        D(2021, 12, 31),
        95000,
    ),
)


def _unit(code: str, on: datetime.date) -> OrgUnit:
    return OrgUnit.objects.get(valid_on_q(on), code=code)


@transaction.atomic
def direction_demo_load() -> int:
    """Load the direction demo records; returns how many were created (0 when already there)."""
    district = _unit(DISTRICT, HELD_ON)
    if Conference.objects.filter(unit=district, number=5, term=10).exists():
        return 0
    office = User.objects.filter(username="vanphong.huyenuy").first()
    created = 0
    conference = Conference.objects.create(
        unit=district,
        body=Body.EXECUTIVE_COMMITTEE,
        number=5,
        term=10,
        extended=True,
        held_on=HELD_ON,
        title="Sơ kết 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2021",
        agenda="Đánh giá kết quả thực hiện nhiệm vụ chính trị 6 tháng đầu năm 2021\n"
        "Phương hướng, nhiệm vụ 6 tháng cuối năm 2021\n"
        "Công tác kiểm tra, giám sát 6 tháng đầu năm 2021",
        participants="Ủy viên Ban Chấp hành Đảng bộ huyện; lãnh đạo các ban, ngành, đoàn thể "
        "huyện; bí thư các tổ chức cơ sở đảng (mở rộng)",
        documents="Báo cáo kết quả thực hiện nhiệm vụ 6 tháng đầu năm, phương hướng nhiệm vụ "
        "6 tháng cuối năm 2021\nBáo cáo công tác kiểm tra, giám sát 6 tháng đầu năm 2021",
    )
    conclusion = Decision.objects.create(
        unit=district,
        conference=conference,
        kind=DecisionKind.CONCLUSION,
        title="Kết luận Hội nghị Ban Chấp hành Đảng bộ huyện về nhiệm vụ 6 tháng cuối năm 2021",
        issued_on=HELD_ON,
    )
    points = {
        i: DecisionPoint.objects.create(decision=conclusion, number=i, text=text)
        for i, text in enumerate(POINTS, 1)
    }
    created += 2 + len(points)
    for row in TASKS:
        (point, title, code, agency, coop, coop_agencies, due, result, priority, reports) = row
        assert isinstance(due, (int, datetime.date)) and isinstance(reports, tuple)
        working_days = due if isinstance(due, int) else None
        deadline = add_working_days(ASSIGNED_ON, due) if isinstance(due, int) else due
        last = reports[-1] if reports else None
        task = Task.objects.create(
            decision=conclusion,
            point=points[int(str(point))],
            title=str(title),
            lead_unit=_unit(str(code), ASSIGNED_ON),
            lead_agency=str(agency),
            cooperating_agencies=str(coop_agencies),
            assigned_on=ASSIGNED_ON,
            deadline=deadline,
            deadline_working_days=working_days,
            expected_result=str(result),
            priority=str(priority),
            percent=last[1] if last else 0,
            completed_on=last[0] if last and last[1] == 100 else None,
            created_by=office,
        )
        assert isinstance(coop, tuple)
        task.cooperating_units.set([_unit(c, ASSIGNED_ON) for c in coop])
        for day, percent, note in reports:
            TaskProgress.objects.create(
                task=task, reported_on=day, percent=percent, note=note, reported_by=office
            )
            task.version += 1
        task.save(update_fields=["version"])
        created += 1 + len(reports)
    programme = InspectionProgramme.objects.create(
        unit=district,
        year=2021,
        title="Chương trình kiểm tra, giám sát năm 2021 của Ban Chấp hành Đảng bộ huyện",
        issued_by="Ban Thường vụ Huyện ủy",
    )
    created += 1
    for item in PROGRAMME_ITEMS:
        (
            activity,
            kind_of_subject,
            subject,
            content,
            kind,
            start,
            end,
            body,
            state,
            executed,
            text,
            violation,
        ) = item
        InspectionItem.objects.create(
            programme=programme,
            activity=activity,
            subject_kind=kind_of_subject,
            subject=subject,
            content=content,
            kind=kind,
            period_start=start,
            period_end=end,
            responsible_body=body,
            state=state,
            executed_on=executed,
            conclusion=text,
            violation_found=violation,
        )
        created += 1
    for code, day, category, severity, event_state, title, measures in EVENTS:
        PublicOrderEvent.objects.create(
            unit=_unit(code, day),
            occurred_on=day,
            category=category,
            severity=severity,
            state=event_state,
            title=title,
            measures=measures,
        )
        created += 1
    for day, topic, summary, source, tone in OPINIONS:
        OpinionNote.objects.create(
            unit=district, noted_on=day, topic=topic, summary=summary, source=source, tone=tone
        )
        created += 1
    for topic, channels, start, end, reach in CAMPAIGNS:
        Campaign.objects.create(
            unit=district,
            topic=topic,
            channels=",".join(channels),
            start=start,
            end=end,
            reach=reach,
        )
        created += 1
    return created
