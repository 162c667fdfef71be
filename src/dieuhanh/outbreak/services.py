"""Writes of the epidemic response (tracing part): persons, cases, investigation, contacts,
check-in and case imports. Keyword-only, validated in full before writing, one transaction.

`actor=None` is the system (the console without --user): unrestricted.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import io
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, transaction
from django.db.models import Exists, Field, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write, require_write
from dieuhanh.core.errors import AccessDenied, Conflict, DomainError, NotFound, ValidationFailed
from dieuhanh.core.imports import ImportRefused, RowProblem
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import clean_or_raise
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.models import (
    Case,
    CheckInPersonBlock,
    CheckInPersonPart,
    CheckInVenueBlock,
    CheckInVenuePart,
    Contact,
    ContactStatus,
    Exposure,
    ExposureSetting,
    Person,
    PersonalDataAccess,
    PersonalDataAction,
    Sex,
    Venue,
    Visit,
)
from dieuhanh.outbreak.pure.checkin_blocks import (
    PERSON_BUCKET,
    VENUE_BUCKET,
    Blocks,
    CheckInColumns,
    Decoded,
    bucket_range,
    check_columns,
    decode,
    decode_many,
    pack_person_blocks,
    pack_venue_blocks,
    unpack,
    venue_days_needed,
)
from dieuhanh.outbreak.pure.tracing import (
    I64,
    MAX_STAY,
    OPEN_END,
    Stay,
    StayColumns,
    TraceExposure,
)
from dieuhanh.outbreak.selectors import (
    TraceResult,
    person_duplicates,
    trace_case,
)
from dieuhanh.vn import fold, name_key

RECORD_MODULES = (Module.OUTBREAK, Module.PERSONAL_DATA)
"""What a role must write to record persons, cases and contacts (identities and health)."""

FOLLOW_UP_DAYS = 14
"""Default follow-up of a contact after its last exposure (COVID-19)."""


def person_access_log(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    persons: Iterable[Person | int],
    action: str,
    reason: str | None = None,
) -> int:
    """Record that `actor` saw (or exported, corrected…) these persons' identities.

    `action` is a `PersonalDataAction` value. Returns the number of rows written.
    """
    PersonalDataAction(action)  # refuse an unknown action loudly
    real = actor if actor is not None and actor.is_authenticated else None
    label = real.get_username() if real is not None else "system"
    ids = sorted({p if isinstance(p, int) else int(p.pk) for p in persons})
    rows = [
        PersonalDataAccess(
            user_id=real.pk if real is not None else None,
            user_label=label,
            person_id=pid,
            action=action,
            reason=(reason or "")[:255],
        )
        for pid in ids
    ]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _person_keys(person: Person) -> None:
    person.full_name = " ".join(person.full_name.split())
    person.search_key = " " + fold(f"{person.full_name} {person.id_number} {person.phone}")
    person.name_key = name_key(person.full_name)
    person.phone_key = "".join(ch for ch in person.phone if ch.isdigit())[-9:]
    person.unit_path = person.unit.path


@transaction.atomic
def person_register(
    *,
    actor: User | None,
    scope: Scope,
    full_name: str,
    unit: OrgUnit,
    birth_year: int | None = None,
    sex: str = Sex.UNKNOWN,
    id_number: str = "",
    phone: str = "",
    address: str = "",
    village: str = "",
    allow_duplicate: bool = False,
) -> Person:
    """Register a person (đăng ký). A probable duplicate (same ID number, or same name + birth
    year + phone, accents ignored) is refused with Conflict unless `allow_duplicate`."""
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=unit.path)
    person = Person(
        full_name=full_name,
        unit=unit,
        birth_year=birth_year,
        sex=sex,
        id_number=id_number.strip(),
        phone=phone.strip(),
        address=address.strip(),
        village=village.strip(),
    )
    _person_keys(person)
    if not person.full_name:
        raise ValidationFailed(_("Full name is required."))
    if birth_year is not None and not 1900 <= birth_year <= timezone.localdate().year:
        raise ValidationFailed(_("Birth year %(year)s is not plausible."), year=birth_year)
    clean_or_raise(person)
    if not allow_duplicate:
        dupes = person_duplicates(
            id_number=person.id_number,
            name_key=person.name_key,
            birth_year=person.birth_year,
            phone_key=person.phone_key,
        )
        if dupes:
            raise Conflict(
                _("Probably already registered: person %(ids)s."),
                ids=", ".join(f"#{pk}" for pk in dupes),
            )
    person.save()
    person_access_log(actor=actor, persons=[person], action=PersonalDataAction.CREATE)
    audit_record(actor=actor, action="outbreak.person.register", obj=person)
    return person


@transaction.atomic
def person_correct(
    *, actor: User | None, scope: Scope, person: Person, version: int, **fields: Any
) -> Person:
    """Correct a person's data (đính chính). `version` must be the one the editor saw."""
    allowed = {
        "full_name",
        "birth_year",
        "sex",
        "id_number",
        "phone",
        "address",
        "village",
        "unit",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(fields)s."), fields=", ".join(sorted(unknown)))
    locked = Person.objects.select_for_update().get(pk=person.pk)
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=locked.unit_path)
    if locked.anonymised:
        raise ValidationFailed(_("This person's data was anonymised and can no longer change."))
    if locked.version != version:
        raise Conflict(_("Someone else changed this person meanwhile: reload and try again."))
    before = {k: str(getattr(locked, k)) for k in fields}
    for key, value in fields.items():
        setattr(locked, key, value.strip() if isinstance(value, str) else value)
    if "unit" in fields:
        check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=locked.unit.path)
    _person_keys(locked)
    clean_or_raise(locked)
    locked.version += 1
    locked.save()
    Case.objects.filter(person=locked).update(unit_path=locked.unit_path)
    Contact.objects.filter(person=locked).update(unit_path=locked.unit_path)
    person_access_log(actor=actor, persons=[locked], action=PersonalDataAction.CORRECT)
    audit_record(
        actor=actor,
        action="outbreak.person.correct",
        obj=locked,
        changes={k: [before[k], str(getattr(locked, k))] for k in fields},
    )
    return locked


@transaction.atomic
def person_anonymise(*, actor: User | None, scope: Scope, person: Person, reason: str) -> Person:
    """Erase the identity when the legal basis ends (ẩn danh); counts and dates remain."""
    if not reason.strip():
        raise ValidationFailed(_("A reason is required to anonymise a person."))
    locked = Person.objects.select_for_update().get(pk=person.pk)
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=locked.unit_path)
    if locked.anonymised:
        return locked
    locked.full_name = f"#{locked.pk}"
    locked.id_number = ""
    locked.phone = ""
    locked.address = ""
    locked.village = ""
    locked.search_key = ""
    locked.name_key = ""
    locked.phone_key = ""
    locked.anonymised = True
    locked.anonymised_at = timezone.now()
    locked.version += 1
    locked.save()
    person_access_log(
        actor=actor, persons=[locked], action=PersonalDataAction.ANONYMISE, reason=reason
    )
    audit_record(
        actor=actor, action="outbreak.person.anonymise", obj=locked, changes={"reason": reason}
    )
    return locked


def _aware(value: datetime.datetime | None, field: str) -> None:
    if value is not None and timezone.is_naive(value):
        raise ValidationFailed(_("%(field)s needs a time zone offset."), field=field)


@transaction.atomic
def case_confirm(
    *,
    actor: User | None,
    scope: Scope,
    person: Person,
    confirmed_at: datetime.datetime,
    onset_date: datetime.date | None = None,
    sampled_at: datetime.datetime | None = None,
    isolated_at: datetime.datetime | None = None,
    place: str = "",
    code: str = "",
) -> Case:
    """Confirm a case (F0) for `person`. A person is confirmed once per disease."""
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=person.unit_path)
    for name, value in (
        ("confirmed_at", confirmed_at),
        ("sampled_at", sampled_at),
        ("isolated_at", isolated_at),
    ):
        _aware(value, name)
    if sampled_at is not None and sampled_at > confirmed_at:
        raise ValidationFailed(_("The sample cannot be taken after the confirmation."))
    if onset_date is not None and onset_date > timezone.localdate(confirmed_at):
        raise ValidationFailed(_("The onset date cannot be after the confirmation."))
    if Case.objects.filter(person=person, disease="covid19").exists():
        raise Conflict(_("This person is already a confirmed case."))
    case = Case(
        person=person,
        code=code.strip(),
        onset_date=onset_date,
        sampled_at=sampled_at,
        confirmed_at=confirmed_at,
        isolated_at=isolated_at,
        place=place.strip(),
        unit_path=person.unit_path,
    )
    clean_or_raise(case)
    case.save()
    Contact.objects.filter(person=person, status=ContactStatus.FOLLOWING).update(
        status=ContactStatus.BECAME_CASE
    )
    audit_record(actor=actor, action="outbreak.case.confirm", obj=case)
    return case


@transaction.atomic
def case_update(
    *, actor: User | None, scope: Scope, case: Case, version: int, **fields: Any
) -> Case:
    """Change a case's dates, place or outcome; `version` guards concurrent edits."""
    allowed = {"isolated_at", "place", "outcome", "outcome_date", "onset_date", "code"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(fields)s."), fields=", ".join(sorted(unknown)))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=locked.unit_path)
    if locked.version != version:
        raise Conflict(_("Someone else changed this case meanwhile: reload and try again."))
    for key, value in fields.items():
        setattr(locked, key, value)
    _aware(locked.isolated_at, "isolated_at")
    clean_or_raise(locked)
    locked.version += 1
    locked.save()
    audit_record(actor=actor, action="outbreak.case.update", obj=locked)
    return locked


@transaction.atomic
def visit_add(
    *,
    actor: User | None,
    scope: Scope,
    case: Case,
    place: str,
    start: datetime.datetime,
    end: datetime.datetime,
    venue: Venue | None = None,
    note: str = "",
) -> Visit:
    """Add a place and time the case visited (mốc dịch tễ)."""
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=case.unit_path)
    _aware(start, "start")
    _aware(end, "end")
    if end <= start:
        raise ValidationFailed(_("A visit must end after it starts."))
    visit = Visit(
        case=case,
        venue=venue,
        place=(place or (venue.name if venue else "")).strip(),
        start=start,
        end=end,
        note=note,
    )
    clean_or_raise(visit, exclude=["case", "venue"])
    visit.save()
    audit_record(actor=actor, action="outbreak.visit.add", obj=visit)
    return visit


def _generation_for(case: Case, source: Person) -> int:
    if source.pk == case.person_id:
        return 1
    if Contact.objects.filter(case=case, person=source, generation=1).exists():
        return 2
    raise ValidationFailed(
        _("The source must be the case itself or one of its F1 contacts."),
    )


class _Plan(NamedTuple):
    """What a contact should become: generation, via, last exposure (epoch seconds)."""

    generation: int
    via: int | None
    last: int


_ContactRow = tuple[int, int, int, int | None, datetime.datetime, datetime.date, int]
"""pk, person id, generation, via id, last exposure, follow-up end, version of a contact."""


def _id_batch() -> int:
    """How many ids one `IN (…)` list holds: SQLite's default variable limit is 32 766 (999
    before 3.32), PostgreSQL takes 65 535 parameters."""
    if connection.vendor == "sqlite" and sqlite3.sqlite_version_info < (3, 32):
        return 900
    return 20_000


def _persons_facts(ids: Sequence[int]) -> dict[int, tuple[str, bool]]:
    """person id → (unit path, already a confirmed case), in batched queries."""
    out: dict[int, tuple[str, bool]] = {}
    step = _id_batch()
    is_case = Exists(Case.objects.filter(person_id=OuterRef("pk")))
    for i in range(0, len(ids), step):
        out.update(
            (pk, (path, bool(case)))
            for pk, path, case in Person.objects.filter(pk__in=ids[i : i + step])
            .annotate(is_case=is_case)
            .values_list("pk", "unit_path", "is_case")
        )
    return out


def _stored_contacts(
    case: Case, ids: Sequence[int], *, lock: bool = False
) -> dict[int, _ContactRow]:
    """The stored contacts of `case` for `ids`: one query for a large set (every contact of the
    case), batched `IN` lists for a small one; `lock` takes their rows FOR UPDATE."""
    qs = Contact.objects.filter(case=case)
    if lock:
        qs = qs.select_for_update()
    fields = (
        "pk",
        "person_id",
        "generation",
        "via_id",
        "last_exposure_at",
        "follow_up_until",
        "version",
    )
    step = _id_batch()
    wanted = set(ids)
    out: dict[int, _ContactRow] = {}
    if len(ids) > step:
        rows: Iterable[_ContactRow] = qs.values_list(*fields).iterator(chunk_size=20_000)
        out = {r[1]: r for r in rows if r[1] in wanted}
    else:
        out = {r[1]: r for r in qs.filter(person_id__in=list(ids)).values_list(*fields)}
    return out


def _lock_case(case: Case) -> None:
    """Serialise the writers of one case's contacts (PostgreSQL; SQLite serialises writers):
    two runs never insert the same contact or exposure twice."""
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").get()


def _follow_up_until(last: datetime.datetime) -> datetime.date:
    return timezone.localdate(last) + datetime.timedelta(days=FOLLOW_UP_DAYS)


def _contacts_update(
    rows: Sequence[tuple[int, int, int | None, datetime.datetime, datetime.date]],
) -> None:
    """Write (pk, generation, via, last exposure, follow-up end) to locked contacts, raising
    each `version` by one: one prepared UPDATE run over the rows (`executemany`), which
    `bulk_update` would build as a CASE per field per row (7 s of Python for 10 000 rows)."""
    if not rows:
        return

    def field(name: str) -> Field[Any, Any]:
        found = Contact._meta.get_field(name)
        assert isinstance(found, Field)
        return found

    columns = [
        field(name).column
        for name in ("generation", "via", "last_exposure_at", "follow_up_until", "updated_at")
    ]
    sql = (
        f"UPDATE {Contact._meta.db_table} SET "  # noqa: S608
        + ", ".join(f"{c} = %s" for c in columns)
        + f", {field('version').column} = {field('version').column} + 1 WHERE id = %s"
    )
    last_field, until_field = field("last_exposure_at"), field("follow_up_until")
    now = last_field.get_db_prep_value(timezone.now(), connection)
    params = [
        (
            generation,
            via,
            last_field.get_db_prep_value(last, connection),
            until_field.get_db_prep_value(until, connection),
            now,
            pk,
        )
        for pk, generation, via, last, until in rows
    ]
    params.sort(key=lambda p: p[-1])  # in key order: neighbouring rows share pages
    with connection.cursor() as cursor:
        for i in range(0, len(params), 5000):
            cursor.executemany(sql, params[i : i + 5000])


def _contacts_upsert(
    case: Case, plans: dict[int, _Plan], facts: dict[int, tuple[str, bool]] | None = None
) -> tuple[int, int]:
    """Create or update the contacts of `case` for every person of `plans`, set-based.

    A new person becomes a contact (status "became a case" when already confirmed); a stored
    contact takes a smaller generation (with its via) and a later last exposure, its `version`
    raised by one. Stored rows to change are re-read FOR UPDATE before they are written, so a
    concurrent edit is never silently overwritten (nor its version increment lost). Returns
    (created, updated).
    """
    _lock_case(case)
    ids = sorted(plans)
    stored = _stored_contacts(case, ids)
    new_ids = [pid for pid in ids if pid not in stored]
    if facts is None:
        facts = _persons_facts(new_ids)
    unknown = [pid for pid in new_ids if pid not in facts]
    if unknown:
        raise NotFound(_("Unknown person %(id)s."), id=unknown[0])
    creates = []
    for pid in new_ids:
        plan = plans[pid]
        last = datetime.datetime.fromtimestamp(plan.last, tz=datetime.UTC)
        path, is_case = facts[pid]
        creates.append(
            Contact(
                case=case,
                person_id=pid,
                generation=plan.generation,
                via_id=plan.via,
                last_exposure_at=last,
                follow_up_until=_follow_up_until(last),
                unit_path=path,
                status=ContactStatus.BECAME_CASE if is_case else ContactStatus.FOLLOWING,
            )
        )
    Contact.objects.bulk_create(creates, batch_size=2000)

    def changes(row: _ContactRow) -> bool:
        plan = plans[row[1]]
        return plan.generation < row[2] or plan.last > int(row[4].timestamp())

    candidates = [pid for pid, row in stored.items() if changes(row)]
    if not candidates:
        return len(creates), 0
    updates: list[tuple[int, int, int | None, datetime.datetime, datetime.date]] = []
    for row in _stored_contacts(case, candidates, lock=True).values():
        pk, pid, generation, via, last_at, until, _version = row
        plan = plans[pid]
        last = datetime.datetime.fromtimestamp(plan.last, tz=datetime.UTC)
        if plan.generation >= generation and last <= last_at:
            continue  # changed meanwhile: nothing left to do
        if plan.generation < generation:
            generation, via = plan.generation, plan.via
        if last > last_at:
            last_at, until = last, _follow_up_until(last)
        updates.append((pk, generation, via, last_at, until))
    _contacts_update(updates)
    return len(creates), len(updates)


def _contact_upsert(
    case: Case, person: Person | int, generation: int, via: int | None, last: datetime.datetime
) -> bool:
    """One person's contact of `case` (see `_contacts_upsert`); True when it was created."""
    person_id = person if isinstance(person, int) else int(person.pk)
    created, _updated = _contacts_upsert(
        case, {person_id: _Plan(generation, via, int(last.timestamp()))}
    )
    return created == 1


@transaction.atomic
def exposure_record(
    *,
    actor: User | None,
    scope: Scope,
    case: Case,
    source: Person,
    exposed: Person,
    start: datetime.datetime,
    end: datetime.datetime,
    setting: str,
    venue: Venue | None = None,
    note: str = "",
) -> Exposure:
    """Record a named contact: `source` exposed `exposed` (tiếp xúc). The exposed person becomes
    a contact of the case to follow up, F1 when the source is the case, F2 via an F1."""
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=case.unit_path)
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=exposed.unit_path)
    _aware(start, "start")
    _aware(end, "end")
    if end <= start:
        raise ValidationFailed(_("An exposure must end after it starts."))
    if exposed.pk == case.person_id:
        raise ValidationFailed(_("The case cannot be its own contact."))
    if source.pk == exposed.pk:
        raise ValidationFailed(_("A person cannot expose themselves."))
    ExposureSetting(setting)
    generation = _generation_for(case, source)
    exposure = Exposure(
        case=case,
        source=source,
        exposed=exposed,
        generation=generation,
        start=start,
        end=end,
        setting=setting,
        venue=venue,
        note=note,
    )
    clean_or_raise(exposure, exclude=["case", "source", "exposed", "venue"])
    exposure.save()
    _contact_upsert(case, exposed, generation, source.pk, end)
    audit_record(actor=actor, action="outbreak.exposure.record", obj=exposure)
    return exposure


@dataclass(frozen=True)
class ContactsCreated:
    """What `contacts_from_trace` did: `person_ids` (sorted) are the traced persons, each now a
    contact of the case; `created` of them are new, `updated` changed; `exposures` rows added.
    The contacts themselves are read a page at a time (`selectors.contacts_of_persons`)."""

    person_ids: list[int]
    created: int
    updated: int
    exposures: int

    @property
    def total(self) -> int:
        return len(self.person_ids)


def _exposure_key(via: int, person: int, venue: int, start: int, end: int) -> int:
    """One int for an exposure interval (ids and epoch seconds below 2**40 each): a set of a
    million of them takes a fifth of the memory tuples would."""
    return (((((via << 40) | person) << 40 | venue) << 40 | start) << 40) | end


def _trace_plans(
    case: Case, exposures: Sequence[TraceExposure], last_ends: Sequence[int]
) -> tuple[list[Exposure], dict[int, _Plan]]:
    """The exposure rows the case does not have yet, and each traced person's contact plan:
    the smallest generation (its via: the exposure of that generation that ends last) and the
    latest end of an exposure (`last_ends`, per entry: an F1 entry's own end; an F2 entry, one
    per person, carries the end of that person's latest exposure). One query (the case's stored
    venue exposures)."""
    existing: set[int] = set()
    for via, person, venue, start, end in (
        Exposure.objects.filter(case=case, setting=ExposureSetting.VENUE)
        .values_list("source_id", "exposed_id", "venue_id", "start", "end")
        .iterator(chunk_size=20_000)
    ):
        existing.add(
            _exposure_key(via, person, venue or 0, int(start.timestamp()), int(end.timestamp()))
        )
    new: list[Exposure] = []
    plans: dict[int, _Plan] = {}
    utc = datetime.UTC
    for e, last_end in zip(exposures, last_ends, strict=True):
        key = _exposure_key(e.via, e.person_id, e.venue_id, e.overlap_start, e.overlap_end)
        if key not in existing:
            existing.add(key)
            new.append(
                Exposure(
                    case=case,
                    source_id=e.via,
                    exposed_id=e.person_id,
                    generation=e.generation,
                    start=datetime.datetime.fromtimestamp(e.overlap_start, tz=utc),
                    end=datetime.datetime.fromtimestamp(e.overlap_end, tz=utc),
                    setting=ExposureSetting.VENUE,
                    venue_id=e.venue_id,
                )
            )
        seen = plans.get(e.person_id)
        if seen is None:
            plans[e.person_id] = _Plan(e.generation, e.via, last_end)
        elif last_end > seen.last or e.generation < seen.generation:
            plans[e.person_id] = _Plan(
                min(e.generation, seen.generation),
                e.via if e.generation <= seen.generation else seen.via,
                max(last_end, seen.last),
            )
    return new, plans


@transaction.atomic
def contacts_from_trace(
    *, actor: User | None, scope: Scope, case: Case, depth: int = 1
) -> ContactsCreated:
    """Turn the traced F1 (and F2 with `depth=2`) list into contacts to follow up, in one action.

    Each entry becomes an `Exposure` (setting "venue"): every F1 exposure interval, each F2
    person's first exposure; each exposed person one `Contact` (created, or updated to a
    smaller generation / later last exposure: for F2 their latest exposure through any F1).
    Running it twice creates nothing new. Set-based: a fixed handful of queries plus one per
    batch of persons, rows written with bulk_create / bulk_update; a traced person outside the
    actor's units refuses the whole list before anything is written. Concurrent runs for the
    same case wait for each other (the case row is locked).
    """
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=case.unit_path)
    _lock_case(case)
    result: TraceResult = trace_case(case=case, depth=depth)
    new_exposures, plans = _trace_plans(case, result.exposures, result.columns.last_end.tolist())
    ids = sorted(plans)
    facts = _persons_facts(ids)
    unknown = [pid for pid in ids if pid not in facts]
    if unknown:
        raise NotFound(_("Unknown person %(id)s."), id=unknown[0])
    if not scope.unrestricted:
        outside = sum(1 for pid in ids if not scope.can_capture_path(facts[pid][0]))
        if outside:
            raise AccessDenied(
                _("Some traced persons live outside your units: %(n)s person(s)."), n=outside
            )
    Exposure.objects.bulk_create(new_exposures, batch_size=2000)
    created, updated = _contacts_upsert(case, plans, facts)
    audit_record(
        actor=actor,
        action="outbreak.contacts.from_trace",
        obj=case,
        changes={"depth": depth, "contacts": len(ids), "created": created, "updated": updated},
    )
    return ContactsCreated(
        person_ids=ids, created=created, updated=updated, exposures=len(new_exposures)
    )


# ---------------------------------------------------------------------------------------------
# Imports (DESIGN §3): CSV, whole file validated before anything is written.


@dataclass(frozen=True)
class ImportDone:
    file: str
    rows: int
    created: int
    dry_run: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "dry_run": self.dry_run,
        }


def parse_instant(text: str) -> datetime.datetime:
    """An ISO 8601 time with offset; a time without offset is refused."""
    value = text.strip()
    if not value:
        raise ValidationFailed(_("A time is required."))
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            _("%(value)s is not an ISO 8601 time (e.g. 2021-07-10T08:30:00+07:00)."), value=value
        ) from None
    if parsed.tzinfo is None:
        raise ValidationFailed(
            _("%(value)s has no time zone offset: write it as e.g. 2021-07-10T08:30:00+07:00."),
            value=value,
        )
    return parsed


def _read_csv(content: bytes, file_name: str, header: Sequence[str]) -> list[dict[str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(_("%(file)s is not UTF-8 text."), file=file_name) from None
    reader = csv.DictReader(io.StringIO(text))
    found = [h.strip() for h in (reader.fieldnames or [])]
    missing = [h for h in header if h not in found]
    if missing:
        raise ValidationFailed(
            _("%(file)s: missing columns %(columns)s (expected %(expected)s)."),
            file=file_name,
            columns=", ".join(missing),
            expected=",".join(header),
        )
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def _int_field(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValidationFailed(_("%(value)s is not a whole number."), value=value or "∅") from None


CHECKIN_HEADER = ("person_id", "venue_id", "checked_in_at", "checked_out_at")
CASE_HEADER = ("person_id", "confirmed_at", "onset_date", "sampled_at", "isolated_at")


@dataclass
class _Cover:
    """The blocks of one key read for buckets `lo..hi` (only the blocks that exist)."""

    lo: int
    hi: int
    buckets: list[int] = field(default_factory=list)
    blocks: list[Decoded | bytes] = field(default_factory=list)  # decoded on first use


class DbCheckIns:
    """The packed check-in store (`CheckInVenueBlock`, `CheckInPersonBlock`) as the tracing
    engine's `CheckInSource`.

    A person query reads that person's 64-day blocks, a venue query the venue's day blocks
    (from the day of `start - MAX_STAY`), one indexed query each; decoded blocks are kept for
    the life of the object. F2 reads columns: every F1's blocks, then every venue-day block an
    F1 interval may touch, in a few batched queries. The overlap rule itself stays in
    `pure.tracing`.
    """

    _SIDES = {
        "person": (
            (CheckInPersonBlock._meta.db_table, CheckInPersonPart._meta.db_table),
            "person_id",
            "span",
            PERSON_BUCKET,
        ),
        "venue": (
            (CheckInVenueBlock._meta.db_table, CheckInVenuePart._meta.db_table),
            "venue_id",
            "day",
            VENUE_BUCKET,
        ),
    }
    """Per side: the blocks and the parts later loads appended (read together), key and bucket
    columns, bucket seconds."""

    venue_batch = 5_000
    """Venue-day blocks asked for per SQLite query (3 parameters each, under SQLite's limit)."""

    def __init__(self) -> None:
        self.queries = 0
        self._cache: dict[str, dict[int, _Cover]] = {"person": {}, "venue": {}}

    def _load(self, side: str, keys: list[int], lo: int, hi: int) -> None:
        """Read the blocks (and parts) of `keys` with buckets `lo..hi` into the cache."""
        tables, key_col, bucket_col, _seconds = self._SIDES[side]
        cache = self._cache[side]
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            self.queries += 1
            where = (
                f"WHERE {key_col} IN ({', '.join(['%s'] * len(chunk))}) "
                f"AND {bucket_col} BETWEEN %s AND %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    " UNION ALL ".join(
                        f"SELECT {key_col}, {bucket_col}, data FROM {table} {where}"  # noqa: S608
                        for table in tables
                    ),
                    [*chunk, lo, hi] * len(tables),
                )
                rows = cursor.fetchall()
            for key in chunk:
                cache[key] = _Cover(lo, hi)
            rows.sort(key=lambda r: (r[0], r[1]))
            for key, bucket, data in rows:
                cover = cache[key]
                cover.buckets.append(bucket)
                cover.blocks.append(bytes(data))

    def _scan(self, side: str, key: int, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        end = min(end, OPEN_END)
        lo, hi = bucket_range(start, end, self._SIDES[side][3])
        cover = self._cache[side].get(key)
        if cover is None or not (cover.lo <= lo and hi <= cover.hi):
            self._load(side, [key], lo, hi)
            cover = self._cache[side][key]
        first = bisect.bisect_left(cover.buckets, lo)
        last = bisect.bisect_right(cover.buckets, hi)
        for i in range(first, last):
            block = self._decoded(side, cover, i)
            starts = block.starts
            cut = int(np.searchsorted(starts, end, side="left"))
            if cut == 0:
                continue
            hit = np.flatnonzero(block.ends[:cut] > start)
            if hit.size == 0:
                continue
            yield from zip(
                block.others[hit].tolist(),
                starts[hit].tolist(),
                block.ends[hit].tolist(),
                strict=True,
            )

    def _decoded(self, side: str, cover: _Cover, i: int) -> Decoded:
        block = cover.blocks[i]
        if isinstance(block, bytes):
            block = decode(block, cover.buckets[i], self._SIDES[side][3])
            cover.blocks[i] = block
        return block

    def _venue_blocks(
        self, table: str, venue: I64, day: I64, need: I64
    ) -> list[tuple[int, int, bytes | memoryview]]:
        """The blocks of `table` at the (venue, day) pairs whose latest stay ends after `need`."""
        rows: list[tuple[int, int, bytes | memoryview]] = []
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                self.queries += 1
                cursor.execute(
                    "SELECT b.venue_id, b.day, b.data "  # noqa: S608
                    "FROM unnest(%s::bigint[], %s::int[], %s::bigint[]) AS k(v, d, n) "
                    f"JOIN {table} b ON b.venue_id = k.v AND b.day = k.d WHERE b.last_end > k.n",
                    [venue.tolist(), day.tolist(), need.tolist()],
                )
                return list(cursor.fetchall())
            triples = np.column_stack((venue, day, need)).ravel().tolist()
            step = 3 * self.venue_batch
            for i in range(0, len(triples), step):
                part = triples[i : i + step]
                self.queries += 1
                # CROSS JOIN keeps the key list outside: one index probe per block
                keys = ", ".join(["(%s, %s, %s)"] * (len(part) // 3))
                sql = (
                    f"WITH k(v, d, n) AS (VALUES {keys}) "  # noqa: S608
                    f"SELECT b.venue_id, b.day, b.data FROM k CROSS JOIN {table} b "
                    "ON b.venue_id = k.v AND b.day = k.d WHERE b.last_end > k.n"
                )
                cursor.execute(sql, part)
                rows += cursor.fetchall()
        return rows

    def person_stays(self, person: int, start: int, end: int) -> Iterator[Stay]:
        for venue, s, e in self._scan("person", person, start, end):
            yield Stay(person, venue, s, e)

    def venue_stays(self, venue: int, start: int, end: int) -> Iterator[Stay]:
        for person, s, e in self._scan("venue", venue, start, end):
            yield Stay(person, venue, s, e)

    def persons_columns(self, persons: I64, starts: I64, ends: I64) -> StayColumns:
        """The person blocks of `persons` over the spans of all their windows, decoded at once
        (one query per 500 persons)."""
        if persons.shape[0] == 0:
            return StayColumns.empty()
        lo, hi = bucket_range(int(starts.min()), min(int(ends.max()), OPEN_END), PERSON_BUCKET)
        tables = self._SIDES["person"][0]
        rows: list[tuple[int, int, bytes | memoryview]] = []
        keys = persons.tolist()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            self.queries += 1
            where = (
                f"WHERE person_id IN ({', '.join(['%s'] * len(chunk))}) AND span BETWEEN %s AND %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    " UNION ALL ".join(
                        f"SELECT person_id, span, data FROM {table} {where}"  # noqa: S608
                        for table in tables
                    ),
                    [*chunk, lo, hi] * len(tables),
                )
                rows += cursor.fetchall()
        key, start, end, venue, _block = decode_many(rows, PERSON_BUCKET)
        return StayColumns(key, venue, start, end)

    def venues_columns(self, venues: I64, starts: I64, ends: I64) -> StayColumns:
        """The venue blocks that may hold a check-in overlapping one of the intervals: for each
        interval the days from `start - MAX_STAY` to `end`, and of those only the blocks whose
        latest stay ends after the interval starts (`last_end`). Each block is read once, and
        only its check-ins that meet the time span of the intervals needing it are kept."""
        if venues.shape[0] == 0:
            return StayColumns.empty()
        venue, day, need, until = venue_days_needed(venues, starts, ends)
        rows: list[tuple[int, int, bytes | memoryview]] = []
        for table in self._SIDES["venue"][0]:
            rows += self._venue_blocks(table, venue, day, need)
        if not rows:
            return StayColumns.empty()
        key, start, end, person, block = decode_many(rows, VENUE_BUCKET)
        # each read block's place among the requested ones (both ordered by venue, then day)
        first_day = int(day.min())
        requested = (venue << 32) | (day - first_day)
        read_venue = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        read_day = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        read = (read_venue << 32) | (read_day - first_day)
        at = np.searchsorted(requested, read)[block]
        keep = (end > need[at]) & (start < until[at])
        return StayColumns(person[keep], key[keep], start[keep], end[keep])


def checkins_count() -> int:
    """How many check-ins the store holds."""
    total = 0
    with connection.cursor() as cursor:
        for table in (CheckInVenueBlock._meta.db_table, CheckInVenuePart._meta.db_table):
            cursor.execute(f"SELECT COALESCE(SUM(count), 0) FROM {table}")  # noqa: S608
            total += int(cursor.fetchone()[0])
    return total


def checkins_insert(rows: Sequence[tuple[int, int, int, int | None]]) -> int:
    """Add validated check-ins (person, venue, checked_in_at, checked_out_at or None) to the
    packed store (small loads: the demo, tests, imports)."""
    return checkins_bulk_load(CheckInColumns.from_rows(rows))


_BLOCK_TABLES = (
    # blocks table, parts table, key column, bucket column, bucket seconds, packer, venue side
    (
        CheckInVenueBlock._meta.db_table,
        CheckInVenuePart._meta.db_table,
        "venue_id",
        "day",
        VENUE_BUCKET,
        pack_venue_blocks,
        True,
    ),
    (
        CheckInPersonBlock._meta.db_table,
        CheckInPersonPart._meta.db_table,
        "person_id",
        "span",
        PERSON_BUCKET,
        pack_person_blocks,
        False,
    ),
)


def _lock_store(cursor: Any) -> None:
    """PostgreSQL: one writer of the store at a time (readers go on); SQLite serialises writers."""
    if connection.vendor == "postgresql":
        tables = ", ".join(t for row in _BLOCK_TABLES for t in row[:2])
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def _existing_blocks(
    cursor: Any, table: str, key_col: str, bucket_col: str, keys: Any, buckets: Any
) -> tuple[list[int], list[tuple[int, int, bytes]]]:
    """Stored blocks with the same (key, bucket) as the new rows: ids and (key, bucket, blob)."""
    wanted = set(zip(keys.tolist(), buckets.tolist(), strict=True))
    unique_keys = sorted({k for k, _b in wanted})
    lo, hi = int(buckets.min()), int(buckets.max())
    ids: list[int] = []
    found: list[tuple[int, int, bytes]] = []
    for i in range(0, len(unique_keys), 900):
        chunk = unique_keys[i : i + 900]
        cursor.execute(
            f"SELECT id, {key_col}, {bucket_col}, data FROM {table} "  # noqa: S608
            f"WHERE {bucket_col} BETWEEN %s AND %s AND {key_col} IN "
            f"({', '.join(['%s'] * len(chunk))})",
            [lo, hi, *chunk],
        )
        for pk, key, bucket, data in cursor.fetchall():
            if (key, bucket) in wanted:
                ids.append(pk)
                found.append((key, bucket, bytes(data)))
    return ids, found


def _write_blocks(cursor: Any, table: str, key_col: str, bucket_col: str, blocks: Blocks) -> None:
    columns = f"{key_col}, {bucket_col}, count, last_end, data"
    if connection.vendor == "postgresql":
        stream = memoryview(blocks.pg_copy_binary())
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            for i in range(0, len(stream), 1 << 24):
                copy.write(stream[i : i + (1 << 24)])
    else:
        # the sqlite3 connection itself, in the same transaction (no per-row Django wrapping),
        # with a page cache large enough that the load does not spill pages mid-transaction
        raw = connection.connection
        previous = raw.execute("PRAGMA cache_size").fetchone()[0]
        raw.execute("PRAGMA cache_size=-262144")
        try:
            raw.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (?, ?, ?, ?, ?)",  # noqa: S608
                blocks.rows(),
            )
        finally:
            raw.execute(f"PRAGMA cache_size={int(previous)}")


def _merge_stored(
    cursor: Any,
    table: str,
    key_col: str,
    bucket_col: str,
    seconds: int,
    venue_side: bool,
    data: CheckInColumns,
) -> CheckInColumns:
    """`data` plus the check-ins of the stored blocks it falls into; those blocks are deleted
    (they are written again, merged)."""
    cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608
    if cursor.fetchone() is None:
        return data
    keys = data.venue if venue_side else data.person
    ids, found = _existing_blocks(cursor, table, key_col, bucket_col, keys, data.start // seconds)
    if not ids:
        return data
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        cursor.execute(
            f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
            chunk,
        )
    found.sort(key=lambda block: (block[0], block[1]))
    old = unpack(found, bucket_seconds=seconds, venue_side=venue_side)
    return CheckInColumns.concat([old, data])


def checkins_bulk_load(columns: CheckInColumns | Iterable[CheckInColumns]) -> int:
    """Add validated check-ins, as numpy columns, to the packed store in one transaction.

    Both orderings are written (see `outbreak.pure.checkin_blocks`): venue-day and person-span
    blocks. The first load writes the blocks themselves; a later load appends parts
    (`CheckInVenuePart`, `CheckInPersonPart`) and reads nothing back, so a day's check-ins load
    at the speed of the first load instead of rewriting every person block they touch.
    `checkins_compact` merges parts into the blocks (the order inside a block is canonical: a
    compacted store holds the blocks of one load). PostgreSQL: COPY binary, the store locked
    against a concurrent load; SQLite: executemany (writers are serialised). Rows are checked
    only for what the blocks can hold: the import services validate each row with a message
    per row before calling this fast path.
    """
    data = columns if isinstance(columns, CheckInColumns) else CheckInColumns.concat(columns)
    if len(data) == 0:
        return 0
    problem = check_columns(data)
    if problem is not None:
        raise ValidationFailed(_("Check-ins refused: %(problem)s."), problem=problem)
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_store(cursor)
        cursor.execute(f"SELECT 1 FROM {_BLOCK_TABLES[0][0]} LIMIT 1")  # noqa: S608
        first = cursor.fetchone() is None
        for blocks, parts, key_col, bucket_col, _seconds, packer, _venue_side in _BLOCK_TABLES:
            _write_blocks(cursor, blocks if first else parts, key_col, bucket_col, packer(data))
    return len(data)


@dataclass(frozen=True)
class Compacted:
    """What `checkins_compact` did: parts merged, blocks written (both orderings), check-ins in
    the venue blocks written."""

    parts: int
    blocks: int
    checkins: int


def checkins_compact(*, keys_per_batch: int = 20_000) -> Compacted:
    """Merge the parts later loads appended into the blocks (gộp phần nạp thêm), so each
    (venue, day) and (person, span) is one block again: reads then touch one row per block.

    `keys_per_batch` venues or persons at a time, each batch one transaction (a reader sees a
    batch before or after, never half). Safe to run while the system serves; run it after
    loads, e.g. nightly (`dieuhanh checkins compact`)."""
    parts_done = blocks_done = checkins_done = 0
    for blocks, parts, key_col, bucket_col, seconds, packer, venue_side in _BLOCK_TABLES:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT {key_col} FROM {parts} ORDER BY 1")  # noqa: S608
            keys = [int(r[0]) for r in cursor.fetchall()]
        for i in range(0, len(keys), keys_per_batch):
            batch = keys[i : i + keys_per_batch]
            with transaction.atomic(), connection.cursor() as cursor:
                _lock_store(cursor)
                ids: list[int] = []
                found: list[tuple[int, int, bytes]] = []
                for j in range(0, len(batch), 900):
                    chunk = batch[j : j + 900]
                    cursor.execute(
                        f"SELECT id, {key_col}, {bucket_col}, data FROM {parts} "  # noqa: S608
                        f"WHERE {key_col} IN ({', '.join(['%s'] * len(chunk))})",
                        chunk,
                    )
                    for pk, key, bucket, blob in cursor.fetchall():
                        ids.append(int(pk))
                        found.append((int(key), int(bucket), bytes(blob)))
                if not found:
                    continue
                found.sort(key=lambda block: (block[0], block[1]))
                added = unpack(found, bucket_seconds=seconds, venue_side=venue_side)
                merged = _merge_stored(
                    cursor, blocks, key_col, bucket_col, seconds, venue_side, added
                )
                for j in range(0, len(ids), 900):
                    chunk = ids[j : j + 900]
                    cursor.execute(
                        f"DELETE FROM {parts} WHERE id IN "  # noqa: S608
                        f"({', '.join(['%s'] * len(chunk))})",
                        chunk,
                    )
                packed = packer(merged)
                _write_blocks(cursor, blocks, key_col, bucket_col, packed)
                parts_done += len(ids)
                blocks_done += int(packed.keys.shape[0])
                checkins_done += len(merged) if venue_side else 0
    return Compacted(parts=parts_done, blocks=blocks_done, checkins=checkins_done)


def checkins_import(
    *, actor: User | None, scope: Scope, content: bytes, file_name: str, dry_run: bool = False
) -> ImportDone:
    """Import check-ins (CSV person_id,venue_id,checked_in_at,checked_out_at; times with
    offset). Every row is checked first (known person in scope, known venue, check-out after
    check-in, at most 24 h); any error refuses the whole file."""
    require_write(actor, Module.OUTBREAK)
    raw = _read_csv(content, file_name, CHECKIN_HEADER)
    problems: list[RowProblem] = []
    parsed: list[tuple[int, int, int, int | None]] = []
    person_ids: set[int] = set()
    venue_ids: set[int] = set()
    for number, row in enumerate(raw, start=2):
        faults: list[tuple[str, DomainError]] = []
        values: dict[str, int | None] = {}
        for field in ("person_id", "venue_id"):
            try:
                values[field] = _int_field(row[field])
            except DomainError as exc:
                faults.append((field, exc))
        for field in ("checked_in_at", "checked_out_at"):
            if field == "checked_out_at" and not row[field]:
                values[field] = None
                continue
            try:
                values[field] = int(parse_instant(row[field]).timestamp())
            except DomainError as exc:
                faults.append((field, exc))
        cin, cout = values.get("checked_in_at"), values.get("checked_out_at")
        if cin is not None and cout is not None:
            if cout <= cin:
                faults.append(
                    (
                        "checked_out_at",
                        ValidationFailed(_("The check-out must follow the check-in.")),
                    )
                )
            elif cout - cin > MAX_STAY:
                faults.append(
                    ("checked_out_at", ValidationFailed(_("A check-in lasts at most 24 hours.")))
                )
        problems.extend(RowProblem(file_name, number, f, e) for f, e in faults)
        if not faults:
            pid, vid = values["person_id"], values["venue_id"]
            assert pid is not None and vid is not None and cin is not None
            parsed.append((pid, vid, cin, cout))
            person_ids.add(pid)
            venue_ids.add(vid)
    known_persons = _persons_paths(person_ids)
    known_venues = set(Venue.objects.filter(pk__in=venue_ids).values_list("pk", flat=True))
    for number, (pid, vid, _cin, _cout) in enumerate(parsed, start=2):
        if pid not in known_persons:
            problems.append(
                RowProblem(
                    file_name, number, "person_id", NotFound(_("Unknown person %(id)s."), id=pid)
                )
            )
        elif not scope.can_capture_path(known_persons[pid]):
            problems.append(
                RowProblem(
                    file_name,
                    number,
                    "person_id",
                    AccessDenied(_("Person %(id)s is outside your units."), id=pid),
                )
            )
        if vid not in known_venues:
            problems.append(
                RowProblem(
                    file_name, number, "venue_id", NotFound(_("Unknown venue %(id)s."), id=vid)
                )
            )
    if problems:
        problems.sort(key=lambda p: p.row)
        raise ImportRefused(file_name, problems)
    if dry_run:
        return ImportDone(file_name, len(raw), 0, True)
    with transaction.atomic():
        created = checkins_insert(parsed)
        audit_record(
            actor=actor,
            action="outbreak.checkins.import",
            object_type="outbreak.checkin",
            object_repr=file_name,
            changes={"rows": created},
        )
    return ImportDone(file_name, len(raw), created, False)


def _persons_paths(ids: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 900):
        out.update(
            Person.objects.filter(pk__in=ordered[start : start + 900]).values_list(
                "pk", "unit_path"
            )
        )
    return out


def cases_import(
    *, actor: User | None, scope: Scope, content: bytes, file_name: str, dry_run: bool = False
) -> ImportDone:
    """Import confirmed cases (CSV person_id,confirmed_at,onset_date,sampled_at,isolated_at)."""
    require_write(actor, Module.OUTBREAK)
    raw = _read_csv(content, file_name, CASE_HEADER)
    problems: list[RowProblem] = []
    planned: list[tuple[int, dict[str, Any]]] = []
    ids: set[int] = set()
    for number, row in enumerate(raw, start=2):
        faults: list[tuple[str, DomainError]] = []
        item: dict[str, Any] = {}
        try:
            item["person_id"] = _int_field(row["person_id"])
        except DomainError as exc:
            faults.append(("person_id", exc))
        for field in ("confirmed_at", "sampled_at", "isolated_at"):
            if field != "confirmed_at" and not row[field]:
                item[field] = None
                continue
            try:
                item[field] = parse_instant(row[field])
            except DomainError as exc:
                faults.append((field, exc))
        if row["onset_date"]:
            try:
                item["onset_date"] = datetime.date.fromisoformat(row["onset_date"])
            except ValueError:
                faults.append(
                    (
                        "onset_date",
                        ValidationFailed(
                            _("%(value)s is not a date (YYYY-MM-DD)."), value=row["onset_date"]
                        ),
                    )
                )
        else:
            item["onset_date"] = None
        if not faults:
            sampled, confirmed = item["sampled_at"], item["confirmed_at"]
            if sampled is not None and sampled > confirmed:
                faults.append(
                    (
                        "sampled_at",
                        ValidationFailed(_("The sample cannot be taken after the confirmation.")),
                    )
                )
            if item["onset_date"] is not None and item["onset_date"] > timezone.localdate(
                confirmed
            ):
                faults.append(
                    (
                        "onset_date",
                        ValidationFailed(_("The onset date cannot be after the confirmation.")),
                    )
                )
            if item["person_id"] in ids:
                faults.append(
                    (
                        "person_id",
                        ValidationFailed(_("Person %(id)s appears twice."), id=item["person_id"]),
                    )
                )
        problems.extend(RowProblem(file_name, number, f, e) for f, e in faults)
        if not faults:
            ids.add(item["person_id"])
            planned.append((number, item))
    paths = _persons_paths(ids)
    already = set(
        Case.objects.filter(person_id__in=ids, disease="covid19").values_list(
            "person_id", flat=True
        )
    )
    for number, item in planned:
        pid = item["person_id"]
        if pid not in paths:
            problems.append(
                RowProblem(
                    file_name, number, "person_id", NotFound(_("Unknown person %(id)s."), id=pid)
                )
            )
        elif not scope.can_capture_path(paths[pid]):
            problems.append(
                RowProblem(
                    file_name,
                    number,
                    "person_id",
                    AccessDenied(_("Person %(id)s is outside your units."), id=pid),
                )
            )
        elif pid in already:
            problems.append(
                RowProblem(
                    file_name,
                    number,
                    "person_id",
                    Conflict(_("Person %(id)s is already a confirmed case."), id=pid),
                )
            )
    if problems:
        problems.sort(key=lambda p: p.row)
        raise ImportRefused(file_name, problems)
    if dry_run:
        return ImportDone(file_name, len(raw), 0, True)
    with transaction.atomic():
        Case.objects.bulk_create(
            [
                Case(
                    person_id=item["person_id"],
                    confirmed_at=item["confirmed_at"],
                    onset_date=item["onset_date"],
                    sampled_at=item["sampled_at"],
                    isolated_at=item["isolated_at"],
                    unit_path=paths[item["person_id"]],
                )
                for _n, item in planned
            ]
        )
        Contact.objects.filter(person_id__in=ids, status=ContactStatus.FOLLOWING).update(
            status=ContactStatus.BECAME_CASE
        )
        audit_record(
            actor=actor,
            action="outbreak.cases.import",
            object_type="outbreak.case",
            object_repr=file_name,
            changes={"rows": len(planned)},
        )
    return ImportDone(file_name, len(raw), len(planned), False)


@transaction.atomic
def venue_create(
    *,
    actor: User | None,
    scope: Scope,
    name: str,
    unit: OrgUnit | None = None,
    code: str = "",
    address: str = "",
) -> Venue:
    """Register a venue with a QR check-in code."""
    if unit is not None:
        check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=unit.path)
    else:
        require_write(actor, Module.OUTBREAK)
    venue = Venue(name=name.strip(), unit=unit, code=code.strip(), address=address.strip())
    clean_or_raise(venue)
    venue.save()
    audit_record(actor=actor, action="outbreak.venue.create", obj=venue)
    return venue
