"""Writes of epidemic care: quarantine by the rule in force, health checks, samples and pools,
arrivals, zones, person locations and "4 on-the-spot" readiness.

Every write checks the actor's role (module OUTBREAK, write) and that the unit concerned lies in
the actor's capture scope, validates everything before writing, runs in one transaction, and
leaves an audit event. Edits of existing rows carry the version the user saw (Conflict if stale).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write
from dieuhanh.core.errors import Conflict, NotFound, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import check_version, clean_or_raise
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.outbreak.care_selectors import active_q, rule_spec
from dieuhanh.outbreak.models import (
    READINESS_ITEMS,
    Arrival,
    ArrivalOutcome,
    Contact,
    ContactStatus,
    Facility,
    HealthCheck,
    Person,
    PersonLocation,
    Pool,
    Quarantine,
    QuarantinePlace,
    QuarantineRule,
    ReadinessItem,
    RuleSubject,
    Sample,
    SampleKind,
    SampleResult,
    ScheduledTest,
    ScheduledTestReason,
    UnitHealthProfile,
    Zone,
    ZoneKind,
    ZoneShape,
)
from dieuhanh.outbreak.pure.pooling import MAX_POOL_SIZE
from dieuhanh.outbreak.pure.quarantine_rules import COVID19_RULES, plan_for, rule_in_force
from dieuhanh.outbreak.pure.risk import polygon_problems
from dieuhanh.outbreak.services import person_register

MAX_BATCH = 500


def _person(scope: Scope, person_id: int) -> Person:
    person = Person.objects.filter(scope.view_q("unit_path"), pk=person_id).first()
    if person is None:
        raise NotFound(_("No person %(id)s in your units."), id=person_id)
    return person


# --- Rules -----------------------------------------------------------------------------------


def care_rules_load(*, disease: str = "covid19") -> int:
    """Store the built-in COVID-19 rules (kept as data, editable in the admin); idempotent.
    Returns how many rules were created."""
    created = 0
    with transaction.atomic():
        for spec in COVID19_RULES:
            _, made = QuarantineRule.objects.get_or_create(
                code=spec.code,
                defaults={
                    "disease": disease,
                    "subject": spec.subject,
                    "valid_from": spec.valid_from,
                    "valid_to": spec.valid_to,
                    "vaccinated": spec.vaccinated,
                    "min_origin_risk": spec.min_origin_risk,
                    "facility_days": spec.facility_days,
                    "home_days": spec.home_days,
                    "monitoring_days": spec.monitoring_days,
                    "test_days": list(spec.test_days),
                    "basis": "Bộ Y tế (Ministry of Health guidance)",
                },
            )
            created += int(made)
    return created


def _rule_for(
    *, subject: str, on: datetime.date, vaccinated: bool, origin_risk: int = 0
) -> QuarantineRule:
    rules = list(QuarantineRule.objects.filter(disease="covid19"))
    if not rules:
        care_rules_load()
        rules = list(QuarantineRule.objects.filter(disease="covid19"))
    by_code = {r.code: r for r in rules}
    spec = rule_in_force(
        [rule_spec(r) for r in rules],
        subject=subject,
        on=on,
        vaccinated=vaccinated,
        origin_risk=origin_risk,
    )
    if spec is None:
        raise ValidationFailed(
            _("No quarantine rule is in force on %(day)s for this case."), day=on.isoformat()
        )
    return by_code[spec.code]


# --- Quarantine ------------------------------------------------------------------------------


def _facility_for_update(scope: Scope, facility_id: int) -> Facility:
    f = (
        Facility.objects.select_for_update()
        .filter(scope.view_q("unit_path"), pk=facility_id, active=True)
        .first()
    )
    if f is None:
        raise NotFound(_("No quarantine facility %(id)s in use in your units."), id=facility_id)
    return f


def _occupied(facility: Facility, on: datetime.date) -> int:
    """People in the facility on `on` (a later release still counts them that day)."""
    return Quarantine.objects.filter(
        Q(released_on__isnull=True) | Q(released_on__gt=on),
        facility=facility,
        place=QuarantinePlace.FACILITY,
        start__lte=on,
        facility_end__gt=on,
    ).count()


@dataclass(frozen=True)
class QuarantineRequest:
    """One person to put into quarantine (from a contact, an arrival or by hand)."""

    person: Person
    subject: str
    vaccinated: bool = False
    origin_risk: int = 0
    contact: Contact | None = None


def _build(
    req: QuarantineRequest, *, start: datetime.date, facility: Facility | None
) -> tuple[Quarantine, list[datetime.date]]:
    rule = _rule_for(
        subject=req.subject, on=start, vaccinated=req.vaccinated, origin_risk=req.origin_risk
    )
    plan = plan_for(rule_spec(rule), start)
    place = plan.place
    if place == QuarantinePlace.FACILITY and facility is None:
        raise ValidationFailed(
            _("Rule %(rule)s requires a quarantine facility: choose one."), rule=rule.code
        )
    q = Quarantine(
        person=req.person,
        contact=req.contact,
        unit_path=req.person.unit_path,
        subject=req.subject,
        place=place,
        facility=facility if place == QuarantinePlace.FACILITY else None,
        vaccinated=req.vaccinated,
        start=start,
        facility_end=plan.facility_end,
        planned_end=plan.end if place != QuarantinePlace.MONITORING else plan.monitoring_end,
        monitoring_end=plan.monitoring_end,
        rule=rule,
    )
    clean_or_raise(q)
    return q, list(plan.test_dates)


def quarantines_start(
    *,
    actor: User | None,
    scope: Scope,
    requests: Sequence[QuarantineRequest],
    start: datetime.date,
    facility_id: int | None = None,
) -> list[Quarantine]:
    """Put people into quarantine from `start` by the rule in force on that date, with their
    test schedule. All or nothing: every person is checked (scope, no running quarantine, a
    rule, facility beds) before anything is written."""
    if not requests:
        raise ValidationFailed(_("Choose at least one person."))
    if len(requests) > MAX_BATCH:
        raise ValidationFailed(_("At most %(n)s people at a time."), n=MAX_BATCH)
    ids = [r.person.pk for r in requests]
    if len(set(ids)) != len(ids):
        raise ValidationFailed(_("A person is listed twice."))
    with transaction.atomic():
        for r in requests:
            check_write(
                actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=r.person.unit_path
            )
        facility = _facility_for_update(scope, facility_id) if facility_id else None
        running = set(
            Quarantine.objects.filter(active_q(start), person_id__in=ids).values_list(
                "person_id", flat=True
            )
        )
        if running:
            raise Conflict(
                _("Already in quarantine on %(day)s: person %(ids)s."),
                day=start.isoformat(),
                ids=", ".join(f"#{i}" for i in sorted(running)),
            )
        built = [_build(r, start=start, facility=facility) for r in requests]
        need = sum(1 for q, _d in built if q.place == QuarantinePlace.FACILITY)
        if facility is not None and need:
            free = facility.capacity - _occupied(facility, start)
            if need > free:
                raise ValidationFailed(
                    _("%(facility)s has %(free)s free beds on %(day)s; %(need)s are needed."),
                    facility=facility.name,
                    free=max(free, 0),
                    day=start.isoformat(),
                    need=need,
                )
        created: list[Quarantine] = []
        for q, dates in built:
            q.save()
            ScheduledTest.objects.bulk_create(
                ScheduledTest(
                    person=q.person,
                    unit_path=q.unit_path,
                    quarantine=q,
                    reason=ScheduledTestReason.SCHEDULE,
                    day_number=(d - start).days + 1,
                    due_on=d,
                )
                for d in dates
            )
            audit_record(
                actor=actor,
                action="outbreak.quarantine_start",
                obj=q,
                changes={"rule": q.rule.code, "place": q.place, "start": start.isoformat()},
            )
            created.append(q)
        return created


def quarantine_contacts(
    *,
    actor: User | None,
    scope: Scope,
    contact_ids: Sequence[int],
    start: datetime.date,
    facility_id: int | None = None,
    vaccinated_ids: Sequence[int] = (),
) -> list[Quarantine]:
    """Quarantine traced contacts (F1, F2) under follow-up, by the contact rule in force."""
    wanted = sorted(set(contact_ids))
    contacts = list(
        Contact.objects.filter(scope.view_q("unit_path"), pk__in=wanted).select_related("person")
    )
    missing = sorted(set(wanted) - {c.pk for c in contacts})
    if missing:
        raise NotFound(
            _("No contact %(ids)s in your units."), ids=", ".join(str(i) for i in missing)
        )
    not_following = [c.pk for c in contacts if c.status != ContactStatus.FOLLOWING]
    if not_following:
        raise ValidationFailed(
            _("Contact %(ids)s is no longer under follow-up."),
            ids=", ".join(str(i) for i in not_following),
        )
    vaccinated = set(vaccinated_ids)
    requests = [
        QuarantineRequest(
            person=c.person,
            subject=RuleSubject.CONTACT if c.generation == 1 else RuleSubject.CONTACT2,
            vaccinated=c.pk in vaccinated,
            contact=c,
        )
        for c in contacts
    ]
    return quarantines_start(
        actor=actor, scope=scope, requests=requests, start=start, facility_id=facility_id
    )


def quarantine_release(
    *,
    actor: User | None,
    scope: Scope,
    quarantine_id: int,
    on: datetime.date,
    note: str = "",
    version: int | None = None,
) -> Quarantine:
    """Release a person (kết thúc cách ly) on `on`; their scheduled tests after it are cancelled."""
    with transaction.atomic():
        q = (
            Quarantine.objects.select_for_update()
            .filter(scope.view_q("unit_path"), pk=quarantine_id)
            .first()
        )
        if q is None:
            raise NotFound(_("No quarantine %(id)s in your units."), id=quarantine_id)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=q.unit_path)
        check_version(current=q.version, seen=version, what=str(_("The quarantine")))
        if q.released_on is not None:
            raise Conflict(_("This quarantine was already ended on %(day)s."), day=q.released_on)
        if on < q.start:
            raise ValidationFailed(
                _("Release date %(day)s is before the start %(start)s."),
                day=on.isoformat(),
                start=q.start.isoformat(),
            )
        q.released_on = on
        q.release_note = note.strip()[:255]
        q.version = F("version") + 1
        q.save(update_fields=["released_on", "release_note", "version", "updated_at"])
        ScheduledTest.objects.filter(quarantine=q, due_on__gt=on, open=True).update(
            cancelled=True, open=False
        )
        audit_record(
            actor=actor, action="outbreak.quarantine_release", obj=q, changes={"on": str(on)}
        )
        q.refresh_from_db()
        return q


TEMPERATURE_MIN = Decimal("34.0")
TEMPERATURE_MAX = Decimal("43.0")


def health_check_record(
    *,
    actor: User | None,
    scope: Scope,
    quarantine_id: int,
    day: datetime.date,
    temperature: Decimal | None,
    symptoms: bool,
    note: str = "",
) -> HealthCheck:
    """Record (or correct) the day's health check of a quarantined person."""
    with transaction.atomic():
        q = Quarantine.objects.filter(scope.view_q("unit_path"), pk=quarantine_id).first()
        if q is None:
            raise NotFound(_("No quarantine %(id)s in your units."), id=quarantine_id)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=q.unit_path)
        last = q.released_on or q.monitoring_end
        if not q.start <= day <= last:
            raise ValidationFailed(
                _("Day %(day)s is outside the quarantine (%(start)s to %(end)s)."),
                day=day.isoformat(),
                start=q.start.isoformat(),
                end=last.isoformat(),
            )
        if temperature is not None and not TEMPERATURE_MIN <= temperature <= TEMPERATURE_MAX:
            raise ValidationFailed(
                _("Temperature %(t)s °C is not plausible (34 to 43)."), t=temperature
            )
        check, _made = HealthCheck.objects.update_or_create(
            quarantine=q,
            day=day,
            defaults={
                "temperature": temperature,
                "symptoms": symptoms,
                "note": note.strip()[:255],
                "recorded_by": actor,
            },
        )
        audit_record(actor=actor, action="outbreak.health_check", obj=check)
        return check


# --- Samples and pools -----------------------------------------------------------------------


def _cover_scheduled(sample: Sample) -> None:
    """Mark the earliest open scheduled test due on or before the sample as done by it."""
    due = (
        ScheduledTest.objects.select_for_update()
        .filter(
            person_id=sample.person_id,
            due_on__lte=sample.collected_on,
            open=True,
        )
        .order_by("due_on", "id")
        .first()
    )
    if due is not None:
        due.done_sample = sample
        due.open = False
        due.save(update_fields=["done_sample", "open", "updated_at"])


def sample_record(
    *,
    actor: User | None,
    scope: Scope,
    person_id: int,
    kind: str,
    collected_on: datetime.date,
    result: str = SampleResult.PENDING,
    result_on: datetime.date | None = None,
) -> Sample:
    """Record an individual sample (and its result when known)."""
    if kind not in SampleKind.values:
        raise ValidationFailed(_("Unknown test kind: %(kind)s."), kind=kind)
    if result not in {SampleResult.PENDING, SampleResult.NEGATIVE, SampleResult.POSITIVE}:
        raise ValidationFailed(_("Unknown result: %(result)s."), result=result)
    if result != SampleResult.PENDING and result_on is None:
        result_on = collected_on
    if result_on is not None and result_on < collected_on:
        raise ValidationFailed(_("The result cannot come before the sample was collected."))
    with transaction.atomic():
        person = _person(scope, person_id)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=person.unit_path)
        sample = Sample(
            person=person,
            unit_path=person.unit_path,
            kind=kind,
            collected_on=collected_on,
            result=result,
            result_on=result_on if result != SampleResult.PENDING else None,
        )
        clean_or_raise(sample)
        sample.save()
        _cover_scheduled(sample)
        audit_record(actor=actor, action="outbreak.sample_record", obj=sample)
        return sample


def sample_result_record(
    *,
    actor: User | None,
    scope: Scope,
    sample_id: int,
    result: str,
    result_on: datetime.date,
    version: int | None = None,
) -> Sample:
    """Record the result of an individual sample (a pooled one gets its pool's result)."""
    if result not in {SampleResult.NEGATIVE, SampleResult.POSITIVE}:
        raise ValidationFailed(_("Unknown result: %(result)s."), result=result)
    with transaction.atomic():
        s = (
            Sample.objects.select_for_update()
            .filter(scope.view_q("unit_path"), pk=sample_id)
            .first()
        )
        if s is None:
            raise NotFound(_("No sample %(id)s in your units."), id=sample_id)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=s.unit_path)
        check_version(current=s.version, seen=version, what=str(_("The sample")))
        if s.pool_id is not None and s.result == SampleResult.PENDING:
            raise ValidationFailed(_("This sample is in a pool: record the pool's result."))
        if result_on < s.collected_on:
            raise ValidationFailed(_("The result cannot come before the sample was collected."))
        s.result, s.result_on = result, result_on
        s.version = F("version") + 1
        s.save(update_fields=["result", "result_on", "version", "updated_at"])
        audit_record(
            actor=actor, action="outbreak.sample_result", obj=s, changes={"result": result}
        )
        s.refresh_from_db()
        return s


def pool_create(
    *,
    actor: User | None,
    scope: Scope,
    unit_code: str,
    code: str,
    collected_on: datetime.date,
    person_ids: Sequence[int],
) -> Pool:
    """A pooled PCR test of several people (gộp mẫu): one pending sample per member."""
    code = code.strip()
    if not code:
        raise ValidationFailed(_("The pool needs a code."))
    ids = list(dict.fromkeys(person_ids))
    if len(ids) != len(person_ids):
        raise ValidationFailed(_("A person is listed twice in the pool."))
    if not 2 <= len(ids) <= MAX_POOL_SIZE:
        raise ValidationFailed(
            _("A pool holds 2 to %(max)s samples; %(n)s given."), max=MAX_POOL_SIZE, n=len(ids)
        )
    with transaction.atomic():
        unit = unit_resolve(code=unit_code, on=collected_on, scope=scope)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=unit.path)
        if Pool.objects.filter(code=code).exists():
            raise Conflict(_("Pool code %(code)s is already used."), code=code)
        persons = [_person(scope, pid) for pid in ids]
        for p in persons:
            check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=p.unit_path)
        pool = Pool(code=code, unit=unit, unit_path=unit.path, collected_on=collected_on)
        clean_or_raise(pool)
        pool.save()
        for p in persons:
            s = Sample(
                person=p,
                unit_path=p.unit_path,
                kind=SampleKind.PCR,
                collected_on=collected_on,
                pool=pool,
            )
            s.save()
            _cover_scheduled(s)
        audit_record(
            actor=actor, action="outbreak.pool_create", obj=pool, changes={"size": len(ids)}
        )
        return pool


def pool_result_record(
    *,
    actor: User | None,
    scope: Scope,
    code: str,
    result: str,
    result_on: datetime.date,
    version: int | None = None,
) -> Pool:
    """The pool's result: negative clears every member; positive makes each member due for an
    individual retest on the result date (Dorfman's second stage)."""
    if result not in {SampleResult.NEGATIVE, SampleResult.POSITIVE}:
        raise ValidationFailed(_("Unknown result: %(result)s."), result=result)
    with transaction.atomic():
        pool = Pool.objects.select_for_update().filter(scope.view_q("unit_path"), code=code).first()
        if pool is None:
            raise NotFound(_("No pooled test %(code)s in your units."), code=code)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=pool.unit_path)
        check_version(current=pool.version, seen=version, what=str(_("The pooled test")))
        if pool.result != SampleResult.PENDING:
            raise Conflict(_("Pool %(code)s already has a result."), code=code)
        if result_on < pool.collected_on:
            raise ValidationFailed(_("The result cannot come before the sample was collected."))
        pool.result, pool.result_on = result, result_on
        pool.version = F("version") + 1
        pool.save(update_fields=["result", "result_on", "version", "updated_at"])
        members = list(pool.samples.all())
        member_result = (
            SampleResult.NEGATIVE if result == SampleResult.NEGATIVE else SampleResult.RETEST
        )
        Sample.objects.filter(pool=pool).update(result=member_result, result_on=result_on)
        if result == SampleResult.POSITIVE:
            ScheduledTest.objects.bulk_create(
                ScheduledTest(
                    person_id=s.person_id,
                    unit_path=s.unit_path,
                    pool=pool,
                    reason=ScheduledTestReason.POOL_RETEST,
                    due_on=result_on,
                )
                for s in members
            )
        audit_record(
            actor=actor, action="outbreak.pool_result", obj=pool, changes={"result": result}
        )
        pool.refresh_from_db()
        return pool


# --- Arrivals --------------------------------------------------------------------------------


def _facility_auto(scope: Scope, person: Person, on: datetime.date) -> Facility | None:
    """The facility with the most free beds serving the person's unit (its own or an
    ancestor's), among those the scope sees."""
    best: tuple[int, Facility] | None = None
    for f in Facility.objects.filter(scope.view_q("unit_path"), active=True):
        if not person.unit_path.startswith(f.unit_path):
            continue
        free = f.capacity - _occupied(f, on)
        if free > 0 and (best is None or free > best[0]):
            best = (free, f)
    return best[1] if best else None


def arrival_register(
    *,
    actor: User | None,
    scope: Scope,
    person_id: int,
    origin: str,
    origin_risk: int,
    arrived_on: datetime.date,
    vaccinated: bool,
    facility_id: int | None = None,
) -> Arrival:
    """Register an arrival from an epidemic area and assign quarantine or monitoring by the
    rule in force on the arrival date for the origin's risk level and the vaccination status."""
    origin = origin.strip()
    if not origin:
        raise ValidationFailed(_("Say where the person arrives from."))
    if not 1 <= origin_risk <= 4:
        raise ValidationFailed(_("The origin's risk level must be 1 to 4."))
    with transaction.atomic():
        person = _person(scope, person_id)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=person.unit_path)
        rule = _rule_for(
            subject=RuleSubject.ARRIVAL,
            on=arrived_on,
            vaccinated=vaccinated,
            origin_risk=origin_risk,
        )
        plan = plan_for(rule_spec(rule), arrived_on)
        if plan.place == QuarantinePlace.FACILITY and facility_id is None:
            auto = _facility_auto(scope, person, arrived_on)
            if auto is None:
                raise ValidationFailed(
                    _(
                        "Rule %(rule)s requires a quarantine facility, and none serving this "
                        "unit has a free bed."
                    ),
                    rule=rule.code,
                )
            facility_id = auto.pk
        [q] = quarantines_start(
            actor=actor,
            scope=scope,
            requests=[
                QuarantineRequest(
                    person=person,
                    subject=RuleSubject.ARRIVAL,
                    vaccinated=vaccinated,
                    origin_risk=origin_risk,
                )
            ],
            start=arrived_on,
            facility_id=facility_id,
        )
        arrival = Arrival(
            person=person,
            unit_path=person.unit_path,
            origin=origin[:200],
            origin_risk=origin_risk,
            arrived_on=arrived_on,
            vaccinated=vaccinated,
            outcome=ArrivalOutcome.MONITORING
            if q.place == QuarantinePlace.MONITORING
            else ArrivalOutcome.QUARANTINE,
            rule=rule,
            quarantine=q,
        )
        clean_or_raise(arrival)
        arrival.save()
        audit_record(
            actor=actor,
            action="outbreak.arrival_register",
            obj=arrival,
            changes={"rule": rule.code},
        )
        return arrival


def arrival_register_new(
    *,
    actor: User | None,
    scope: Scope,
    unit_code: str,
    full_name: str,
    birth_year: int | None,
    sex: str,
    phone: str,
    village: str,
    origin: str,
    origin_risk: int,
    arrived_on: datetime.date,
    vaccinated: bool,
    facility_id: int | None = None,
) -> Arrival:
    """Register a person who is not yet known (with duplicate detection) and their arrival, in
    one transaction: a refused arrival leaves no person behind."""
    with transaction.atomic():
        unit = unit_resolve(code=unit_code, on=arrived_on, scope=scope)
        person = person_register(
            actor=actor,
            scope=scope,
            full_name=full_name,
            unit=unit,
            birth_year=birth_year,
            sex=sex,
            phone=phone,
            village=village,
            address=f"{village}, {unit.name}" if village.strip() else unit.name,
        )
        return arrival_register(
            actor=actor,
            scope=scope,
            person_id=person.pk,
            origin=origin,
            origin_risk=origin_risk,
            arrived_on=arrived_on,
            vaccinated=vaccinated,
            facility_id=facility_id,
        )


# --- Locations and zones ---------------------------------------------------------------------


def _check_point(lat: float, lon: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationFailed(
            _("(%(lat)s, %(lon)s) is not a valid latitude/longitude."), lat=lat, lon=lon
        )


def person_location_set(
    *,
    actor: User | None,
    scope: Scope,
    person_id: int,
    latitude: float,
    longitude: float,
    household: str = "",
) -> PersonLocation:
    _check_point(latitude, longitude)
    with transaction.atomic():
        person = _person(scope, person_id)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=person.unit_path)
        loc, _made = PersonLocation.objects.update_or_create(
            person=person,
            defaults={"latitude": latitude, "longitude": longitude, "household": household[:100]},
        )
        audit_record(actor=actor, action="outbreak.person_location", obj=loc)
        return loc


@dataclass(frozen=True)
class ZoneInput:
    """What a zone form or API call gives."""

    unit_code: str
    name: str
    kind: str
    shape: str
    start: datetime.date
    end: datetime.date | None = None
    center_lat: float | None = None
    center_lon: float | None = None
    radius_m: float | None = None
    polygon: tuple[tuple[float, float], ...] = ()
    households: int = 0
    people: int = 0
    note: str = ""


def _zone_problems(data: ZoneInput) -> None:
    if not data.name.strip():
        raise ValidationFailed(_("The zone needs a name."))
    if data.kind not in ZoneKind.values:
        raise ValidationFailed(_("Unknown zone kind: %(kind)s."), kind=data.kind)
    if data.end is not None and data.end < data.start:
        raise ValidationFailed(_("The zone ends before it starts."))
    if data.households < 0 or data.people < 0:
        raise ValidationFailed(_("Households and people cannot be negative."))
    if data.shape == ZoneShape.CIRCLE:
        if data.center_lat is None or data.center_lon is None or not data.radius_m:
            raise ValidationFailed(_("A circle needs a centre and a radius."))
        _check_point(data.center_lat, data.center_lon)
        if not 0 < data.radius_m <= 50_000:
            raise ValidationFailed(_("The radius must be between 0 and 50,000 m."))
    elif data.shape == ZoneShape.POLYGON:
        problems = polygon_problems(data.polygon)
        if problems:
            raise ValidationFailed(_("Invalid polygon: %(detail)s"), detail="; ".join(problems))
    else:
        raise ValidationFailed(_("Unknown zone shape: %(shape)s."), shape=data.shape)


def zone_save(
    *,
    actor: User | None,
    scope: Scope,
    data: ZoneInput,
    zone_id: int | None = None,
    version: int | None = None,
) -> Zone:
    """Create a zone, or change one (with the version the user saw)."""
    _zone_problems(data)
    with transaction.atomic():
        unit = unit_resolve(code=data.unit_code, on=data.start, scope=scope)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=unit.path)
        if zone_id is None:
            zone = Zone()
        else:
            found = (
                Zone.objects.select_for_update()
                .filter(scope.view_q("unit_path"), pk=zone_id)
                .first()
            )
            if found is None:
                raise NotFound(_("No zone %(id)s in your units."), id=zone_id)
            check_write(
                actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=found.unit_path
            )
            check_version(current=found.version, seen=version, what=str(_("The zone")))
            zone = found
            zone.version = zone.version + 1
        circle = data.shape == ZoneShape.CIRCLE
        zone.unit, zone.unit_path = unit, unit.path
        zone.name, zone.kind, zone.shape = data.name.strip()[:200], data.kind, data.shape
        zone.center_lat = data.center_lat if circle else None
        zone.center_lon = data.center_lon if circle else None
        zone.radius_m = data.radius_m if circle else None
        zone.polygon = [] if circle else [[lat, lon] for lat, lon in data.polygon]
        zone.start, zone.end = data.start, data.end
        zone.households, zone.people = data.households, data.people
        zone.note = data.note.strip()[:255]
        clean_or_raise(zone)
        zone.save()
        audit_record(actor=actor, action="outbreak.zone_save", obj=zone)
        return zone


def zone_close(
    *,
    actor: User | None,
    scope: Scope,
    zone_id: int,
    end: datetime.date,
    version: int | None = None,
) -> Zone:
    """End a zone (dỡ bỏ phong tỏa / khoanh vùng) on `end`."""
    with transaction.atomic():
        zone = (
            Zone.objects.select_for_update().filter(scope.view_q("unit_path"), pk=zone_id).first()
        )
        if zone is None:
            raise NotFound(_("No zone %(id)s in your units."), id=zone_id)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=zone.unit_path)
        check_version(current=zone.version, seen=version, what=str(_("The zone")))
        if end < zone.start:
            raise ValidationFailed(_("The zone ends before it starts."))
        zone.end = end
        zone.version += 1
        zone.save(update_fields=["end", "version", "updated_at"])
        audit_record(actor=actor, action="outbreak.zone_close", obj=zone, changes={"end": str(end)})
        return zone


# --- Risk profiles and readiness -------------------------------------------------------------


def health_profile_set(
    *,
    actor: User | None,
    scope: Scope,
    unit: OrgUnit,
    valid_from: datetime.date,
    population: int,
    fully_vaccinated: int,
    latitude: float | None = None,
    longitude: float | None = None,
) -> UnitHealthProfile:
    """A unit's population and fully vaccinated people from a date (for risk levels)."""
    if population <= 0 or not 0 <= fully_vaccinated <= population:
        raise ValidationFailed(
            _("Population must be positive and vaccinated people between 0 and it.")
        )
    if latitude is not None and longitude is not None:
        _check_point(latitude, longitude)
    with transaction.atomic():
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=unit.path)
        prof, _made = UnitHealthProfile.objects.update_or_create(
            unit=unit,
            valid_from=valid_from,
            defaults={
                "unit_path": unit.path,
                "population": population,
                "fully_vaccinated": fully_vaccinated,
                "latitude": latitude,
                "longitude": longitude,
            },
        )
        audit_record(actor=actor, action="outbreak.health_profile", obj=prof)
        return prof


ITEM_PILLAR = {code: pillar for pillar, items in READINESS_ITEMS.items() for code, _n in items}
ITEM_NAMES = {code: name for items in READINESS_ITEMS.values() for code, name in items}


def readiness_set(
    *,
    actor: User | None,
    scope: Scope,
    unit_code: str,
    on: datetime.date,
    item: str,
    required: int,
    available: int,
    note: str = "",
    version: int | None = None,
) -> ReadinessItem:
    """Set one readiness line of a unit (required and available), as of `on`."""
    pillar = ITEM_PILLAR.get(item)
    if pillar is None:
        raise ValidationFailed(_("Unknown readiness item: %(item)s."), item=item)
    if required < 0 or available < 0:
        raise ValidationFailed(_("Required and available cannot be negative."))
    with transaction.atomic():
        unit = unit_resolve(code=unit_code, on=on, scope=scope)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=unit.path)
        row = ReadinessItem.objects.select_for_update().filter(unit=unit, item=item).first()
        if row is None:
            row = ReadinessItem(unit=unit, unit_path=unit.path, pillar=pillar, item=item)
        else:
            check_version(current=row.version, seen=version, what=str(_("The readiness item")))
            row.version += 1
        row.required, row.available, row.as_of, row.note = (
            required,
            available,
            on,
            note.strip()[:255],
        )
        clean_or_raise(row)
        row.save()
        audit_record(
            actor=actor,
            action="outbreak.readiness_set",
            obj=row,
            changes={"required": required, "available": available},
        )
        return row

