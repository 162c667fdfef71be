"""Writes of the epidemic response (tracing part): persons, cases, investigation, contacts."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from dieuhanh.outbreak.models import Person, PersonalDataAccess, PersonalDataAction


def person_access_log(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    persons: Iterable[Person | int],
    action: str,
    reason: str | None = None,
) -> int:
    """Record that `user` saw (or exported, corrected…) these persons' identities.

    `action` is a `PersonalDataAction` value. Returns the number of rows written.
    """
    PersonalDataAction(action)  # refuse an unknown action loudly
    real = user if user is not None and user.is_authenticated else None
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
