"""Figures computed from the values, cached between saves (issue 21).

A cached figure's key holds the figures version (`FiguresVersion`), which moves in the same
transaction as every write of the running totals (`rollups`), of the catalogue and of the
targets. A save therefore moves the version the moment its values are visible: the next read
misses the cache and computes from the new totals ("save → the district total moves" holds
with the cache on). Django's cache framework only: per process by default (an entry that is
not hit costs nothing), shared when settings name a shared backend (several app nodes).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from dieuhanh.core.memo import memoised
from dieuhanh.core.versions import key_parts, version_row_bump
from dieuhanh.indicators.models import (
    DataSet,
    DataSetIndicator,
    Disaggregation,
    DisaggregationOption,
    FiguresVersion,
    Indicator,
    Target,
    ValidationRule,
)
from dieuhanh.orgunits.tree import units_version

T = TypeVar("T")
FIGURES = "figures"
# A backstop for what no version follows (units and successions have theirs, in the key):
# a cached figure is recomputed at least this often.
TIMEOUT_SECONDS = 300
_MISSING = object()


# The catalogue's own version: moved by every change of an indicator, a disaggregation or its
# options (and of what else `_catalogue_changed` follows), not by saved values, so what is read
# from the catalogue alone stays cached while officers save (`catalogue_cached`).
CATALOGUE = "catalogue"
# Per process: (version, when computed, value) by name. The catalogue is a few hundred rows
# read on every page that shows figures and on every save (the data-quality rules).
_catalogue_memo: dict[str, tuple[int, float, list[Any]]] = {}


def figures_version(name: str = FIGURES) -> int:
    """The current figures (or `CATALOGUE`) version (0 before the first write); read once per
    GET request (core.memo: such a request writes no figure)."""

    def read() -> int:
        found = FiguresVersion.objects.filter(name=name).values_list("version", flat=True).first()
        return found or 0  # no row: nothing written since the database was made

    return memoised(("indicators.figures_version", name), read)


def figures_bump(name: str = FIGURES) -> None:
    """Move the figures (or `CATALOGUE`) version, inside the caller's transaction (call it after
    the writes, so the row lock is held for the shortest time). Every value is random, not the
    last one plus one: a transaction that bumped, cached what it read under the new value and
    then rolled back leaves that entry under a number the next bump does not give again."""
    version_row_bump(FiguresVersion, name)


def catalogue_cached(name: str, compute: Callable[[], list[T]]) -> list[T]:
    """`compute()`, or what it returned in this process at the same catalogue version (a new
    list of the same objects, which callers only read). `compute` must read nothing but the
    catalogue. Not cached before the catalogue's first change through the models (version 0),
    nor for longer than the figures' backstop."""
    version = figures_version(CATALOGUE) if settings.DIEUHANH_FIGURES_CACHE else 0
    if not version:
        return compute()
    now = time.monotonic()
    found = _catalogue_memo.get(name)
    if found is not None and found[0] == version and now - found[1] < TIMEOUT_SECONDS:
        return list(found[2])
    value = compute()
    _catalogue_memo[name] = (version, now, value)
    return list(value)


def figures_cached(parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned for the same `parts` at the same figures version.

    `parts` must name everything else the result depends on (unit, period, the scope, the
    language of any text in it); their repr is hashed into the key."""
    version = figures_version() if settings.DIEUHANH_FIGURES_CACHE else 0
    if not version:  # off, or nothing written yet: no version to key the entry by
        return compute()
    # The unit-data version too: the figures carry unit names and combine predecessors.
    key_text = repr((version, units_version(), *key_parts(parts)))
    digest = hashlib.sha256(key_text.encode()).hexdigest()
    key = f"dieuhanh:figures:{digest}"
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        return found  # type: ignore[no-any-return]  # what compute() returned for this key
    value = compute()
    cache.set(key, value, TIMEOUT_SECONDS)
    return value


def _catalogue_changed(**_kwargs: object) -> None:
    figures_bump()
    figures_bump(CATALOGUE)


# The catalogue and the plan: what the figures show besides the values (names, key
# indicators, options, targets, the data sets completeness counts).
for _model in (
    Indicator,
    Disaggregation,
    DisaggregationOption,
    Target,
    DataSet,
    DataSetIndicator,
    ValidationRule,  # read per catalogue version (selectors.rules)
):
    post_save.connect(_catalogue_changed, sender=_model, dispatch_uid=f"figures-{_model.__name__}")
    post_delete.connect(
        _catalogue_changed, sender=_model, dispatch_uid=f"figures-del-{_model.__name__}"
    )
