"""The kinds of job, registered by the apps that own the work.

Every app declares its jobs in `<app>/jobs.py` (the kernel's own, the backup, in
`dieuhanh/jobs/jobs.py`) with `@job_kind("app.name", label=...)`; the
registry imports those modules on first use (as the admin discovers `admin.py`), so no console
command pays for them at start and the kernel imports no domain app.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.jobs.context import JobContext

JobFunction = Callable[[JobContext], dict[str, Any] | None]


@dataclass(frozen=True)
class JobKind:
    name: str
    func: JobFunction
    label: str | Promise
    # Whether a run interrupted by a dead worker is run again. Only for work that writes in one
    # transaction or is idempotent: the interrupted attempt left nothing behind.
    retry: bool = True


_KINDS: dict[str, JobKind] = {}
_discovered = False
_lock = threading.Lock()


def job_kind(
    name: str, *, label: str | Promise, retry: bool = True
) -> Callable[[JobFunction], JobFunction]:
    """Register `func(ctx) -> result dict | None` as the job kind `name`."""

    def register(func: JobFunction) -> JobFunction:
        _KINDS[name] = JobKind(name=name, func=func, label=label, retry=retry)
        return func

    return register


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    with _lock:
        if not _discovered:
            autodiscover_modules("jobs")
            _discovered = True


def kinds() -> dict[str, JobKind]:
    _discover()
    return dict(_KINDS)


def kind_get(name: str) -> JobKind:
    _discover()
    try:
        return _KINDS[name]
    except KeyError:
        from django.utils.translation import gettext_lazy as _

        raise ValidationFailed(_("No background job of kind %(kind)s."), kind=name) from None
