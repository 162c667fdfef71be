"""Writes of the public check-in page `/c/<token>` (quét mã QR, khai báo y tế): a check-in, its
check-out, the health declaration made with it, the rate limits, and the purge of declarations.

No login: the caller is the person checking in (`actor` None in the audit sense). The person is
found or registered by `services.identifiers.person_for_checkin` (phone, CCCD); the check-in is
appended to the packed store (`checkin_store.checkins_insert`, a part; compacted later)."""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.counters import cache_count
from dieuhanh.core.errors import DomainError, ValidationFailed
from dieuhanh.outbreak.checkin_store import checkins_close, checkins_insert
from dieuhanh.outbreak.models import HealthDeclaration, Venue
from dieuhanh.outbreak.pure.stays import LOCAL_TZ, MAX_STAY
from dieuhanh.outbreak.services.identifiers import person_for_checkin

DEFAULT_RETENTION_DAYS = 30


def retention_days() -> int:
    """How long check-ins and declarations are kept (`DIEUHANH_CHECKIN_RETENTION_DAYS`, 30)."""
    return int(getattr(settings, "CHECKIN_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


class CheckInsThrottled(DomainError):
    """Too many check-ins from one device or at one venue in a short time (429)."""

    status_code = 429
    code = "too_many_requests"


@dataclass(frozen=True)
class Limit:
    """At most `count` check-ins per `seconds` (a fixed window)."""

    count: int
    seconds: int


def device_limit() -> Limit:
    return Limit(
        int(getattr(settings, "CHECKIN_DEVICE_LIMIT", 10)),
        int(getattr(settings, "CHECKIN_DEVICE_WINDOW", 600)),
    )


def venue_limit() -> Limit:
    return Limit(
        int(getattr(settings, "CHECKIN_VENUE_LIMIT", 300)),
        int(getattr(settings, "CHECKIN_VENUE_WINDOW", 60)),
    )


def address_limit() -> Limit:
    """Check-ins from one network address: a phone that drops its cookie gets a new device id
    on every page load, so the address bounds it (generous: phones behind one carrier NAT or a
    venue's Wi-Fi share an address)."""
    return Limit(
        int(getattr(settings, "CHECKIN_ADDRESS_LIMIT", 60)),
        int(getattr(settings, "CHECKIN_ADDRESS_WINDOW", 600)),
    )


def _count(key: str, limit: Limit, now: float) -> bool:
    """Count one more in the current window of `key`; False when the limit is passed."""
    window = int(now) // limit.seconds
    name = f"checkin-rate:{key}:{window}"
    return cache_count(name, timeout=limit.seconds + 5) <= limit.count


def checkin_throttle(
    *, device: str, venue_id: int, address: str = "", now: float | None = None
) -> None:
    """Refuse (429) a device over its limit, then a network address over its limit, then a venue
    over its limit (settings `DIEUHANH_CHECKIN_DEVICE_LIMIT` per `…_DEVICE_WINDOW` seconds,
    `…_ADDRESS_LIMIT` per `…_ADDRESS_WINDOW`, `…_VENUE_LIMIT` per `…_VENUE_WINDOW`). Counters
    live in the Django cache (shared between nodes when DIEUHANH_CACHE is set)."""
    at = timezone.now().timestamp() if now is None else now
    if not _count(f"d:{device}", device_limit(), at):
        raise CheckInsThrottled(
            _("Too many check-ins from this phone. Please wait a few minutes and try again.")
        )
    if address and not _count(f"a:{address}", address_limit(), at):
        raise CheckInsThrottled(
            _("Too many check-ins from this phone. Please wait a few minutes and try again.")
        )
    if not _count(f"v:{venue_id}", venue_limit(), at):
        raise CheckInsThrottled(
            _("Too many people are checking in here right now. Please try again in a minute.")
        )


FORM_ONCE_SECONDS = 600
"""How long a check-in form's one-time key is remembered (a double tap within it stores once)."""


_FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,43}")
"""A key the page rendered (`secrets.token_urlsafe(16)`): anything else is no key at all, so a
posted value never shapes a cache key."""


def _form_cache_key(key: str) -> str | None:
    return f"checkin-form:{key}" if _FORM_KEY.fullmatch(key) else None


def checkin_form_claim(key: str) -> bool:
    """Claim a form's one-time key (rendered with the form): True for the first post of that
    form, False for a repeat — a double tap, or the browser resending — which must store
    nothing. No key, or not one the page could have rendered, is always first."""
    name = _form_cache_key(key)
    return name is None or bool(cache.add(name, "", timeout=FORM_ONCE_SECONDS))


def checkin_form_release(key: str) -> None:
    """Give a claimed key back when its post stored nothing (refused, over a limit, an
    error): sending the same form again is then a new attempt, not a repeat."""
    name = _form_cache_key(key)
    if name is not None:
        cache.delete(name)


def checkin_form_done(key: str, opened: str) -> None:
    """Remember what the form's first post opened, so a repeat can hand the phone the same
    open check-in (the browser may have dropped the first answer)."""
    name = _form_cache_key(key)
    if name is not None:
        cache.set(name, opened, timeout=FORM_ONCE_SECONDS)


def checkin_form_opened(key: str) -> str:
    """What the first post of the form opened ("" while it is still being stored)."""
    name = _form_cache_key(key)
    return str(cache.get(name, "") or "") if name is not None else ""


@dataclass(frozen=True)
class Declaration:
    """The 2021 health declaration's answers (tờ khai y tế)."""

    fever: bool = False
    cough: bool = False
    breathing: bool = False
    taste_smell: bool = False
    from_epidemic_area: bool = False
    epidemic_area: str = ""

    @property
    def any_yes(self) -> bool:
        return (
            self.fever
            or self.cough
            or self.breathing
            or self.taste_smell
            or self.from_epidemic_area
        )


@dataclass(frozen=True)
class OpenCheckIn:
    """A check-in without check-out yet; the device's signed cookie holds only its `token`."""

    venue_id: int
    person_id: int
    checked_in_at: int  # epoch seconds
    token: str = ""


def checkin_record(
    *,
    venue: Venue,
    phone: str,
    full_name: str,
    id_number: str = "",
    consent: bool,
    declaration: Declaration,
    at: datetime.datetime | None = None,
) -> OpenCheckIn:
    """Check a person in at `venue` now: refused without consent (Decree 13/2023/NĐ-CP), without
    phone or name; the person found or registered by phone/CCCD; the check-in appended to the
    store without check-out (60 minutes until the person checks out); the declaration kept."""
    if not consent:
        raise ValidationFailed(
            _("Please agree to the processing of your personal data to check in.")
        )
    if not phone.strip():
        raise ValidationFailed(_("%(field)s is required."), field=_("Phone number"))
    if not full_name.strip():
        raise ValidationFailed(_("%(field)s is required."), field=_("Full name"))
    if declaration.from_epidemic_area and not declaration.epidemic_area.strip():
        raise ValidationFailed(_("Say which epidemic area you came from."))
    now = at or timezone.now()
    epoch = int(now.timestamp())
    token = secrets.token_urlsafe(16)
    assert venue.unit is not None  # venue_by_token gives only venues with a unit
    with transaction.atomic():
        person_id = person_for_checkin(
            phone=phone, full_name=full_name, id_number=id_number, unit=venue.unit
        )
        checkins_insert([(person_id, venue.pk, epoch, None)])
        HealthDeclaration.objects.create(
            person_id=person_id,
            venue=venue,
            unit_path=venue.unit.path,
            declared_at=now,
            fever=declaration.fever,
            cough=declaration.cough,
            breathing=declaration.breathing,
            taste_smell=declaration.taste_smell,
            from_epidemic_area=declaration.from_epidemic_area,
            epidemic_area=declaration.epidemic_area.strip()[:200],
            flagged=declaration.any_yes,
            checkin_token=token,
        )
    return OpenCheckIn(venue.pk, person_id, epoch, token)


def checkout_record(*, open_checkin: OpenCheckIn, at: datetime.datetime | None = None) -> bool:
    """Check out: the open check-in gets its real end. False (nothing written) when it is no
    longer open, or when more than 24 hours have passed (it then stays 60 minutes long)."""
    end = int((at or timezone.now()).timestamp())
    start = open_checkin.checked_in_at
    if end - start > MAX_STAY:
        return False
    return checkins_close(
        person=open_checkin.person_id,
        venue=open_checkin.venue_id,
        checked_in_at=start,
        checked_out_at=max(end, start + 1),
    )


def declarations_purge(*, before: datetime.date, dry_run: bool = False) -> int:
    """Delete the health declarations made before `before` (local days, Asia/Ho_Chi_Minh): the
    retention period of the check-in page. Returns how many were (dry run: would be) deleted."""
    cutoff = datetime.datetime.combine(before, datetime.time(), tzinfo=LOCAL_TZ)
    older = HealthDeclaration.objects.filter(declared_at__lt=cutoff)
    if dry_run:
        return older.count()
    deleted, _by_model = older.delete()
    return int(deleted)
