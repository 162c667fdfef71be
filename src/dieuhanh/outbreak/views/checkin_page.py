"""The public check-in page `/c/<token>` (trang quét mã QR): no login, for phones, Vietnamese
first. Asks phone and name (CCCD optional), shows the consent text of Decree 13/2023/NĐ-CP,
records the check-in and later the check-out (a signed cookie remembers the open check-in on
this device), and the 2021 health declaration. Rate-limited per device and per venue."""

from __future__ import annotations

import datetime
import secrets

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dieuhanh.core.errors import DomainError
from dieuhanh.core.net import client_address
from dieuhanh.outbreak.models import Venue
from dieuhanh.outbreak.pure.stays import LOCAL_TZ, MAX_STAY
from dieuhanh.outbreak.selectors.checkin_page import open_checkin_by_token
from dieuhanh.outbreak.selectors.venues import venue_by_token
from dieuhanh.outbreak.services import checkin_page as page_svc

DEVICE_COOKIE = "dh_device"
"""A random id of the phone (signed), the key of the per-device rate limit."""
OPEN_COOKIE = "dh_checkin"
"""The open check-in on this phone (signed): a random token naming it, never the person; kept
24 hours."""
_SALT = "dieuhanh.outbreak.checkin_page"


def _device(request: HttpRequest) -> tuple[str, str | None]:
    """The key the per-device limit counts under, and a new device id to set as cookie (None:
    the phone has one). A phone opens the page (GET) before it posts, so it has the cookie; a
    post without it (cookies dropped to dodge the limit) is counted under its address."""
    value = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=_SALT)
    if value:
        return f"c:{value}", None
    return f"ip:{client_address(request)}", secrets.token_urlsafe(12)


def _open_checkin(request: HttpRequest, venue: Venue) -> page_svc.OpenCheckIn | None:
    token = request.get_signed_cookie(OPEN_COOKIE, default="", salt=_SALT, max_age=MAX_STAY) or ""
    found = open_checkin_by_token(token=token, venue_id=venue.pk)
    if found is None:
        return None
    person_id, at = found
    return page_svc.OpenCheckIn(venue.pk, person_id, at, token)


def _set_cookie(response: HttpResponse, name: str, value: str, max_age: int) -> None:
    response.set_signed_cookie(
        name, value, salt=_SALT, max_age=max_age, httponly=True, samesite="Lax", path="/c/"
    )


def _answers(post: dict[str, str]) -> page_svc.Declaration:
    return page_svc.Declaration(
        fever=post.get("fever") == "yes",
        cough=post.get("cough") == "yes",
        breathing=post.get("breathing") == "yes",
        taste_smell=post.get("taste_smell") == "yes",
        from_epidemic_area=post.get("from_epidemic_area") == "yes",
        epidemic_area=post.get("epidemic_area", "")[:200],
    )


def _page(
    request: HttpRequest,
    venue: Venue,
    *,
    status: int = 200,
    error: str | None = None,
    done: str | None = None,
) -> HttpResponse:
    current = _open_checkin(request, venue)
    return render(
        request,
        "outbreak/checkin_page.html",
        {
            "venue": venue,
            "open": current,
            "open_since": (
                datetime.datetime.fromtimestamp(current.checked_in_at, tz=LOCAL_TZ)
                if current
                else None
            ),
            "retention_days": page_svc.retention_days(),
            "error": error,
            "done": done,
            "form": request.POST if request.method == "POST" else {},
            "questions": QUESTIONS,
            "form_key": secrets.token_urlsafe(16),
        },
        status=status,
    )


QUESTIONS = ("fever", "cough", "breathing", "taste_smell")


@require_http_methods(["GET", "POST"])
def checkin_page(request: HttpRequest, token: str) -> HttpResponse:
    """The form (GET) and the check-in (POST, CSRF-checked by the middleware)."""
    venue = venue_by_token(token=token)
    device, new_device = _device(request)
    if request.method == "GET":
        response = _page(request, venue, done=request.GET.get("done"))
    else:
        post = {k: str(v) for k, v in request.POST.items()}
        form_key = post.get("form_key", "")
        if not page_svc.checkin_form_claim(form_key):
            # The same form posted again (a double tap): nothing more is stored.
            response = redirect(reverse("checkin:page", args=[token]) + "?done=in")
            opened_before = page_svc.checkin_form_opened(form_key)
            if opened_before:
                _set_cookie(response, OPEN_COOKIE, opened_before, MAX_STAY)
        else:
            response = _checkin_post(request, venue, token, device, post, form_key)
    if new_device is not None:
        _set_cookie(response, DEVICE_COOKIE, new_device, 365 * 24 * 3600)
    return response


def _checkin_post(
    request: HttpRequest,
    venue: Venue,
    token: str,
    device: str,
    post: dict[str, str],
    form_key: str,
) -> HttpResponse:
    try:
        page_svc.checkin_throttle(device=device, venue_id=venue.pk, address=client_address(request))
        opened = page_svc.checkin_record(
            venue=venue,
            phone=post.get("phone", "")[:30],
            full_name=post.get("full_name", "")[:150],
            id_number=post.get("id_number", "")[:20],
            consent=post.get("consent") == "yes",
            declaration=_answers(post),
        )
    except DomainError as exc:  # no consent, a bad phone number, a limit passed
        # nothing stored: the same form sent again is a new attempt, not a repeat
        page_svc.checkin_form_release(form_key)
        return _page(request, venue, status=exc.status_code, error=exc.render())
    except BaseException:
        page_svc.checkin_form_release(form_key)
        raise
    page_svc.checkin_form_done(form_key, opened.token)
    response = redirect(reverse("checkin:page", args=[token]) + "?done=in")
    _set_cookie(response, OPEN_COOKIE, opened.token, MAX_STAY)
    return response


@require_POST
def checkout_page(request: HttpRequest, token: str) -> HttpResponse:
    """Check out of the open check-in this phone made here (the cookie), then forget it."""
    venue = venue_by_token(token=token)
    current = _open_checkin(request, venue)
    if current is not None:
        page_svc.checkout_record(open_checkin=current)
    response = redirect(reverse("checkin:page", args=[token]) + "?done=out")
    response.delete_cookie(OPEN_COOKIE, path="/c/", samesite="Lax")
    return response
