"""Writes of persons (người liên quan): register, correct, anonymise, and the log of every read of a
person's identity."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write
from dieuhanh.core.errors import Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import clean_or_raise
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.models import (
    Case,
    Contact,
    Person,
    PersonalDataAccess,
    PersonalDataAction,
    Sex,
)
from dieuhanh.outbreak.selectors.persons import person_duplicates
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
    if not allow_duplicate:
        dupes = person_duplicates(
            scope=scope,
            id_number=person.id_number,
            name_key=person.name_key,
            birth_year=person.birth_year,
            phone_key=person.phone_key,
        )
        if dupes:
            # The refusal tells who matched (a lookup by identity): logged, and kept although
            # the registration is refused (the check runs before the write's transaction).
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
    with transaction.atomic():
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
