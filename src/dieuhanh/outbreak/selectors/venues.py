"""Reads of the venue register (sổ địa điểm quét mã QR): a unit's venues, one venue, the venue a
check-in token names (the public page, no scope), and the check-in URL a poster carries."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.models import Venue

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


def venues_list(*, scope: Scope, unit: OrgUnit) -> QuerySet[Venue]:
    """The venues of the unit's subtree that the scope may see, by name."""
    return (
        Venue.objects.filter(scope.within_q(unit.path, "unit__path"))
        .select_related("unit")
        .order_by("name", "id")
    )


def venue_get(*, scope: Scope, venue_id: int) -> Venue:
    venue = (
        Venue.objects.filter(scope.view_q("unit__path"), pk=venue_id).select_related("unit").first()
    )
    if venue is None:
        raise NotFound(_("No venue %(id)s in your units."), id=venue_id)
    return venue


def venue_by_token(*, token: str) -> Venue:
    """The venue whose poster carries `token` (the public check-in page: no login, no scope).
    404 for an unknown token, a token replaced by a new one, or a venue without a unit."""
    venue = None
    if 16 <= len(token) <= 64:
        venue = (
            Venue.objects.filter(checkin_token=token, unit__isnull=False)
            .select_related("unit")
            .first()
        )
    if venue is None:
        raise NotFound(_("This check-in code is not valid (any more). Scan the poster again."))
    return venue


def public_base_url() -> str:
    """Where the public check-in page is reached from outside (`DIEUHANH_PUBLIC_URL`)."""
    return str(getattr(settings, "PUBLIC_URL", "") or DEFAULT_PUBLIC_URL).rstrip("/")


def checkin_url(venue: Venue) -> str:
    """The absolute URL a venue's QR code carries: `<public URL>/c/<token>`."""
    if not venue.checkin_token:
        raise NotFound(_("The venue %(name)s has no check-in code yet."), name=venue.name)
    return f"{public_base_url()}/c/{venue.checkin_token}"
