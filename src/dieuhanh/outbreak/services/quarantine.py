"""Writes of quarantine (cách ly): the dated rules, facilities, starting and releasing quarantines,
daily health checks, and arrivals from epidemic areas (quarantined by the rule in force)."""

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
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.outbreak.models import (
    Arrival,
    ArrivalOutcome,
    Contact,
    ContactStatus,
    Facility,
    HealthCheck,
    Person,
    Quarantine,
    QuarantinePlace,
    QuarantineRule,
    RuleSubject,
    ScheduledTest,
    ScheduledTestReason,
)
from dieuhanh.outbreak.pure.quarantine_rules import COVID19_RULES, plan_for, rule_in_force
from dieuhanh.outbreak.selectors.persons import person_in_scope
from dieuhanh.outbreak.selectors.quarantine import active_q, rule_spec
from dieuhanh.outbreak.services.persons import person_register
from dieuhanh.outbreak.versions import bump as outbreak_bump

MAX_BATCH = 500


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
        outbreak_bump()  # bulk_create sends no signal
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
        outbreak_bump()  # the update sends no signal
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
        person = person_in_scope(scope=scope, person_id=person_id)
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
