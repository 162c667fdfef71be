"""Writes of the core app: the audit log, and the erasure of personal data from it."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from dieuhanh.core.models import AuditEvent


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Called inside the caller's transaction so it lands with the change."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    real_actor = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor_id=real_actor.pk if real_actor is not None else None,
        actor_label=real_actor.get_username() if real_actor is not None else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        changes=dict(changes or {}),
    )


ERASED = "[đã xóa]"
"""What an erased personal value is replaced with (xóa dữ liệu cá nhân): the row that held it
stays, with its time, actor and kind."""


def erase_values(text: str, values: Collection[str]) -> str:
    """`text` with every occurrence of each of `values` (case ignored) replaced by ERASED."""
    wanted = sorted({v for v in values if v.strip()}, key=len, reverse=True)
    if not text or not wanted:
        return text
    pattern = re.compile("|".join(re.escape(v) for v in wanted), re.IGNORECASE)
    return pattern.sub(ERASED, text)


def _erased(value: Any, values: Collection[str]) -> Any:
    if isinstance(value, str):
        return erase_values(value, values)
    if isinstance(value, list):
        return [_erased(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _erased(v, values) for k, v in value.items()}
    return value


def _whole(value: Any) -> Any:
    """ERASED in place of every scalar of a recorded value (a [before, after] pair stays a pair)."""
    if isinstance(value, list):
        return [_whole(v) for v in value]
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    return ERASED if value not in (None, "") else value


def audit_values(*, object_type: str, object_id: str, keys: Collection[str]) -> set[str]:
    """Every text recorded under `keys` in the events of one object (before and after values of
    corrections included): what an erasure must also look for elsewhere."""
    found: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, list):
            for v in value:
                collect(v)
        elif isinstance(value, str) and value.strip():
            found.add(value)

    events = AuditEvent.objects.filter(object_type=object_type, object_id=object_id)
    for changes in events.values_list("changes", flat=True):
        if isinstance(changes, dict):
            for key in keys:
                collect(changes.get(key))
    return found


def audit_erase(
    *,
    object_type: str,
    object_ids: Iterable[str | int],
    keys: Collection[str] = (),
    values: Collection[str] = (),
    whole_repr: bool = False,
) -> int:
    """Erase personal data from the audit events of these objects, keeping each event (time,
    actor, action, object): what was recorded under `keys` becomes ERASED, each of `values`
    quoted anywhere else in the event (its object label, other recorded values) is replaced by
    ERASED, and the object label as a whole when `whole_repr` (a label made of the data, such as
    coordinates). The only change ever made to the audit log. Returns the events changed."""
    ids = sorted({str(i) for i in object_ids})
    changed: list[AuditEvent] = []
    for start in range(0, len(ids), 500):
        events = AuditEvent.objects.filter(
            object_type=object_type, object_id__in=ids[start : start + 500]
        )
        for event in events.only("id", "object_repr", "changes"):
            changes = event.changes if isinstance(event.changes, dict) else {}
            new_changes = {
                k: _whole(v) if k in keys else _erased(v, values) for k, v in changes.items()
            }
            new_repr = (
                ERASED
                if whole_repr and event.object_repr
                else erase_values(event.object_repr, values)
            )
            if new_changes != changes or new_repr != event.object_repr:
                event.changes, event.object_repr = new_changes, new_repr
                changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["changes", "object_repr"], batch_size=500)
    return len(changed)
