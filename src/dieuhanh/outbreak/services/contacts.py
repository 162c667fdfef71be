"""Writes of contacts (F1, F2): an exposure recorded by hand, and the contacts a trace turns into
(set-based: a trace can hold a million persons)."""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Exists, Field, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import check_write
from dieuhanh.core.errors import AccessDenied, NotFound, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import check_aware, clean_or_raise
from dieuhanh.jobs.models import Job
from dieuhanh.jobs.services import job_start
from dieuhanh.outbreak.models import (
    Case,
    Contact,
    ContactStatus,
    Exposure,
    ExposureSetting,
    Person,
    Venue,
)
from dieuhanh.outbreak.pure.stays import TraceExposure
from dieuhanh.outbreak.selectors.tracing import TraceResult, trace_case
from dieuhanh.outbreak.services.persons import RECORD_MODULES
from dieuhanh.outbreak.versions import bump as outbreak_bump

FOLLOW_UP_DAYS = 14
"""Default follow-up of a contact after its last exposure (COVID-19)."""


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
    outbreak_bump()  # raw SQL sends no signal


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
        outbreak_bump()  # bulk_create sends no signal
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
    # The version row last, after the contact rows are locked: a bump before them would hold
    # the row every officer's outbreak write waits on while this waits on their contacts
    # (a lock cycle PostgreSQL would break by aborting one of the two).
    outbreak_bump()  # bulk_create sends no signal
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
    check_aware(start, "start")
    check_aware(end, "end")
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
    created, updated = _contacts_upsert(case, plans, facts)  # bumps the version, last
    audit_record(
        actor=actor,
        action="outbreak.contacts.from_trace",
        obj=case,
        changes={"depth": depth, "contacts": len(ids), "created": created, "updated": updated},
    )
    return ContactsCreated(
        person_ids=ids, created=created, updated=updated, exposures=len(new_exposures)
    )


def contacts_from_trace_start(*, actor: User, scope: Scope, case: Case, depth: int = 1) -> Job:
    """Queue `contacts_from_trace` as a background job of `actor` (the job runs it in one
    transaction, checking the actor's rights again). Refused now if the actor may not write
    the case's contacts."""
    if depth not in (1, 2):
        raise ValidationFailed(_("depth must be 1 or 2."))
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=case.unit_path)
    return job_start(
        actor=actor,
        kind="outbreak.contacts_from_trace",
        params={"case_id": case.pk, "depth": depth},
        title=str(_("Contacts from the trace of case %(case)s (F%(depth)s)"))
        % {"case": case.pk, "depth": depth},
    )
