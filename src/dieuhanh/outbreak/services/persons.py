"""Writes of persons (người liên quan): register, correct, anonymise, and the log of every read of a
person's identity."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write, require_write
from dieuhanh.core.errors import Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import ERASED, audit_erase, audit_record, audit_values, erase_values
from dieuhanh.core.validation import clean_or_raise
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.models import (
    Arrival,
    Case,
    Contact,
    Exposure,
    HealthCheck,
    Person,
    PersonalDataAccess,
    PersonalDataAction,
    PersonIdentifier,
    PersonLocation,
    Quarantine,
    Sample,
    Sex,
    Visit,
)
from dieuhanh.outbreak.selectors.persons import person_duplicates
from dieuhanh.outbreak.versions import bump as outbreak_bump
from dieuhanh.vn import fold, name_key

RECORD_MODULES = (Module.OUTBREAK, Module.PERSONAL_DATA)
"""What a role must write to record persons, cases and contacts (identities and health)."""


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
    # The check and the insert in one transaction (SQLite takes its write lock at the start:
    # two registrations of one CCCD cannot both pass). A refusal names who matched — a lookup
    # by identity — so it is logged after the transaction, where the refusal cannot undo it.
    with transaction.atomic():
        dupes = (
            []
            if allow_duplicate
            else person_duplicates(
                scope=scope,
                id_number=person.id_number,
                name_key=person.name_key,
                birth_year=person.birth_year,
                phone_key=person.phone_key,
            )
        )
        if not dupes:
            person.save()
            person_access_log(actor=actor, persons=[person], action=PersonalDataAction.CREATE)
            audit_record(actor=actor, action="outbreak.person.register", obj=person)
    if dupes:
        person_access_log(
            actor=actor,
            persons=dupes,
            action=PersonalDataAction.VIEW,
            reason=str(_("duplicate check at registration")),
        )
        raise Conflict(
            _("Probably already registered: person %(ids)s."),
            ids=", ".join(f"#{pk}" for pk in dupes),
        )
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
    outbreak_bump()  # the updates send no signal
    person_access_log(actor=actor, persons=[locked], action=PersonalDataAction.CORRECT)
    audit_record(
        actor=actor,
        action="outbreak.person.correct",
        obj=locked,
        changes={k: [before[k], str(getattr(locked, k))] for k in fields},
    )
    return locked


PERSON_IDENTITY = ("full_name", "id_number", "phone", "address", "village")
"""The fields of a person that identify them (danh tính): erased by `person_anonymise`."""


@transaction.atomic
def person_anonymise(*, actor: User | None, scope: Scope, person: Person, reason: str) -> Person:
    """Erase the identity when the legal basis ends (ẩn danh), everywhere the system copied it.

    Erased (blanked, or replaced by `ERASED` where a row or a label must stay):
    - the person's name (it becomes "#id"), ID number (CCCD), phone, address, village and
      search keys; their external identifiers (`PersonIdentifier`) are deleted;
    - the household location (the `PersonLocation` row: coordinates, household);
    - free text attached to the person's records, which can name them: the place of isolation
      of their cases, place and note of their cases' visits, notes of exposures they are part
      of, release notes of their quarantines, notes of their daily health checks;
    - in the audit log, the identity recorded by the person's events (registration,
      corrections: before and after), the labels made of the erased data (locations, visits),
      and any value the person ever had quoted in other events of their records; in the
      personal-data access log and the admin log, those values quoted in a reason or a label.
    Kept, for epidemiology without identity: the person as "#id" with birth year, sex and unit;
    cases (code, dates, outcome), contacts, exposures (by number, time, setting, venue), the
    check-in store (internal ids only), quarantines, samples and tests, arrivals (origin area),
    health checks (temperature, symptoms); every audit and access event (time, actor, kind).
    Backups taken before are out of reach; a backup taken after holds none of it.
    """
    require_write(actor, RECORD_MODULES)  # the role first, before anything is looked at
    if not reason.strip():
        raise ValidationFailed(_("A reason is required to anonymise a person."))
    locked = Person.objects.select_for_update().get(pk=person.pk)
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=locked.unit_path)
    if locked.anonymised:
        return locked
    values = _identity_values(locked)
    for kind_value in locked.identifiers.values_list("value", flat=True):
        values.add(kind_value)
    _erase_traces(locked, values)
    # the external identifiers (CCCD, phone, passport, source ids) go entirely: a later file
    # naming the same phone registers a new pseudonymous person, not this one
    PersonIdentifier.objects.filter(person=locked).delete()
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
    reason = erase_values(reason, values)
    person_access_log(
        actor=actor, persons=[locked], action=PersonalDataAction.ANONYMISE, reason=reason
    )
    audit_record(
        actor=actor, action="outbreak.person.anonymise", obj=locked, changes={"reason": reason}
    )
    return locked


def _identity_values(person: Person) -> set[str]:
    """Every identifying text the person has or ever had (the corrections in the audit log
    keep the earlier ones), with the spellings the system derives from them (accent-free name,
    phone digits)."""
    values = {str(getattr(person, f)) for f in PERSON_IDENTITY}
    values |= audit_values(
        object_type=person._meta.label_lower, object_id=str(person.pk), keys=PERSON_IDENTITY
    )
    derived = set()
    for value in values:
        derived.add(fold(value))
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) >= 6:  # a phone or ID number written with spaces or dots
            derived.update({digits, digits[-9:]})
    # Short values (an initial, "3" of a hamlet) would erase unrelated words.
    return {v for v in values | derived if len(v.strip()) >= 3}


def _erase_traces(person: Person, values: set[str]) -> None:
    """Erase the copies of the identity outside the person's row (see `person_anonymise`)."""
    cases = list(Case.objects.filter(person=person).values_list("pk", flat=True))
    quarantines = list(Quarantine.objects.filter(person=person).values_list("pk", flat=True))
    visits = list(Visit.objects.filter(case__in=cases).values_list("pk", flat=True))
    exposures = list(
        Exposure.objects.filter(Q(source=person) | Q(exposed=person)).values_list("pk", flat=True)
    )
    locations = list(PersonLocation.objects.filter(person=person).values_list("pk", flat=True))
    # Rows that stay, with their free text erased; versions move so that a form opened before
    # cannot write the old text back.
    Case.objects.filter(pk__in=cases).exclude(place="").update(
        place=ERASED, version=F("version") + 1
    )
    Visit.objects.filter(pk__in=visits).update(place=ERASED)
    Visit.objects.filter(pk__in=visits).exclude(note="").update(note=ERASED)
    Exposure.objects.filter(pk__in=exposures).exclude(note="").update(note=ERASED)
    Quarantine.objects.filter(pk__in=quarantines).exclude(release_note="").update(
        release_note=ERASED, version=F("version") + 1
    )
    HealthCheck.objects.filter(quarantine__in=quarantines).exclude(note="").update(note=ERASED)
    PersonLocation.objects.filter(pk__in=locations).delete()
    outbreak_bump()  # the updates send no signal
    # The logs keep every event; only the identity in them goes.
    records: dict[type[Model], list[int]] = {
        Case: cases,
        Contact: list(Contact.objects.filter(person=person).values_list("pk", flat=True)),
        Exposure: exposures,
        Quarantine: quarantines,
        HealthCheck: list(
            HealthCheck.objects.filter(quarantine__in=quarantines).values_list("pk", flat=True)
        ),
        Sample: list(Sample.objects.filter(person=person).values_list("pk", flat=True)),
        Arrival: list(Arrival.objects.filter(person=person).values_list("pk", flat=True)),
    }
    label = person._meta.label_lower
    audit_erase(object_type=label, object_ids=[person.pk], keys=PERSON_IDENTITY, values=values)
    # Labels made of the erased data: "person (latitude, longitude)", a visit's place.
    labelled: dict[type[Model], list[int]] = {PersonLocation: locations, Visit: visits}
    for model, ids in labelled.items():
        audit_erase(
            object_type=model._meta.label_lower, object_ids=ids, values=values, whole_repr=True
        )
    for model, ids in records.items():
        audit_erase(object_type=model._meta.label_lower, object_ids=ids, values=values)
    _erase_in_access_log(person, values)
    _erase_in_admin_log({**records, Visit: visits}, values)


def _erase_in_access_log(person: Person, values: set[str]) -> None:
    """The reasons given for reading the person's data, with the identity taken out."""
    changed = []
    for row in PersonalDataAccess.objects.filter(person=person).exclude(reason=""):
        erased = erase_values(row.reason, values)
        if erased != row.reason:
            row.reason = erased
            changed.append(row)
    PersonalDataAccess.objects.bulk_update(changed, ["reason"], batch_size=500)


def _erase_in_admin_log(records: dict[type[Model], list[int]], values: set[str]) -> None:
    """Django's admin history of the person's records labels each change with the record's
    text (a visit's place): those labels are erased; change messages name fields only."""
    for model, ids in records.items():
        if not ids:
            continue
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(i) for i in ids],
        )
        if model is Visit:
            entries.update(object_repr=ERASED)
            continue
        changed = []
        for entry in entries:
            erased = erase_values(entry.object_repr, values)
            if erased != entry.object_repr:
                entry.object_repr = erased
                changed.append(entry)
        LogEntry.objects.bulk_update(changed, ["object_repr"], batch_size=500)
