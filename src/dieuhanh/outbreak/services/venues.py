"""Writes of the venue register (địa điểm quét mã QR): create, edit, and a new check-in token
(mã QR mới) that invalidates every poster printed before."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write
from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import check_version, clean_or_raise, text_value
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.models import Venue

TOKEN_BYTES = 16
"""Random bytes of a check-in token (128 bits; 22 URL-safe characters)."""


def new_checkin_token() -> str:
    """A fresh unguessable token (`secrets.token_urlsafe`); never derived from the id."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def venue_create(
    *, actor: User | None, scope: Scope, unit: OrgUnit, name: str, address: str = "", code: str = ""
) -> Venue:
    """Register a venue of `unit` with its check-in token."""
    check_write(
        actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=unit.path, unit_name=unit.name
    )
    with transaction.atomic():
        venue = Venue(
            unit=unit,
            name=text_value(name, _("Name"))[:200],
            address=address.strip()[:255],
            code=code.strip()[:40],
            checkin_token=new_checkin_token(),
        )
        clean_or_raise(venue)
        venue.save()
        audit_record(actor=actor, action="outbreak.venue_create", obj=venue)
        return venue


def _locked(scope: Scope, venue_id: int) -> Venue:
    # the venue row only (not its unit), and no select_related: PostgreSQL refuses FOR UPDATE on
    # the nullable side of an outer join
    venue = (
        Venue.objects.select_for_update(of=("self",))
        .filter(scope.view_q("unit__path"), pk=venue_id)
        .first()
    )
    if venue is None:
        raise NotFound(_("No venue %(id)s in your units."), id=venue_id)
    return venue


def venue_update(
    *,
    actor: User | None,
    scope: Scope,
    venue_id: int,
    version: int | None,
    name: str,
    address: str = "",
    code: str = "",
) -> Venue:
    """Change a venue's name, address or code (with the version the user saw)."""
    with transaction.atomic():
        venue = _locked(scope, venue_id)
        assert venue.unit is not None  # the register's venues have a unit (scope filter)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=venue.unit.path)
        check_version(current=venue.version, seen=version, what=str(_("The venue")))
        venue.name = text_value(name, _("Name"))[:200]
        venue.address = address.strip()[:255]
        venue.code = code.strip()[:40]
        venue.version += 1
        clean_or_raise(venue)
        venue.save()
        audit_record(actor=actor, action="outbreak.venue_update", obj=venue)
        return venue


def venue_token_regenerate(*, actor: User | None, scope: Scope, venue_id: int) -> Venue:
    """Give the venue a new check-in token: posters printed before stop working (404)."""
    with transaction.atomic():
        venue = _locked(scope, venue_id)
        assert venue.unit is not None
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=venue.unit.path)
        venue.checkin_token = new_checkin_token()
        venue.version += 1
        venue.save(update_fields=["checkin_token", "version", "updated_at"])
        # the token itself is not audited: the log is not where a poster's code is read from
        audit_record(actor=actor, action="outbreak.venue_token_regenerate", obj=venue)
        return venue
