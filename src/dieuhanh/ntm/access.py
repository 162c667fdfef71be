"""The module check every ntm page makes first."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest

from dieuhanh.accounts.permissions import Module, require_read

R = TypeVar("R")


def readable(view: Callable[..., R]) -> Callable[..., R]:
    """Refuse (403) a caller whose role has no access to the new-rural module."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
        require_read(request.user, Module.NTM)
        return view(request, *args, **kwargs)

    return wrapped
