"""The web middleware: domain errors rendered as pages (or, for HTMX, partials) with their status;
the interface language; security headers; no caching of any answer; the request size limit; NUL
characters refused."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import DomainError, ValidationFailed
from dieuhanh.core.memo import read_memo


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        template = "web/_error.html" if request.headers.get("HX-Request") else "web/error.html"
        return render(
            request,
            template,
            {"error": exception, "message": exception.render(), "status": exception.status_code},
            status=exception.status_code,
        )


class ReadMemoMiddleware:
    """A GET or HEAD request reads what it asks for several times once (`core.memo`: a unit
    version, the user's grants, a unit's predecessors): such a request writes none of it, so a
    second read would find the same rows."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with read_memo():
            return self.get_response(request)


class LanguageMiddleware:
    """Vietnamese unless the user chose English (the language cookie set by /i18n/setlang/).

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: an official's
    browser in English must still get the Vietnamese interface until they switch.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script or style: every script and style is a static
    file) and Permissions-Policy on every response. Django 5.2 has no CSP of its own; the
    policy is the CONTENT_SECURITY_POLICY setting, and a view may set its own header first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy: str = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        self.permissions: str = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` and `Pragma: no-cache` on every answer Django makes: pages, HTMX
    partials, API answers, exports, error pages and redirects, whoever asks. Nothing of them is
    kept by the browser (the back button after logging out, a shared office computer) or by a
    proxy on the way. The rule is "everything but static files" rather than "what carries
    personal data" so that no new page or endpoint can forget it; the login page loses nothing
    by it. Static files never reach this middleware: WhiteNoise, before it in MIDDLEWARE,
    answers them with its own long cache. A view's own Cache-Control is replaced."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response["Pragma"] = "no-cache"
        return response


class RequestSizeLimitMiddleware:
    """Refuse (413) a request whose declared body is larger than the limit of its path, before
    anything reads it: a 100 MB upload costs neither memory, nor disk, nor a transaction.

    REQUEST_MAX_BYTES is the default; REQUEST_MAX_BYTES_BY_PATH maps path prefixes to their
    own limit (the longest prefix wins). A body without Content-Length (chunked) is capped by
    the WSGI server and Django's DATA_UPLOAD_MAX_MEMORY_SIZE / the views' own checks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.default: int = int(getattr(settings, "REQUEST_MAX_BYTES", 32 * 1024 * 1024))
        by_path: dict[str, int] = dict(getattr(settings, "REQUEST_MAX_BYTES_BY_PATH", {}))
        self.by_path = sorted(by_path.items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.by_path:
            if path.startswith(prefix):
                return limit
        return self.default

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = self.limit_for(request.path)
        if declared > limit:
            return _too_large(request, declared, limit)
        return self.get_response(request)


class RequestTooLarge(DomainError):
    status_code = 413
    code = "too_large"


def _too_large(request: HttpRequest, declared: int, limit: int) -> HttpResponse:
    from django.http import JsonResponse
    from django.utils.translation import gettext_lazy as _

    error = RequestTooLarge(
        _(
            "The request is too large (%(size)s MB); the limit here is %(limit)s MB: "
            "split the file into smaller ones."
        ),
        size=round(declared / (1024 * 1024), 1),
        limit=limit // (1024 * 1024),
    )
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({**error.as_dict(), "limit_bytes": limit}, status=413)
    else:
        response = render(
            request,
            "web/error.html",
            {"error": error, "message": error.render(), "status": 413},
            status=413,
        )
    return response  # (no Connection header: hop-by-hop headers are the WSGI server's)


# A JSON "\u0000" escape that is not itself escaped (preceded by an even number of backslashes).
_JSON_NUL = re.compile(rb"(?:^|[^\\])(?:\\\\)*\\u0000")


class NulCharacterMiddleware:
    """Refuse (400) a request carrying a NUL character (code 0) in its query, its form fields
    or its JSON body: no text the system keeps holds one, and PostgreSQL refuses to store it
    (a 500 deep inside a save otherwise). Uploaded files are the upload guard's (core.uploads)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request):
            return _error_response(
                request,
                ValidationFailed(
                    _("The request holds a NUL character (code 0), which no text may hold.")
                ),
            )
        return self.get_response(request)


def _holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.META.get("QUERY_STRING", "") or any(
        "\x00" in key or "\x00" in value for key, value in request.GET.items()
    ):
        return True
    if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
        return False
    content_type = request.content_type or ""
    if content_type in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        return any(
            "\x00" in key or any("\x00" in v for v in values)
            for key, values in request.POST.lists()
        )
    if content_type.endswith("json"):
        body = request.body
        return b"\x00" in body or _JSON_NUL.search(body) is not None
    return False


def _error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """A domain error answered by a middleware: the API's JSON shape, or the error page."""
    from django.http import JsonResponse

    if request.path.startswith("/api/"):
        return JsonResponse(error.as_dict(), status=error.status_code)
    return render(
        request,
        "web/error.html",
        {"error": error, "message": error.render(), "status": error.status_code},
        status=error.status_code,
    )
