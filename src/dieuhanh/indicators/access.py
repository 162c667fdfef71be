"""The module check every indicators page and API endpoint makes first."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest

from dieuhanh.accounts.permissions import Module, require_read

R = TypeVar("R")


def readable(view: Callable[..., R]) -> Callable[..., R]:
    """Refuse (403) a caller whose role has no access to indicators, before anything else."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
        require_read(request.user, Module.INDICATORS)
        return view(request, *args, **kwargs)

    return wrapped
