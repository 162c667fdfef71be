"""The demo's outbreak data (Chư Sê, 2021). Loading is idempotent.

The July 2021 article says only that Chư Sê district recorded 7 SARS-CoV-2 positive cases in the
first half of 2021 and zoned the related cases. Everything else here is fictional but plausible:
two chains in June 2021 — an arrival from Ho Chi Minh City who infected four people through his
household and the Chư Sê market (5 cases), and a driver from Đà Nẵng who infected his wife in
Ia Blang (2 cases) — with venues, QR check-ins, investigations ("mốc dịch tễ"), named contacts
and the contacts found by tracing, turned into follow-ups.

Case codes are `GL-CS-01` … `GL-CS-07` (the care demo finds the cases and contacts by them).
Hoàng Thị Ngọc Bích is a suspected person with check-ins at the bus station on 28/06, not yet
a case: the browser walk-through confirms her, traces her and turns the list into follow-ups.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from dieuhanh.outbreak.checkin_store import checkins_insert
from dieuhanh.outbreak.models import Case, ExposureSetting, Person, Venue
from dieuhanh.outbreak.services.cases import case_confirm, case_update, visit_add
from dieuhanh.outbreak.services.contacts import contacts_from_trace, exposure_record
from dieuhanh.outbreak.services.persons import person_register
from dieuhanh.outbreak.services.venues import new_checkin_token

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ON = datetime.date(2021, 6, 30)
ALL = Scope.everything()
FIRST_CODE = "GL-CS-01"


def _t(day: int, hour: int, minute: int = 0, month: int = 6) -> datetime.datetime:
    return datetime.datetime(2021, month, day, hour, minute, tzinfo=VN)


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(valid_on_q(ON), code=code)


# name, birth year, sex, commune code, village, phone
PEOPLE: dict[str, tuple[str, int, str, str, str, str]] = {
    "hung": ("Nguyễn Văn Hùng", 1985, "M", "23941", "Tổ dân phố 3", "0905112233"),
    "lan": ("Trần Thị Lan", 1988, "F", "23941", "Tổ dân phố 3", "0905112234"),
    "minh": ("Nguyễn Hoàng Minh", 2012, "M", "23941", "Tổ dân phố 3", ""),
    "hoa": ("Lê Thị Hoa", 1979, "F", "23941", "Tổ dân phố 5", "0914556677"),
    "tuan": ("Phạm Anh Tuấn", 1992, "M", "23965", "Làng Ia Lang", "0935667788"),
    "duc": ("Võ Minh Đức", 1983, "M", "23962", "Thôn Thanh Bình", "0987123456"),
    "hbia": ("Rơ Châm H'Bia", 1986, "F", "23962", "Thôn Thanh Bình", "0987123457"),
    # contacts (F1, F2)
    "thao": ("Đặng Thị Thảo", 1990, "F", "23941", "Tổ dân phố 2", "0905000101"),
    "khang": ("Huỳnh Văn Khang", 1975, "M", "23941", "Tổ dân phố 1", "0905000102"),
    "yen": ("Bùi Thị Yến", 1968, "F", "23941", "Tổ dân phố 4", "0905000103"),
    "quang": ("Ngô Đình Quang", 1981, "M", "23965", "Làng Ia Lang", "0905000104"),
    "nhung": ("Trịnh Thị Nhung", 1995, "F", "23944", "Thôn 1", "0905000105"),
    "siu": ("Siu Hyăt", 1979, "M", "23946", "Làng Bar Măih", "0905000106"),
    "ksor": ("Ksor H'Nhi", 1998, "F", "23941", "Tổ dân phố 6", "0905000107"),
    "long": ("Đoàn Văn Long", 1987, "M", "23962", "Thôn Thanh Bình", "0905000108"),
    "mai": ("Phan Thị Mai", 1993, "F", "23941", "Tổ dân phố 3", "0905000109"),
    "son": ("Lý Thanh Sơn", 1972, "M", "23941", "Tổ dân phố 5", "0905000110"),
    "vy": ("Cao Thị Tường Vy", 2000, "F", "23965", "Làng Ia Lang", "0905000111"),
    "phuc": ("Mai Văn Phúc", 1964, "M", "23941", "Tổ dân phố 2", "0905000112"),
    "trang": ("Hồ Thị Trang", 1991, "F", "23962", "Thôn Hòa Bình", "0905000113"),
    "bao": ("Lâm Quốc Bảo", 1989, "M", "23941", "Tổ dân phố 4", "0905000114"),
    "nga": ("Vũ Thị Nga", 1984, "F", "23944", "Thôn 2", "0905000115"),
    "rahlan": ("Rah Lan Khoa", 1996, "M", "23962", "Làng Ia Blang", "0905000116"),
    "hieu": ("Tạ Minh Hiếu", 1999, "M", "23941", "Tổ dân phố 6", "0905000117"),
    # a suspected person, sampled on 29/06, not yet confirmed: the walk-through confirms her
    "bich": ("Hoàng Thị Ngọc Bích", 1994, "F", "23941", "Tổ dân phố 1", "0905000118"),
    "hai": ("Trương Văn Hải", 1980, "M", "23941", "Tổ dân phố 2", "0905000119"),
    "ydu": ("Y Đức Niê", 1997, "M", "23968", "Làng Kte", "0905000120"),
}

# (key, code, name, commune, the village or residential group of its address: printed on
# its QR poster; the demo's places are illustrative, not a survey of the town)
VENUES = (
    ("market", "CS-CHO", "Chợ Chư Sê", "23941", "Tổ dân phố 3"),
    ("bus", "CS-BXE", "Bến xe Chư Sê", "23941", "Tổ dân phố 6"),
    ("cafe", "CS-CFPN", "Quán cà phê Phố Núi", "23941", "Tổ dân phố 5"),
    ("fuel", "CS-XD02", "Cửa hàng xăng dầu số 2", "23965", "Làng Ia Lang"),
    ("mart", "CS-STM", "Siêu thị mini Hồng Phát", "23962", "Thôn Hòa Bình"),
    ("clinic", "CS-TTYT", "Trung tâm Y tế huyện Chư Sê", "23941", "Tổ dân phố 2"),
)

# (person, venue, check-in, check-out or None)
CHECKINS = (
    ("hung", "bus", _t(5, 5, 30), _t(5, 6, 0)),
    ("thao", "bus", _t(5, 5, 40), _t(5, 6, 10)),
    ("hung", "market", _t(6, 7, 0), _t(6, 8, 0)),
    ("hoa", "market", _t(6, 7, 20), _t(6, 9, 0)),
    ("khang", "market", _t(6, 7, 50), None),
    ("yen", "market", _t(6, 10, 0), None),  # after Hùng left: not exposed
    ("hung", "cafe", _t(7, 19, 0), _t(7, 20, 30)),
    ("tuan", "cafe", _t(7, 19, 15), _t(7, 21, 0)),
    ("ksor", "cafe", _t(7, 20, 0), _t(7, 20, 45)),
    ("tuan", "fuel", _t(9, 14, 0), _t(9, 14, 20)),
    ("quang", "fuel", _t(9, 14, 10), None),
    ("hoa", "market", _t(9, 6, 30), _t(9, 8, 0)),
    ("son", "market", _t(9, 7, 0), None),
    ("nhung", "market", _t(9, 7, 45), _t(9, 8, 30)),
    ("hung", "clinic", _t(10, 8, 0), _t(10, 9, 0)),
    ("khang", "cafe", _t(11, 18, 0), _t(11, 19, 0)),
    ("phuc", "cafe", _t(11, 18, 30), None),
    ("duc", "fuel", _t(20, 11, 0), _t(20, 11, 15)),
    ("siu", "fuel", _t(20, 11, 5), None),
    ("duc", "mart", _t(21, 17, 0), _t(21, 17, 40)),
    ("trang", "mart", _t(21, 17, 20), _t(21, 18, 0)),
    ("rahlan", "mart", _t(21, 17, 30), None),
    ("hbia", "mart", _t(23, 9, 0), _t(23, 9, 30)),
    ("nga", "mart", _t(23, 9, 10), None),
    ("bich", "bus", _t(28, 6, 0), _t(28, 6, 45)),
    ("hai", "bus", _t(28, 6, 20), None),
    ("ydu", "bus", _t(28, 6, 30), _t(28, 7, 0)),
)

# code, person, onset, sampled, confirmed, isolated, place, outcome
CASES = (
    (
        "GL-CS-01",
        "hung",
        datetime.date(2021, 6, 8),
        _t(10, 8, 30),
        _t(10, 21, 0),
        _t(10, 9, 0),
        "Bệnh viện Đa khoa tỉnh Gia Lai",
        "recovered",
    ),
    (
        "GL-CS-02",
        "lan",
        datetime.date(2021, 6, 11),
        _t(11, 9, 0),
        _t(12, 7, 30),
        _t(11, 10, 0),
        "Bệnh viện Dã chiến huyện Chư Sê",
        "recovered",
    ),
    (
        "GL-CS-03",
        "minh",
        None,
        _t(11, 9, 15),
        _t(12, 7, 30),
        _t(11, 10, 0),
        "Bệnh viện Dã chiến huyện Chư Sê",
        "recovered",
    ),
    (
        "GL-CS-04",
        "hoa",
        datetime.date(2021, 6, 10),
        _t(12, 8, 0),
        _t(13, 6, 45),
        _t(12, 9, 0),
        "Bệnh viện Dã chiến huyện Chư Sê",
        "recovered",
    ),
    (
        "GL-CS-05",
        "tuan",
        datetime.date(2021, 6, 12),
        _t(13, 7, 0),
        _t(14, 5, 30),
        _t(13, 8, 0),
        "Bệnh viện Dã chiến huyện Chư Sê",
        "recovered",
    ),
    (
        "GL-CS-06",
        "duc",
        datetime.date(2021, 6, 22),
        _t(23, 15, 0),
        _t(24, 6, 0),
        _t(23, 16, 0),
        "Bệnh viện Đa khoa tỉnh Gia Lai",
        "recovered",
    ),
    (
        "GL-CS-07",
        "hbia",
        datetime.date(2021, 6, 25),
        _t(25, 8, 0),
        _t(26, 7, 0),
        _t(25, 9, 0),
        "Bệnh viện Dã chiến huyện Chư Sê",
        "treatment",
    ),
)

# case, place, start, end, note
VISITS = (
    (
        "GL-CS-01",
        "Từ TP. Hồ Chí Minh về bằng xe khách",
        _t(4, 18, 0),
        _t(5, 5, 30),
        "Xe khách Sài Gòn – Pleiku, ghế 12",
    ),
    ("GL-CS-01", "Chợ Chư Sê", _t(6, 7, 0), _t(6, 8, 0), "Mua rau, thịt"),
    ("GL-CS-01", "Quán cà phê Phố Núi", _t(7, 19, 0), _t(7, 20, 30), "Gặp bạn"),
    ("GL-CS-04", "Chợ Chư Sê", _t(9, 6, 30), _t(9, 8, 0), "Bán hàng tại quầy rau"),
    ("GL-CS-05", "Cửa hàng xăng dầu số 2", _t(9, 14, 0), _t(9, 14, 20), "Đổ xăng"),
    ("GL-CS-06", "Từ TP. Đà Nẵng về (lái xe tải)", _t(19, 20, 0), _t(20, 10, 0), ""),
    ("GL-CS-06", "Siêu thị mini Hồng Phát", _t(21, 17, 0), _t(21, 17, 40), ""),
)

# case, source, exposed, start, end, setting (named contacts from the interviews)
NAMED = (
    ("GL-CS-01", "hung", "lan", _t(5, 7, 0), _t(10, 7, 0), ExposureSetting.HOUSEHOLD),
    ("GL-CS-01", "hung", "minh", _t(5, 7, 0), _t(10, 7, 0), ExposureSetting.HOUSEHOLD),
    ("GL-CS-01", "hung", "mai", _t(6, 18, 0), _t(6, 21, 0), ExposureSetting.HOUSEHOLD),
    ("GL-CS-01", "lan", "bao", _t(9, 8, 0), _t(9, 11, 0), ExposureSetting.WORK),
    ("GL-CS-05", "tuan", "vy", _t(10, 18, 0), _t(13, 7, 0), ExposureSetting.HOUSEHOLD),
    ("GL-CS-06", "duc", "hbia", _t(20, 12, 0), _t(23, 15, 0), ExposureSetting.HOUSEHOLD),
    ("GL-CS-06", "duc", "long", _t(22, 7, 0), _t(22, 11, 0), ExposureSetting.WORK),
    ("GL-CS-07", "hbia", "hieu", _t(24, 9, 0), _t(24, 10, 0), ExposureSetting.GATHERING),
)


def outbreak_demo_load() -> int:
    """Load the outbreak demo records; returns how many were created."""
    if Case.objects.filter(code=FIRST_CODE).exists():
        return 0
    created = 0
    persons: dict[str, Person] = {}
    for key, (name, year, sex, code, village, phone) in PEOPLE.items():
        persons[key] = person_register(
            actor=None,
            scope=ALL,
            full_name=name,
            unit=_unit(code),
            birth_year=year,
            sex=sex,
            phone=phone,
            id_number=f"0642{year % 100:02d}{len(persons) + 1:06d}",
            address=f"{village}, {_unit(code).name}",
            village=village,
            allow_duplicate=True,
        )
        created += 1
    venues: dict[str, Venue] = {}
    for key, code, name, unit_code, village in VENUES:
        # each with its QR check-in code, as the venue register gives one (posters print at once)
        venues[key] = Venue.objects.create(
            code=code,
            name=name,
            unit=_unit(unit_code),
            address=village,  # the poster prints the commune below it
            checkin_token=new_checkin_token(),
        )
        created += 1
    created += checkins_insert(
        [
            (
                persons[p].pk,
                venues[v].pk,
                int(start.timestamp()),
                None if end is None else int(end.timestamp()),
            )
            for p, v, start, end in CHECKINS
        ]
    )
    cases: dict[str, Case] = {}
    for code, who, onset, sampled, confirmed, isolated, place, outcome in CASES:
        case = case_confirm(
            actor=None,
            scope=ALL,
            person=persons[who],
            confirmed_at=confirmed,
            onset_date=onset,
            sampled_at=sampled,
            isolated_at=isolated,
            place=place,
            code=code,
        )
        if outcome == "recovered":
            case = case_update(
                actor=None,
                scope=ALL,
                case=case,
                version=case.version,
                outcome=outcome,
                outcome_date=(confirmed + datetime.timedelta(days=21)).date(),
            )
        cases[code] = case
        created += 1
    for code, place, start, end, note in VISITS:
        visit_add(
            actor=None, scope=ALL, case=cases[code], place=place, start=start, end=end, note=note
        )
        created += 1
    for code, source, exposed, start, end, setting in NAMED:
        exposure_record(
            actor=None,
            scope=ALL,
            case=cases[code],
            source=persons[source],
            exposed=persons[exposed],
            start=start,
            end=end,
            setting=setting,
        )
        created += 1
    for case in cases.values():
        done = contacts_from_trace(actor=None, scope=ALL, case=case, depth=2)
        created += done.created + done.exposures
    return created
