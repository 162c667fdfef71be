"""A person whose identity the system copies everywhere it can, and the search for it afterwards.

`leave_traces` registers a person with a distinctive name, phone and CCCD, corrects all three
(so the audit log holds the values before and after), and goes through every service that takes
or copies them: household location, case with a place of isolation, visits, exposures both ways
(so the person is a contact too), an arrival with its quarantine, a health check, the release,
a sample, check-ins loaded directly and from a file, the trace and its contacts, and a logged
read whose reason names the person. `identity_found` then looks in every column of every table
through the connection's introspection; `identity_in_bytes` in a backup's bytes.

Used by the erasure tests (tests/outbreak/services/test_persons.py, tests/trust/test_erasure.py);
`main(["leave"])`, `main(["anonymise", ID])` run it in a database of its own, after
`django.setup()` (the backup test drives them in child processes, on a committed copy of the
demo).
"""

from __future__ import annotations

import datetime
import json
import struct
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection

from dieuhanh.accounts.models import User
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.checkin_store import checkins_insert
from dieuhanh.outbreak.models import ExposureSetting, Person, PersonalDataAction, SampleKind
from dieuhanh.outbreak.services.cases import case_confirm, visit_add
from dieuhanh.outbreak.services.contacts import contacts_from_trace, exposure_record
from dieuhanh.outbreak.services.imports import checkins_import, venue_create
from dieuhanh.outbreak.services.persons import person_access_log, person_correct, person_register
from dieuhanh.outbreak.services.quarantine import (
    arrival_register,
    health_check_record,
    quarantine_release,
)
from dieuhanh.outbreak.services.testing import sample_record
from dieuhanh.outbreak.services.zones import person_location_set

# Before the correction, and after: both must go. Each has a part found nowhere else (the
# ASCII words and the digits), so that a copy is found however it was spelled or escaped.
NAME_BEFORE = "Ksor H'Zulemar Quỳnh"
NAME = "Ksor H'Xeraphin Quỳnh"
PHONE_BEFORE = "0359 817 246"
PHONE = "0378.264.913"
CCCD_BEFORE = "079318620547"
CCCD = "064318620559"
ADDRESS = "12 đường Wixomb, tổ 3"
VILLAGE = "Plei Qotrunb"
LATITUDE, LONGITUDE = 13.712341, 108.087652  # labelled with 5 decimals: 13.71234, 108.08765

NEEDLES = (
    "Zulemar",
    "Xeraphin",
    "Wixomb",
    "Qotrunb",
    "359817246",
    "378264913",
    "0359 817 246",
    "0378.264.913",
    CCCD_BEFORE,
    CCCD,
    "13.71234",
    "108.08765",
)
"""What must not be found anywhere after the anonymisation (case ignored)."""

VN = datetime.timezone(datetime.timedelta(hours=7))


def at(day: int, hour: int, month: int = 7) -> datetime.datetime:
    return datetime.datetime(2021, month, day, hour, tzinfo=VN)


def leave_traces(*, actor: User | None, scope: Scope, unit: OrgUnit) -> Person:
    """The person, copied by every service that copies identities (see the module)."""

    def register(name: str, id_number: str = "", phone: str = "", place: str = "") -> Person:
        return person_register(
            actor=actor,
            scope=scope,
            full_name=name,
            unit=unit,
            id_number=id_number,
            phone=phone,
            address=place,
            village=place,
            allow_duplicate=True,
        )

    p = register(NAME_BEFORE, id_number=CCCD_BEFORE, phone=PHONE_BEFORE, place="Thôn 1")
    p = person_correct(
        actor=actor,
        scope=scope,
        person=p,
        version=p.version,
        full_name=NAME,
        phone=PHONE,
        id_number=CCCD,
        address=ADDRESS,
        village=VILLAGE,
    )
    person_location_set(
        actor=actor,
        scope=scope,
        person_id=p.pk,
        latitude=LATITUDE,
        longitude=LONGITUDE,
        household=f"Hộ bà {NAME}",
    )
    # Exposed by another case first: the person becomes its contact (F1).
    source = register("Rơ Châm Thị Nguồn")
    source_case = case_confirm(
        actor=actor, scope=scope, person=source, confirmed_at=at(8, 9), code="BN-NGUON"
    )
    exposure_record(
        actor=actor,
        scope=scope,
        case=source_case,
        source=source,
        exposed=p,
        start=at(6, 18),
        end=at(6, 20),
        setting=ExposureSetting.HOUSEHOLD,
        note=f"Ăn cơm cùng {NAME} ({PHONE})",
    )
    own = case_confirm(
        actor=actor,
        scope=scope,
        person=p,
        confirmed_at=at(12, 9),
        onset_date=datetime.date(2021, 7, 10),
        place=f"Cách ly tại nhà: {ADDRESS}, {VILLAGE}",
        code="BN-XERA",
    )
    market = venue_create(actor=actor, scope=scope, name="Chợ Chư Sê", unit=unit)
    visit_add(
        actor=actor,
        scope=scope,
        case=own,
        place=f"Nhà {NAME}, {ADDRESS}",
        start=at(9, 7),
        end=at(9, 9),
        note=f"Gọi {PHONE} hoặc {PHONE_BEFORE}",
    )
    exposure_record(
        actor=actor,
        scope=scope,
        case=own,
        source=p,
        exposed=register("Rơ Châm Thị Hàng Xóm"),
        start=at(10, 7),
        end=at(10, 8),
        setting=ExposureSetting.GATHERING,
        note=f"Hàng xóm của {NAME}",
    )
    # Check-ins (internal ids only), loaded directly and from a file, and the trace of them.
    other = register("Rơ Châm Thị Khách")
    checkins_insert([(p.pk, market.pk, int(at(9, 7).timestamp()), int(at(9, 8).timestamp()))])
    checkins_import(
        actor=actor,
        scope=scope,
        content=(
            "person_id,venue_id,checked_in_at,checked_out_at\n"
            f"{other.pk},{market.pk},2021-07-09T07:30:00+07:00,2021-07-09T08:30:00+07:00\n"
        ).encode(),
        file_name="checkins.csv",
    )
    contacts_from_trace(actor=actor, scope=scope, case=own, depth=1)
    arrival = arrival_register(
        actor=actor,
        scope=scope,
        person_id=p.pk,
        origin="Đà Nẵng",
        origin_risk=3,
        arrived_on=datetime.date(2021, 8, 2),
        vaccinated=True,
    )
    assert arrival.quarantine is not None
    health_check_record(
        actor=actor,
        scope=scope,
        quarantine_id=arrival.quarantine.pk,
        day=datetime.date(2021, 8, 3),
        temperature=Decimal("37.8"),
        symptoms=True,
        note=f"{NAME} sốt nhẹ, con gọi {PHONE}",
    )
    quarantine_release(
        actor=actor,
        scope=scope,
        quarantine_id=arrival.quarantine.pk,
        on=datetime.date(2021, 8, 5),
        note=f"{NAME} chuyển viện",
    )
    sample_record(
        actor=actor,
        scope=scope,
        person_id=p.pk,
        kind=SampleKind.PCR,
        collected_on=datetime.date(2021, 8, 4),
        result="negative",
    )
    person_access_log(
        actor=actor,
        persons=[p],
        action=PersonalDataAction.VIEW,
        reason=f"Xác minh {NAME}, CCCD {CCCD}, gọi {PHONE}",
    )
    p.refresh_from_db()
    return p


def _spellings(needle: str) -> set[str]:
    """The needle as text and as JSON escapes it (a JSON column may hold either)."""
    return {needle.casefold(), json.dumps(needle)[1:-1].casefold()}


def _coordinates() -> set[bytes]:
    return {struct.pack(">d", LATITUDE), struct.pack(">d", LONGITUDE)}


def _hits(value: object) -> list[str]:
    if isinstance(value, float):
        return [str(value)] if value in (LATITUDE, LONGITUDE) else []
    if isinstance(value, memoryview | bytes | bytearray):
        return identity_in_bytes(bytes(value))
    if isinstance(value, str):
        text = value.casefold()
    elif isinstance(value, dict | list):  # a JSON column, decoded by the driver
        text = json.dumps(value, ensure_ascii=False, default=str).casefold()
    else:  # numbers, dates, times: no text in them
        return []
    return [n for n in NEEDLES if any(s in text for s in _spellings(n))]


def identity_found(tables: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Every table and column (through the connection's introspection) where a needle or the
    exact coordinates are found: {"table.column": [needles]}."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        names = sorted(tables or connection.introspection.table_names(cursor))
        for table in names:
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    hits = _hits(value)
                    if hits:
                        found.setdefault(f"{table}.{column}", []).extend(hits)
    return {k: sorted(set(v)) for k, v in found.items()}


def identity_in_bytes(data: bytes) -> list[str]:
    """The needles (UTF-8, case ignored for ASCII) and coordinates (IEEE doubles, as SQLite
    stores them) found in raw bytes: a database file, a dump."""
    lowered = data.lower()
    hits = [n for n in NEEDLES if any(s.encode() in lowered for s in _spellings(n))]
    hits += [f"coordinate {c.hex()}" for c in _coordinates() if c in data]
    return hits


def main(argv: list[str]) -> None:
    """In a database of its own (Django set up on it): `leave` leaves the traces (in Ia Blang, as
    the system); `anonymise ID` anonymises that person. Each then prints, as JSON, the person's
    id and what the sweep finds."""
    from dieuhanh.orgunits.selectors import valid_on_q
    from dieuhanh.outbreak.services.persons import person_anonymise

    everything = Scope.everything()
    if argv[0] == "leave":
        unit = OrgUnit.objects.get(valid_on_q(datetime.date(2021, 7, 1)), code="23962")
        p = leave_traces(actor=None, scope=everything, unit=unit)
    else:
        p = Person.objects.get(pk=int(argv[1]))
        person_anonymise(actor=None, scope=everything, person=p, reason="Hết căn cứ pháp lý")
    print(json.dumps({"person": p.pk, "found": identity_found()}))
