"""Reads of external identifiers (định danh): a person named by phone, CCCD, CMND, passport or
source id, and a person's identifiers. Identifiers are personal data: only roles that see
identities (health officers, administrators) read them, within their units; the callers log
every read (`services.persons.person_access_log`)."""

from __future__ import annotations

from django.utils.translation import get_language

from dieuhanh.core.errors import BilingualInvalid, NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import Person, PersonIdentifier
from dieuhanh.outbreak.pure.identifiers import INTERNAL, KIND_LABELS, IdentifierError, resolve
from dieuhanh.outbreak.selectors.persons import User, require_identities


class IdentifierNotFound(NotFound):
    """No person with an identifier in the caller's units (404), in both languages."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(message_en)

    def render(self, language: str | None = None) -> str:
        lang = language or get_language() or "vi"
        return self.message_en if lang.startswith("en") else self.message_vi


LOOKUP_REASON = "tra cứu theo định danh / lookup by identifier"
"""The reason logged for a person found by an external identifier."""


def person_resolve(*, user: User, scope: Scope, raw: str, kind: str = "auto") -> tuple[int, bool]:
    """The person `raw` names — an internal id, or an external identifier of `kind` (`auto`:
    told from the value, `outbreak.pure.identifiers.classify`) — and whether it was found by an
    external identifier (a read of personal data the caller logs). An external identifier is
    looked up only for roles that see identities (the console's system user included) and
    within the units whose identities they see; NotFound otherwise, as for no match."""
    try:
        found_kind, value = resolve(raw, kind)
    except IdentifierError as exc:
        raise BilingualInvalid(exc.message_vi, exc.message_en) from None
    if found_kind == INTERNAL:
        assert isinstance(value, int)
        return value, False
    if user is not None:
        require_identities(user)
    pid = (
        PersonIdentifier.objects.filter(kind=found_kind, value=str(value))
        .values_list("person_id", flat=True)
        .first()
    )
    outside = (
        pid is not None
        and user is not None
        and not Person.objects.filter(scope.identity_q("unit_path"), pk=pid).exists()
    )
    if outside:
        pid = None
    if pid is None:
        label_vi, label_en = KIND_LABELS[found_kind]
        raise IdentifierNotFound(
            f"Không có người nào có {label_vi} này trong đơn vị của bạn.",
            f"No person with this {label_en} in your units.",
        )
    return int(pid), True


def person_identifiers(*, user: User, person: Person) -> list[PersonIdentifier]:
    """The identifiers of a person the caller already holds through `persons.person_get` (whose
    identity they may see): refused to roles without identities."""
    require_identities(user)
    return list(person.identifiers.order_by("kind", "value"))
