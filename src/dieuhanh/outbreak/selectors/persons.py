"""Reads of persons and the rule of who sees an identity (danh tính)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.permissions import Module, role_can_read
from dieuhanh.core.errors import AccessDenied, NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import Person
from dieuhanh.outbreak.pure.identifiers import INTERNAL, IdentifierError, classify, normalise
from dieuhanh.vn import fold, sort_key

User = AbstractBaseUser | AnonymousUser | None


def identity_visible(*, user: User, scope: Scope, unit_path: str) -> bool:
    """Whether `user` may see the identity of a person registered in the unit at `unit_path`.

    Only health roles (module PERSONAL_DATA: health officers, administrators) whose view scope
    includes the person's unit or one of its ancestors qualify.
    """
    if user is None or not user.is_authenticated:
        return False
    role = getattr(user, "role", None)
    if not isinstance(role, str) or not role_can_read(role, Module.PERSONAL_DATA):
        return False
    return scope.can_view_path(unit_path)


def require_outbreak_read(user: User) -> None:
    """Refuse a role without the OUTBREAK module. `None` is the system (console): allowed."""
    if user is None:
        return
    role = getattr(user, "role", None)
    if not isinstance(role, str) or not role_can_read(role, Module.OUTBREAK):
        raise AccessDenied(_("Your role does not give access to this module."))


def require_identities(user: User) -> None:
    """Refuse a role that may not see personal data at all (leaders see counts only)."""
    role = getattr(user, "role", None)
    if not isinstance(role, str) or not role_can_read(role, Module.PERSONAL_DATA):
        raise AccessDenied(_("Your role sees counts only, not persons' identities."))


def sees_identities(user: object) -> bool:
    """Whether `user`'s role may see persons: identities, per-person rows, home locations and
    health details (health officers, administrators). Leaders see counts and zone outlines."""
    role = getattr(user, "role", None)
    return isinstance(role, str) and role_can_read(role, Module.PERSONAL_DATA)


def person_duplicates(
    *, scope: Scope, id_number: str, name_key: str, birth_year: int | None, phone_key: str
) -> list[int]:
    """Ids of persons in `scope` that are probably the same: same ID number, or same name +
    birth year + phone (accents and spacing ignored). Only the caller's units are searched: the
    answer must not tell a commune's officer who is registered elsewhere (register probing)."""
    found: set[int] = set()
    persons = Person.objects.filter(scope.identity_q("unit_path"), anonymised=False)
    if id_number:
        found.update(persons.filter(id_number=id_number).values_list("pk", flat=True))
    if name_key and birth_year is not None and phone_key:
        found.update(
            persons.filter(
                name_key=name_key, birth_year=birth_year, phone_key=phone_key
            ).values_list("pk", flat=True)
        )
    return sorted(found)


def persons_visible(*, user: User, scope: Scope) -> QuerySet[Person]:
    """Persons whose identity `user` may see (empty for roles without PERSONAL_DATA)."""
    role = getattr(user, "role", None)
    if not isinstance(role, str) or not role_can_read(role, Module.PERSONAL_DATA):
        return Person.objects.none()
    return Person.objects.filter(scope.identity_q("unit_path"))


def person_get(*, user: User, scope: Scope, person_id: int) -> Person:
    """One person, if `user` may see their identity; NotFound otherwise (no existence leak)."""
    require_identities(user)
    person = (
        persons_visible(user=user, scope=scope).select_related("unit").filter(pk=person_id).first()
    )
    if person is None:
        raise NotFound(_("No person %(id)s in your units."), id=person_id)
    return person


def persons_search(*, user: User, scope: Scope, query: str = "", limit: int = 50) -> list[Person]:
    """Persons matching every word of `query` (accent-insensitive, name / ID / phone), or the
    persons an external identifier typed whole names (0905 123 456 finds +84905123456)."""
    require_identities(user)
    qs = persons_visible(user=user, scope=scope).select_related("unit")
    by_identifier = _by_identifier(qs, query)
    if by_identifier is not None:
        return by_identifier
    for word in fold(query).split():
        qs = (
            qs.filter(search_key__contains=" " + word)
            if word.isalpha()
            else qs.filter(search_key__contains=word)
        )
    people = list(qs.order_by("-id")[: limit * 4])
    people.sort(key=lambda p: sort_key(p.full_name))
    return people[:limit]


def _by_identifier(qs: QuerySet[Person], query: str) -> list[Person] | None:
    """The persons an external identifier typed as the whole query names (a phone in any of its
    forms, a CCCD, CMND, passport or source id, normalised), or None when the query is not one."""
    text = query.strip()
    if not text or not any(ch.isdigit() for ch in text):
        return None
    try:
        kind = classify(text)
        if kind == INTERNAL:
            return None
        value = normalise(kind, text)
    except IdentifierError:
        return None
    found = list(qs.filter(identifiers__kind=kind, identifiers__value=value))
    return found or None


def persons_names(*, user: User, scope: Scope, ids: Iterable[int]) -> dict[int, str]:
    """Names of the given persons that `user` may see (others are left out)."""
    wanted = sorted(set(ids))
    out: dict[int, str] = {}
    qs = persons_visible(user=user, scope=scope)
    for start in range(0, len(wanted), 900):
        out.update(qs.filter(pk__in=wanted[start : start + 900]).values_list("pk", "full_name"))
    return out


def person_in_scope(*, scope: Scope, person_id: int) -> Person:
    """The person `person_id` if the scope may see them (for care records, which need the person
    but show no identity by themselves); 404 otherwise."""
    person = Person.objects.filter(scope.view_q("unit_path"), pk=person_id).first()
    if person is None:
        raise NotFound(_("No person %(id)s in your units."), id=person_id)
    return person
