"""The demo's epidemic-care data (Chư Sê, 2021): rules, facilities, quarantines of the contacts
of the 7 cases of the first half-year, health checks, samples with a pooled test, arrivals of
July–August 2021, a lockdown and a wider zoning in Thị trấn Chư Sê (around 13.70 N, 108.08 E),
commune populations for risk levels and "4 on-the-spot" readiness of the district and communes.

The article gives only the 7 cases and "related cases zoned and handled"; places, figures and
coordinates here are fictional but plausible. Loads after `outbreak_demo_load`; idempotent.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from dieuhanh.outbreak.models import (
    Case,
    Contact,
    Facility,
    Person,
    Quarantine,
    RiskCriteria,
    Zone,
)
from dieuhanh.outbreak.services.persons import person_register
from dieuhanh.outbreak.services.quarantine import (
    arrival_register,
    care_rules_load,
    health_check_record,
    quarantine_contacts,
    quarantine_release,
)
from dieuhanh.outbreak.services.readiness import health_profile_set, readiness_set
from dieuhanh.outbreak.services.testing import (
    pool_create,
    pool_result_record,
    sample_record,
    sample_result_record,
)
from dieuhanh.outbreak.services.zones import ZoneInput, person_location_set, zone_save

ALL = Scope.everything()
ON = datetime.date(2021, 6, 30)
D = datetime.date
MARK = "Phong tỏa Tổ dân phố 3, thị trấn Chư Sê"

# Commune centres (approximate) for persons' households and the risk colours on the map.
CENTRES: dict[str, tuple[float, float]] = {
    "23941": (13.7010, 108.0800),  # Thị trấn Chư Sê
    "23962": (13.6550, 108.1000),  # Xã Ia Blang
    "23965": (13.7350, 108.0400),  # Xã Dun
    "23944": (13.7600, 108.0900),
    "23946": (13.6900, 108.1500),
}
# Population and fully vaccinated people on 1 June 2021 (fictional, plausible orders).
POPULATION = {"23941": 24_500, "23962": 9_800, "23965": 8_600, "23944": 11_200, "23946": 7_900}

# unit, item, required, available (as of 30 June 2021)
READINESS = (
    ("633", "steering_members", 21, 21),
    ("633", "health_staff", 180, 142),
    ("633", "police", 60, 60),
    ("633", "militia", 120, 96),
    ("633", "volunteers", 200, 230),
    ("633", "vehicles", 12, 9),
    ("633", "equipment", 40, 31),
    ("633", "test_kits", 5_000, 3_200),
    ("633", "supplies", 1_000, 850),
    ("633", "beds", 300, 250),
    ("23941", "steering_members", 15, 15),
    ("23941", "health_staff", 25, 18),
    ("23941", "militia", 30, 30),
    ("23941", "volunteers", 60, 72),
    ("23941", "test_kits", 800, 500),
    ("23941", "beds", 40, 40),
    ("23962", "steering_members", 13, 13),
    ("23962", "health_staff", 10, 8),
    ("23962", "militia", 20, 16),
    ("23962", "beds", 20, 12),
    ("23965", "steering_members", 13, 12),
    ("23965", "health_staff", 10, 10),
    ("23965", "test_kits", 300, 300),
)

# name, birth year, sex, commune, village, phone, origin, risk, arrived, vaccinated
ARRIVALS = (
    (
        "Lê Văn Thành",
        1994,
        "M",
        "23941",
        "Tổ dân phố 7",
        "0901234501",
        "TP. Hồ Chí Minh",
        4,
        D(2021, 7, 20),
        False,
    ),
    (
        "Nguyễn Thị Bích",
        1997,
        "F",
        "23962",
        "Thôn Hòa Bình",
        "0901234502",
        "Bình Dương",
        4,
        D(2021, 7, 22),
        False,
    ),
    (
        "Rơ Mah Thuận",
        1990,
        "M",
        "23965",
        "Làng Ia Lang",
        "0901234503",
        "Đắk Lắk",
        2,
        D(2021, 7, 25),
        False,
    ),
    (
        "Trần Quốc Việt",
        1988,
        "M",
        "23941",
        "Tổ dân phố 1",
        "0901234504",
        "TP. Đà Nẵng",
        3,
        D(2021, 8, 5),
        True,
    ),
)


def _unit(code: str, on: datetime.date = ON) -> OrgUnit:
    return OrgUnit.objects.get(valid_on_q(on), code=code)


def _jitter(i: int) -> tuple[float, float]:
    """A deterministic offset of a few tens of metres per person."""
    return ((i * 37 % 11 - 5) * 0.00025, (i * 53 % 13 - 6) * 0.00025)


def _follow_schedule(q: Quarantine, *, until: datetime.date) -> None:
    """A negative PCR on each of the quarantine's open due days before `until`."""
    for t in q.scheduled_tests.filter(open=True, due_on__lt=until).order_by("due_on"):
        sample_record(
            actor=None,
            scope=ALL,
            person_id=q.person_id,
            kind="pcr",
            collected_on=t.due_on,
            result="negative",
        )


def outbreak_care_demo_load() -> int:
    """Load the care demo records (after the cases); returns how many were created."""
    if Zone.objects.filter(name=MARK).exists():
        return 0
    if not Case.objects.filter(code="GL-CS-01").exists():
        return 0  # the outbreak demo (part A) is not loaded: nothing to care for
    created = care_rules_load()
    district = _unit("633")
    main = Facility.objects.create(
        unit=district,
        unit_path=district.path,
        name="Khu cách ly tập trung huyện Chư Sê (Trường Quân sự huyện)",
        address="Thị trấn Chư Sê",
        capacity=150,
        latitude=13.7120,
        longitude=108.0870,
    )
    blang = _unit("23962")
    Facility.objects.create(
        unit=blang,
        unit_path=blang.path,
        name="Khu cách ly tập trung xã Ia Blang (Trường THCS)",
        capacity=30,
        latitude=13.6560,
        longitude=108.1010,
    )
    created += 2

    # Households on the map: everyone of the outbreak demo near their commune's centre; the
    # first chain's household (Tổ dân phố 3) in the middle of the lockdown.
    persons = list(Person.objects.filter(unit_path__startswith=district.path).order_by("pk"))
    for i, p in enumerate(persons):
        lat, lon = CENTRES.get(p.unit.code, (13.70, 108.08))
        dlat, dlon = _jitter(i)
        if p.village == "Tổ dân phố 3":
            lat, lon, dlat, dlon = 13.7015, 108.0790, dlat / 4, dlon / 4
        person_location_set(
            actor=None,
            scope=ALL,
            person_id=p.pk,
            latitude=round(lat + dlat, 6),
            longitude=round(lon + dlon, 6),
            household=p.village,
        )
        created += 1

    # Quarantine of the first chain's contacts (cases of 10–14 June): F1 in the district
    # facility by the rule of May 2021 (21 days + 7 of monitoring), F2 at home.
    first_chain = ["GL-CS-01", "GL-CS-02", "GL-CS-03", "GL-CS-04", "GL-CS-05"]
    case_people = set(Case.objects.values_list("person_id", flat=True))
    seen: set[int] = set()
    f1: list[int] = []
    f2: list[int] = []
    for c in Contact.objects.filter(case__code__in=first_chain).order_by("generation", "pk"):
        if c.person_id in case_people or c.person_id in seen:
            continue
        seen.add(c.person_id)
        (f1 if c.generation == 1 else f2).append(c.pk)
    quarantines = []
    if f1:
        quarantines += quarantine_contacts(
            actor=None, scope=ALL, contact_ids=f1, start=D(2021, 6, 14), facility_id=main.pk
        )
    if f2:
        quarantines += quarantine_contacts(
            actor=None, scope=ALL, contact_ids=f2, start=D(2021, 6, 14)
        )
    created += len(quarantines)
    for n, q in enumerate(quarantines):
        for d in range((q.planned_end - q.start).days):
            health_check_record(
                actor=None,
                scope=ALL,
                quarantine_id=q.pk,
                day=q.start + datetime.timedelta(days=d),
                temperature=Decimal("36.5") + Decimal(n % 4) / 10,
                symptoms=False,
            )
            created += 1
        # day-1 test: an individual PCR, negative
        sample_record(
            actor=None,
            scope=ALL,
            person_id=q.person_id,
            kind="pcr",
            collected_on=q.start,
            result="negative",
        )
        created += 1
    # Day-7 tests of the facility's F1 pooled (gộp mẫu), negative.
    in_facility = [q.person_id for q in quarantines if q.place == "facility"]
    if len(in_facility) >= 2:
        pool_create(
            actor=None,
            scope=ALL,
            unit_code="633",
            code="CS-210620-01",
            collected_on=D(2021, 6, 20),
            person_ids=in_facility[:10],
        )
        pool_result_record(
            actor=None, scope=ALL, code="CS-210620-01", result="negative", result_on=D(2021, 6, 21)
        )
        created += 1
    # The market screening of 12 June: a positive pool, each member retested alone; the
    # vendor Lê Thị Hoa (GL-CS-04) was positive, the others negative.
    hoa = Case.objects.get(code="GL-CS-04").person_id
    vendors = [hoa] + [
        p.pk
        for p in Person.objects.filter(
            full_name__in=["Huỳnh Văn Khang", "Bùi Thị Yến", "Lý Thanh Sơn", "Trịnh Thị Nhung"]
        )
    ]
    pool_create(
        actor=None,
        scope=ALL,
        unit_code="23941",
        code="CS-210612-CHO",
        collected_on=D(2021, 6, 12),
        person_ids=vendors,
    )
    pool_result_record(
        actor=None, scope=ALL, code="CS-210612-CHO", result="positive", result_on=D(2021, 6, 12)
    )
    for pid in vendors:
        s = sample_record(
            actor=None, scope=ALL, person_id=pid, kind="pcr", collected_on=D(2021, 6, 12)
        )
        sample_result_record(
            actor=None,
            scope=ALL,
            sample_id=s.pk,
            result="positive" if pid == hoa else "negative",
            result_on=D(2021, 6, 13),
        )
        created += 1
    # (Each individual sample covers its member's retest due on the 12th.)
    # The rest of each schedule was followed: a negative sample on every remaining due day.
    for q in quarantines:
        _follow_schedule(q, until=q.planned_end)
    # Released at the end of the planned quarantine (21 days: 5 July).
    for q in quarantines:
        quarantine_release(
            actor=None,
            scope=ALL,
            quarantine_id=q.pk,
            on=q.planned_end,
            note="Hết thời gian cách ly",
        )

    # Zones: a narrow lockdown around the first household, a wider zoning around the market.
    zone_save(
        actor=None,
        scope=ALL,
        data=ZoneInput(
            unit_code="23941",
            name=MARK,
            kind="lockdown",
            shape="circle",
            start=D(2021, 6, 10),
            end=D(2021, 6, 30),
            center_lat=13.7015,
            center_lon=108.0790,
            radius_m=250,
            households=46,
            people=187,
            note="Quanh nhà ca bệnh GL-CS-01",
        ),
    )
    zone_save(
        actor=None,
        scope=ALL,
        data=ZoneInput(
            unit_code="23941",
            name="Khoanh vùng khu vực chợ Chư Sê",
            kind="zoning",
            shape="polygon",
            start=D(2021, 6, 10),
            end=D(2021, 7, 5),
            polygon=(
                (13.7060, 108.0740),
                (13.7065, 108.0850),
                (13.6975, 108.0860),
                (13.6965, 108.0745),
            ),
            households=320,
            people=1_250,
            note="Chợ Chư Sê và các tổ dân phố 2, 3, 4",
        ),
    )
    zone_save(
        actor=None,
        scope=ALL,
        data=ZoneInput(
            unit_code="23962",
            name="Phong tỏa Thôn Thanh Bình, xã Ia Blang",
            kind="lockdown",
            shape="circle",
            start=D(2021, 6, 23),
            center_lat=13.6550,
            center_lon=108.1000,
            radius_m=300,
            households=58,
            people=241,
            note="Quanh nhà ca bệnh GL-CS-06 và GL-CS-07",
        ),
    )
    created += 3

    # Risk levels: the criteria in force and the communes' populations.
    RiskCriteria.objects.get_or_create(
        valid_from=D(2021, 1, 1),
        defaults={"level2_from": 20, "level3_from": 50, "level4_from": 150, "relief_coverage": 0.7},
    )
    for code, population in POPULATION.items():
        lat, lon = CENTRES[code]
        health_profile_set(
            actor=None,
            scope=ALL,
            unit=_unit(code),
            valid_from=D(2021, 6, 1),
            population=population,
            fully_vaccinated=population // 50,
            latitude=lat,
            longitude=lon,
        )
        created += 1

    for code, item, required, available in READINESS:
        readiness_set(
            actor=None,
            scope=ALL,
            unit_code=code,
            on=ON,
            item=item,
            required=required,
            available=available,
        )
        created += 1

    # Arrivals of July–August 2021, assigned by the rules in force on their arrival date.
    for name, year, sex, code, village, phone, origin, risk, arrived, vaccinated in ARRIVALS:
        person = person_register(
            actor=None,
            scope=ALL,
            full_name=name,
            unit=_unit(code),
            birth_year=year,
            sex=sex,
            phone=phone,
            address=f"{village}, {_unit(code).name}",
            village=village,
            allow_duplicate=True,
        )
        arrival = arrival_register(
            actor=None,
            scope=ALL,
            person_id=person.pk,
            origin=origin,
            origin_risk=risk,
            arrived_on=arrived,
            vaccinated=vaccinated,
        )
        created += 2
        quarantine = arrival.quarantine
        if quarantine is None:
            continue
        if vaccinated:
            # Still at home on the demo's last day: the day-7 test is left overdue.
            _follow_schedule(quarantine, until=quarantine.start + datetime.timedelta(days=1))
        else:
            _follow_schedule(quarantine, until=quarantine.planned_end)
            quarantine_release(
                actor=None,
                scope=ALL,
                quarantine_id=quarantine.pk,
                on=quarantine.planned_end,
                note="Hết thời gian",
            )
    return created
