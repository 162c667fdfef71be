"""Keeping the running totals (ValueRollup) in step with every write of DataValue.

Every service that writes values calls `rollup_apply` with what changed, inside its own
transaction; `rollup_rebuild` recomputes everything from the stored values (after a raw load,
or to check the incremental path, which the tests do). Reading a unit's figures is then a read
of its own values plus its rollup rows, whatever the size of the subtree below it.
"""

from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.db import connection

from dieuhanh.indicators.figures_cache import figures_bump
from dieuhanh.indicators.models import DataValue, ValueRollup
from dieuhanh.orgunits.models import OrgUnit


class Delta(NamedTuple):  # a tuple, not a dataclass: an import builds hundreds of thousands
    """A change of one stored value: +value/+1 when created, new−old when changed, −value/−1
    when deleted; `estimates` the change in the number of estimates."""

    unit_id: int
    indicator_id: int
    option_id: int | None
    period_start: datetime.date
    period_end: datetime.date
    value: Decimal
    n: int  # +1 created, -1 deleted, 0 changed
    estimates: int


DeltaRow = tuple[int, int, int | None, datetime.date, datetime.date, Decimal, int, int]
"""A Delta as a plain tuple (an import makes one per value: no constructor call)."""


def _ancestors(unit_ids: set[int]) -> dict[int, list[int]]:
    """Every proper ancestor of each unit, from the materialised paths: two queries."""
    paths = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("id", "path"))
    prefixes: dict[int, list[str]] = {}
    for uid, path in paths.items():
        segments = path.strip("/").split("/")[:-1]
        prefixes[uid] = ["/" + "/".join(segments[: i + 1]) + "/" for i in range(len(segments))]
    wanted = {p for ps in prefixes.values() for p in ps}
    ids = dict(OrgUnit.objects.filter(path__in=wanted).values_list("path", "id"))
    return {uid: [ids[p] for p in ps if p in ids] for uid, ps in prefixes.items()}


_Key = tuple[int, int, int, datetime.date, datetime.date]


class ParentSums:
    """Changes summed per parent unit before they reach the running totals: units under the
    same parent share their ancestors, so each change costs one addition, then each parent's
    sums are added to every ancestor (`apply`). `parent_of` maps a unit to its parent (absent
    for a unit without one); `sums` maps (parent, indicator, option key, start, end) to
    [value, number of values, number of estimates]."""

    def __init__(self, unit_ids: set[int]) -> None:
        ancestors = _ancestors(unit_ids)
        self.parent_of = {uid: chain[-1] for uid, chain in ancestors.items() if chain}
        self.chain_of = {chain[-1]: chain for chain in ancestors.values() if chain}
        self.sums: dict[_Key, list[Decimal | int]] = {}

    def add(self, deltas: Iterable[Delta | DeltaRow]) -> None:
        parent_of = self.parent_of
        sums = self.sums
        for d in deltas:
            parent = parent_of.get(d[0])
            if parent is None:
                continue
            key = (parent, d[1], d[2] or 0, d[3], d[4])
            acc = sums.get(key)
            if acc is None:
                sums[key] = [d[5], d[6], d[7]]
            else:
                acc[0] += d[5]
                acc[1] += d[6]
                acc[2] += d[7]

    def apply(self) -> None:
        """Add the sums to the running totals of every ancestor, in a few statements."""
        grouped: dict[_Key, list[Decimal | int]] = defaultdict(lambda: [Decimal(0), 0, 0])
        for (parent, i, o, s, e), sums in self.sums.items():
            for ancestor in self.chain_of[parent]:
                acc = grouped[(ancestor, i, o, s, e)]
                acc[0] += sums[0]
                acc[1] += sums[1]
                acc[2] += sums[2]
        _upsert(grouped)
        # Last, in the same transaction: cached figures are keyed by this version.
        figures_bump()


def rollup_apply(deltas: Iterable[Delta | DeltaRow]) -> None:
    """Add the changes to the running totals of every ancestor, in a few statements."""
    deltas = list(deltas)
    if not deltas:
        return
    sums = ParentSums({d[0] for d in deltas})
    sums.add(deltas)
    sums.apply()


_PG_ARRAYS = ("bigint", "bigint", "integer", "date", "date", "numeric", "integer", "integer")


def _upsert(grouped: dict[_Key, list[Decimal | int]]) -> None:
    if not grouped:
        return
    q = connection.ops.quote_name
    table = q(ValueRollup._meta.db_table)
    columns = (
        "ancestor_id, indicator_id, option_key, period_start, period_end, "
        "total, n_values, n_estimates"
    )
    add = (
        "ON CONFLICT (ancestor_id, indicator_id, option_key, period_start, period_end) DO UPDATE "
        f"SET total = {table}.total + excluded.total, "
        f"n_values = {table}.n_values + excluded.n_values, "
        f"n_estimates = {table}.n_estimates + excluded.n_estimates"
    )
    adapt_date = connection.ops.adapt_datefield_value
    adapt_decimal = connection.ops.adapt_decimalfield_value
    # In key order, so two concurrent saves take the row locks in the same order (no deadlock).
    rows = [
        (a, i, o, adapt_date(s), adapt_date(e), adapt_decimal(Decimal(v[0]), 24, 6), v[1], v[2])
        for (a, i, o, s, e), v in sorted(grouped.items())
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for all the rows, sent as arrays (executemany: a round trip each).
            arrays = ", ".join(f"%s::{t}[]" for t in _PG_ARRAYS)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT a, i, o, s, e, t, n, x "  # noqa: S608
                f"FROM unnest({arrays}) WITH ORDINALITY AS r(a, i, o, s, e, t, n, x, k) "
                f"ORDER BY k {add}",
                [list(c) for c in zip(*rows, strict=True)],
            )
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 8)}) {add}"  # noqa: S608
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def rollup_rebuild() -> int:
    """Recompute every running total from the stored values. Returns the number of rows."""
    q = connection.ops.quote_name
    rollup = q(ValueRollup._meta.db_table)
    values = q(DataValue._meta.db_table)
    units = q(OrgUnit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {rollup}")  # noqa: S608
        cursor.execute(
            "WITH RECURSIVE anc(unit_id, ancestor_id) AS ("  # noqa: S608
            f"SELECT id, parent_id FROM {units} WHERE parent_id IS NOT NULL "
            f"UNION ALL SELECT anc.unit_id, u.parent_id FROM anc JOIN {units} u "
            "ON u.id = anc.ancestor_id WHERE u.parent_id IS NOT NULL) "
            f"INSERT INTO {rollup} (ancestor_id, indicator_id, option_key, period_start, "
            "period_end, total, n_values, n_estimates) "
            "SELECT anc.ancestor_id, v.indicator_id, COALESCE(v.option_id, 0), v.period_start, "
            "v.period_end, SUM(v.value), COUNT(*), "
            "SUM(CASE WHEN v.status = 'estimate' THEN 1 ELSE 0 END) "
            f"FROM {values} v JOIN anc ON anc.unit_id = v.unit_id "
            "GROUP BY anc.ancestor_id, v.indicator_id, COALESCE(v.option_id, 0), "
            "v.period_start, v.period_end"
        )
        cursor.execute(f"SELECT COUNT(*) FROM {rollup}")  # noqa: S608
        rows = int(cursor.fetchone()[0])
    figures_bump()
    return rows


class RollupSum(NamedTuple):
    indicator_id: int
    option_key: int
    period_start: datetime.date | None
    """None for a linear indicator: its sum over the whole range."""
    period_end: datetime.date | None
    total: Decimal
    n_values: int
    n_estimates: int


_DECIMALS = decimal.Context(prec=24)
_MICRO = Decimal("0.000001")

# Summed over units and time with no entry replacing the rollup (selectors._is_linear): one
# sum per indicator and option for the whole range; every other indicator per sub-period.
_ROLLUP_SUMS = """
SELECT r.indicator_id, r.option_key, {per_time_start}, {per_time_end},
       SUM(r.total), SUM(r.n_values), SUM(r.n_estimates)
FROM indicators_valuerollup r
JOIN indicators_indicator i ON i.id = r.indicator_id
WHERE r.ancestor_id = %s AND r.period_start >= %s AND r.period_end <= %s AND r.n_values > 0
GROUP BY 1, 2, 3, 4
"""
_LINEAR = (
    "i.unit_aggregation = 'sum' AND i.time_aggregation = 'sum' AND NOT i.entered_overrides_rollup"
)


def _as_date(value: object) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _as_decimal(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):  # SQLite sums decimals as REAL, as the ORM's converter takes it
        return _DECIMALS.create_decimal_from_float(value).quantize(_MICRO, context=_DECIMALS)
    return Decimal(str(value))


def rollup_sums(*, ancestor_id: int, start: datetime.date, end: datetime.date) -> list[RollupSum]:
    """What lies below a unit over [start, end], from the running totals, in one indexed read
    (the covering index rollup_ancestor_period): linear indicators summed over the range, the
    others per stored sub-period."""
    sql = _ROLLUP_SUMS.format(
        per_time_start=f"CASE WHEN {_LINEAR} THEN NULL ELSE r.period_start END",
        per_time_end=f"CASE WHEN {_LINEAR} THEN NULL ELSE r.period_end END",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ancestor_id, start, end])
        rows = cursor.fetchall()
    return [
        RollupSum(i, o, _as_date(s), _as_date(e), _as_decimal(t), int(n), int(x))
        for i, o, s, e, t, n, x in rows
    ]


def is_estimate(status: str) -> int:
    return 1 if status == "estimate" else 0


def rollup_mismatches() -> int:
    """How many running totals differ from a fresh computation (0 when all is well).

    Computes the fresh totals inside a savepoint that is rolled back, so nothing changes."""
    from django.db import transaction

    def snapshot() -> dict[tuple[object, ...], tuple[Decimal, int, int]]:
        return {
            (a, i, o, s, e): (Decimal(t).quantize(Decimal("0.0001")), n, x)
            for a, i, o, s, e, t, n, x in ValueRollup.objects.filter(n_values__gt=0).values_list(
                "ancestor_id",
                "indicator_id",
                "option_key",
                "period_start",
                "period_end",
                "total",
                "n_values",
                "n_estimates",
            )
        }

    kept = snapshot()
    with transaction.atomic():
        sid = transaction.savepoint()
        rollup_rebuild()
        fresh = snapshot()
        transaction.savepoint_rollback(sid)
    keys = kept.keys() | fresh.keys()
    return sum(1 for k in keys if kept.get(k) != fresh.get(k))
