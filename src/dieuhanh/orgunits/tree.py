"""The unit tree kept per process at the units table's version (cây đơn vị trong bộ nhớ; issue 21).

A subtree read on PostgreSQL was 6 times its floor: compiling the QuerySet and reading 17
columns through the cursor cost more CPU than the server's whole answer. Units change a few
times a year (a dataset loaded, a reorganisation); they are read on every page. So the whole
table is kept here as rows sorted by path, under the version a database trigger moves on every
write to the table (`UnitDataVersion`, migration 0004). A read costs one primary-key query of
that version (once per GET request: `core.memo`) and a slice of the rows: the paths under a
prefix are one contiguous run of the sorted paths (bisect), filtered by date, level and scope
in Python and ordered as the query orders them (sort_key, code).

What callers get are new `OrgUnit` instances built from the cached rows (`OrgUnit.from_db`), so
nothing a caller does to a unit reaches the cache. The rows are tuples of immutable values.

Safe against every interleaving because the version is read *before* the rows, in its own
statement: the rows are then at least as new as the version they are stored under (a write
committed between the two is in the rows and has moved the version, so the next read reloads);
never older. A missing version row (a flushed database) caches nothing.
"""

from __future__ import annotations

import bisect
import datetime
import threading
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, router
from django.db.models.base import ModelState

from dieuhanh.core.memo import memoised
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit, UnitDataVersion, _attnames, _init_listened

_COLUMNS = _attnames(OrgUnit)
_PARENT = OrgUnit._meta.get_field("parent")
# A slice (the rows under a prefix, valid on a day, of a level, in order) is kept per tree for
# the next read of the same subtree: references to the tree's rows, at most this many in all.
_SLICE_ROWS = 100_000

Row = dict[str, Any]
"""A unit's column values by attribute name: copied into each new instance's __dict__."""


@dataclass(frozen=True)
class UnitTree:
    """Every unit version of one database state, by path."""

    version: int
    alias: str
    rows: tuple[Row, ...]
    paths: tuple[str, ...]
    by_code: dict[str, tuple[Row, ...]] = field(compare=False, repr=False)
    """The versions of each code, by id (what `.first()` of an unordered query takes)."""
    by_id: dict[int, Row] = field(compare=False, repr=False)
    _slices: dict[tuple[object, ...], tuple[Row, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def version_of(self, code: str, on: datetime.date) -> OrgUnit | None:
        """The version of `code` valid on `on` (the lowest id if several were), its parent
        attached as `select_related("parent")` attaches it, as new instances; None when no
        version is valid then. The caller checks the scope."""
        for row in self.by_code.get(code, ()):
            if row["valid_from"] <= on and (row["valid_to"] is None or row["valid_to"] >= on):
                unit = _instances((row,), self.alias)[0]
                parent_row = self.by_id.get(row["parent_id"]) if row["parent_id"] else None
                parent = _instances((parent_row,), self.alias)[0] if parent_row else None
                _PARENT.set_cached_value(unit, parent)
                return unit
        return None

    def below(
        self,
        prefix: str,
        *,
        on: datetime.date,
        scope: Scope,
        level: int | None = None,
        exclude_pk: int | None = None,
        parent_pk: int | None = None,
    ) -> list[OrgUnit]:
        """The units whose path starts with `prefix`, valid on `on`, the scope may see, of
        `level` (any when None), but `exclude_pk`, whose parent is `parent_pk` (any when
        None); by sort_key then code, as new instances."""
        key = (prefix, on, level, exclude_pk, parent_pk)
        found = self._slices.get(key)
        if found is None:
            found = self._slice(prefix, on, level, exclude_pk, parent_pk)
            with _lock:  # threads of one process share the tree
                if sum(map(len, self._slices.values())) + len(found) > _SLICE_ROWS:
                    self._slices.clear()
                self._slices[key] = found
        if not scope.unrestricted:
            found = tuple(row for row in found if scope.can_view_path(row["path"]))
        return _instances(found, self.alias)

    def _slice(
        self,
        prefix: str,
        on: datetime.date,
        level: int | None,
        exclude_pk: int | None,
        parent_pk: int | None,
    ) -> tuple[Row, ...]:
        lo = bisect.bisect_left(self.paths, prefix)
        # "/" sorts just below "0": the strings in ["/a/b/", "/a/b0") are exactly those that
        # start with "/a/b/" (path_prefix_q's range on SQLite).
        hi = bisect.bisect_left(self.paths, prefix[:-1] + "0", lo)
        found = [
            row
            for row in self.rows[lo:hi]
            if row["valid_from"] <= on
            and (row["valid_to"] is None or row["valid_to"] >= on)
            and (level is None or row["level"] == level)
            and row["id"] != exclude_pk
            and (parent_pk is None or row["parent_id"] == parent_pk)
        ]
        found.sort(key=_order)
        return tuple(found)


def _order(row: Row) -> tuple[str, str]:
    return row["sort_key"], row["code"]


def _instances(rows: tuple[Row, ...], alias: str) -> list[OrgUnit]:
    """New units from cached rows: what `OrgUnit.from_db` makes, its loop inlined (the
    models were half of a cached read's time)."""
    if _init_listened(OrgUnit):  # a receiver wants to see each unit made: Django's way
        return [OrgUnit.from_db(alias, _COLUMNS, tuple(row.values())) for row in rows]
    made = []
    new = OrgUnit.__new__
    for row in rows:
        unit = new(OrgUnit)
        attrs = unit.__dict__
        attrs.update(row)
        state = ModelState()
        state.adding = False
        state.db = alias
        attrs["_state"] = state
        made.append(unit)
    return made


_lock = threading.Lock()
_trees: dict[str, UnitTree] = {}


def unit_data_version(alias: str) -> int | None:
    """The units table's version on database `alias` (None: no version row); once per GET
    request (core.memo: such a request writes no unit)."""

    def read() -> int | None:
        table = connections[alias].ops.quote_name(UnitDataVersion._meta.db_table)
        with connections[alias].cursor() as cursor:
            cursor.execute(f"SELECT version FROM {table} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
        return int(row[0]) if row else None

    return memoised(("orgunits.unit_data_version", alias), read)


def units_version() -> int | None:
    """The unit-data version of the database units are read from now (None: no version row)."""
    return unit_data_version(router.db_for_read(OrgUnit) or "default")


def unit_tree() -> UnitTree | None:
    """The tree of the database units are read from now, loaded when its version moved; None
    when the database has no version row (then read the table itself)."""
    alias = router.db_for_read(OrgUnit) or "default"
    version = unit_data_version(alias)
    if version is None:
        return None
    tree = _trees.get(alias)
    if tree is not None and tree.version == version:
        return tree
    with _lock:  # one load at a time; another thread may have loaded this version meanwhile
        tree = _trees.get(alias)
        if tree is not None and tree.version == version:
            return tree
        tree = _load(alias, version)
        _trees[alias] = tree
        return tree


def _load(alias: str, version: int) -> UnitTree:
    # After the version (see the module's docstring). values_list applies the column
    # converters (SQLite's dates), so the rows are what from_db expects.
    rows = sorted(
        (
            dict(zip(_COLUMNS, values, strict=True))
            for values in OrgUnit.objects.using(alias).values_list(*_COLUMNS).iterator(5000)
        ),
        key=lambda row: str(row["path"]),
    )
    by_code: dict[str, list[Row]] = {}
    for row in sorted(rows, key=lambda row: int(row["id"])):
        by_code.setdefault(str(row["code"]), []).append(row)
    return UnitTree(
        version=version,
        alias=alias,
        rows=tuple(rows),
        paths=tuple(str(row["path"]) for row in rows),
        by_code={code: tuple(found) for code, found in by_code.items()},
        by_id={int(row["id"]): row for row in rows},
    )


def forget() -> None:
    """Drop the cached trees (tests of the cache itself; never needed for correctness)."""
    with _lock:
        _trees.clear()
