"""Attach the caller's scope to every request, computed on first use from `request.user`.

Lazy, so that API token authentication (which sets `request.user` later) is honoured.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from dieuhanh.accounts.selectors import user_scope


class ScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # An attribute of our own on Django's request, read by core.scope.request_scope.
        request.scope = SimpleLazyObject(lambda: user_scope(user=request.user))  # type: ignore[attr-defined]
        return self.get_response(request)
