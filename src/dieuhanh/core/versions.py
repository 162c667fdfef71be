"""Data versions of the modules, and what is cached under them (issue 21 point 7).

A page made of several modules' cards (the dashboard) or sections (the composed review) reads
the same rows on every request while nothing in that module changed: only the indicator values
move under the soak's saves, and they have their own figures version
(`indicators.figures_cache`). Each module here has a `DataVersion` row that moves, in the same
transaction, with every write of the models it follows (`follow`: Django's post_save,
post_delete and m2m_changed signals, so services, the admin and the demo loader alike; a
service that writes with `bulk_create`, `QuerySet.update()`/`delete()` or raw SQL, which send
no signal, calls `data_bump` itself). `data_cached(modules, parts, compute)` keys an entry by the
versions of the modules it reads and by `parts` (the scope, the role, the unit, the day).

Every entry is also keyed by the unit-data version (`key_every_entry_by`, registered by the
orgunits app), which a database trigger moves on every write of units and successions. What no
version follows is caught by the backstop: an entry lives at most `TIMEOUT_SECONDS`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import LazyObject, empty

from dieuhanh.core.memo import memoised
from dieuhanh.core.models import DataVersion

T = TypeVar("T")
TIMEOUT_SECONDS = 300
_MISSING = object()


def data_versions() -> dict[str, int]:
    """Every module's version, in one query (read once per GET request: core.memo)."""

    def read() -> dict[str, int]:
        return dict(DataVersion.objects.values_list("name", "version"))

    return memoised("core.data_versions", read)


def data_version(name: str) -> int:
    """`name`'s version; 0 before its first write (nothing cached under 0)."""
    return data_versions().get(name, 0)


def data_bump(name: str) -> None:
    """Move `name`'s version inside the caller's transaction (after its writes where it can:
    the row stays locked until the commit)."""
    version_row_bump(DataVersion, name)


def version_row_bump(model: type[models.Model], name: str) -> None:
    """Set the `name` row of a version table (`name`, `version` columns: `DataVersion`, the
    indicators' `FiguresVersion`) to a new random version, inserting it if missing. Random, not
    the last plus one: a transaction that bumped, cached what it read under the new value and
    rolled back leaves that entry under a number no later bump gives again."""
    table = connection.ops.quote_name(model._meta.db_table)
    version = secrets.randbits(62) or 1  # 0 means "nothing written yet"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (name, version) VALUES (%s, %s) "  # noqa: S608
            "ON CONFLICT (name) DO UPDATE SET version = excluded.version",
            [name, version],
        )


class _Bumped:
    """The modules already bumped by the open transaction (registered with `on_commit`, so it
    is forgotten with the transaction: Django drops the callbacks of a rolled-back one)."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def __call__(self) -> None:
        self.names.clear()


def data_bump_once(name: str) -> None:
    """`data_bump`, once per transaction for `name` until something is cached (a service
    saving a hundred rows moves the version once). After a `data_cached` in the same
    transaction the next write bumps again: what was cached between two writes must not be
    found under the version the second write leaves. Inside a savepoint it always bumps: a
    savepoint rolled back would take the bump with it while the outer transaction goes on."""
    if not connection.in_atomic_block or connection.savepoint_ids:
        data_bump(name)
        return
    bumped = getattr(connection, "_dieuhanh_bumped", None)
    if bumped is None or not any(entry[1] is bumped for entry in connection.run_on_commit):
        bumped = _Bumped()
        connection._dieuhanh_bumped = bumped  # type: ignore[attr-defined]  # per connection
        transaction.on_commit(bumped)
    if name not in bumped.names:
        data_bump(name)
        bumped.names.add(name)


def follow(name: str, model_types: Iterable[type[models.Model]]) -> None:
    """Move `name`'s version with every saved or deleted row of `model_types` (and every
    change of their many-to-many relations)."""

    def changed(**_kwargs: object) -> None:
        data_bump_once(name)

    # Signals hold receivers weakly: keep this one alive with the module's list.
    _receivers.append(changed)
    for model in model_types:
        uid = f"dataversion-{name}-{model._meta.label}"
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(changed, sender=through, dispatch_uid=f"{uid}-{field.name}")


_receivers: list[Callable[..., None]] = []


_key_versions: list[Callable[[], object]] = []


def key_every_entry_by(read_version: Callable[[], object]) -> None:
    """Key every `data_cached` entry also by what `read_version()` returns: the version of
    data every module's cards and sections show (the unit tree's, registered by the orgunits
    app: a renamed unit or a loaded succession reaches them at once, not at the backstop)."""
    if read_version not in _key_versions:
        _key_versions.append(read_version)


def key_parts(parts: tuple[object, ...]) -> tuple[object, ...]:
    """`parts` with lazy objects evaluated: the repr of a `SimpleLazyObject` not yet evaluated
    (a request's scope) names its function's address, which the next request may reuse for
    another user's scope."""
    found = []
    for part in parts:
        if isinstance(part, LazyObject):
            lazy: Any = part  # Django's own protocol of a lazy object (_wrapped, _setup)
            if lazy._wrapped is empty:
                lazy._setup()
            part = lazy._wrapped
        found.append(part)
    return tuple(found)


def data_cached(modules: tuple[str, ...], parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned for the same `parts` at the same versions of
    `modules` (every module whose rows it reads). `parts` must name everything else the
    result depends on (the scope, the role, the unit, the day, the language of any text); their
    repr is hashed into the key. Not cached while a module has no version yet, nor with
    `DIEUHANH_FIGURES_CACHE` off."""
    if not settings.DIEUHANH_FIGURES_CACHE:
        return compute()
    bumped = getattr(connection, "_dieuhanh_bumped", None)
    if bumped is not None:  # a write after this read in the same transaction bumps again
        bumped.names.clear()
    versions = tuple(data_version(m) for m in modules)
    if not all(versions):
        return compute()
    shared = tuple(read() for read in _key_versions)
    key_text = repr((modules, versions, shared, *key_parts(parts)))
    digest = hashlib.sha256(key_text.encode()).hexdigest()
    key = f"dieuhanh:data:{digest}"
    found: Any = cache.get(key, _MISSING)
    if found is not _MISSING:
        return found  # type: ignore[no-any-return]  # what compute() returned for this key
    value = compute()
    cache.set(key, value, TIMEOUT_SECONDS)
    return value
