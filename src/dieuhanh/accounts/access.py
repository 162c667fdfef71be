"""What every page and endpoint asks of the request before it does anything: who acts, and
whether their role reads the module at all (units are then the scope's business)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, require_read
from dieuhanh.core.errors import AccessDenied

R = TypeVar("R")


def request_user(request: HttpRequest) -> User:
    """The logged-in user (session or API token) acting in this request; 403 when there is none."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise AccessDenied(_("Log in first."))
    return user


def module_required(module: Module) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Refuse (403) a caller whose role may not read `module`, before anything else.

    For Django views and django-ninja endpoints alike: the wrapper carries the view's signature
    with its annotations evaluated in the view's own module, which is where ninja would look for
    them (`from __future__ import annotations` makes them strings)."""

    def decorate(view: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
            require_read(request.user, module)
            return view(request, *args, **kwargs)

        try:
            signature = inspect.signature(view, eval_str=True)
        except NameError:  # an annotation only a type checker sees: plain views need none
            signature = inspect.signature(view)
        # inspect.signature() honours `__signature__` on a function; typeshed does not declare it
        wrapped.__signature__ = signature  # type: ignore[attr-defined]
        return wrapped

    return decorate
