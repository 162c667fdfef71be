"""Imports of values (DHIS2 dataValueSets JSON/CSV, the Excel template): the file is read, every row
checked against the catalogue, the units and the forms' state, and written in one transaction with
its import record as history; a file with any bad row imports nothing."""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, NamedTuple

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, require_import, require_write
from dieuhanh.core.errors import BilingualInvalid, ValidationFailed
from dieuhanh.core.imports import ImportRefused, RowProblem
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.uploads import MiB, UploadLimits, upload_bytes
from dieuhanh.indicators.bulk import db_value, insert_many, insert_rows, update_many
from dieuhanh.indicators.models import DataValue, DataValueChange, ValueImport, ValueStatus
from dieuhanh.indicators.pure.exchange.common import FORMATS, ExchangeError, RawValue
from dieuhanh.indicators.pure.exchange.formats import format_for_name, read_values
from dieuhanh.indicators.rollups import Delta, ParentSums, is_estimate
from dieuhanh.indicators.services.import_checks import ImportKey, Planned, chunked, import_plan
from dieuhanh.indicators.services.values import HISTORY_FIELDS
from dieuhanh.jobs.context import input_save
from dieuhanh.jobs.models import Job
from dieuhanh.jobs.services import job_start

IMPORT_MAX_BYTES = 20 * 1024 * 1024  # of an upload (API, page); the console takes any size

UPLOAD_LIMITS = UploadLimits(max_bytes=IMPORT_MAX_BYTES, max_unpacked_bytes=64 * MiB)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    rows: int
    dry_run: bool = False
    file_name: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file_name,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


class _Stored(NamedTuple):
    id: int
    value: Decimal
    status: str
    comment: str
    created_by_import: int | None


def _stored(planned: list[Planned], lock: bool) -> dict[ImportKey, _Stored]:
    """The stored values the planned rows would replace, read by the unique keys' indexes:
    one query per 500 units for the values with an option, one for those without."""
    keys = [p[0] for p in planned]
    periods = sorted({k[3] for k in keys})
    with_option = {(k[0], k[1]) for k in keys if k[1] is not None}
    without = sorted({k[0] for k in keys if k[1] is None})
    shapes = []
    if with_option:
        shapes.append(
            Q(
                indicator_id__in=sorted({i for i, _o in with_option}),
                option_id__in=sorted({o for _i, o in with_option}),
            )
        )
    if without:
        shapes.append(Q(indicator_id__in=without, option__isnull=True))
    stored: dict[ImportKey, _Stored] = {}
    for unit_chunk in chunked(sorted({k[2] for k in keys})):
        for shape in shapes:
            qs = DataValue.objects.filter(shape, unit_id__in=unit_chunk, period__in=periods)
            if lock:
                qs = qs.select_for_update()
            for pk, ind, opt, unit, period, value, status, comment, batch in qs.values_list(
                "id",
                "indicator_id",
                "option_id",
                "unit_id",
                "period",
                "value",
                "status",
                "comment",
                "created_by_import_id",
            ).iterator(chunk_size=5000):
                stored[(ind, opt, unit, period)] = _Stored(pk, value, status, comment, batch)
    return stored


def values_import(
    *,
    actor: User | None,
    scope: Scope,
    rows: Sequence[RawValue],
    file_name: str,
    dry_run: bool,
    sha256: str = "",
) -> ImportResult:
    """Import values read from a DHIS2 or Excel file: all or nothing.

    Every row is checked before anything is written and every fault is reported (ImportRefused).
    An import overwrites stored values (it has no versions to compare) and records each change
    in the history with the action "import"; the values it creates point at its ValueImport row
    (who, when, which file), which records their creation. `dry_run` reports the counts and
    writes nothing. `sha256` is the file's digest, kept with the import.
    `actor` None is the system (the console without --user), with its unrestricted scope.
    """
    require_write(actor, Module.INDICATORS)
    with _cycles_not_collected():
        if dry_run:
            return _values_import(actor, scope, rows, file_name, "", write=False)
        with transaction.atomic():
            return _values_import(actor, scope, rows, file_name, sha256, write=True)


@contextmanager
def _cycles_not_collected() -> Iterator[None]:
    """Pause Python's cycle collector while an import builds and drops its hundreds of
    thousands of small tuples (none of them in a cycle): every full collection would walk
    them all again. Reference counting still frees them; the collector resumes after.

    Only in a single-threaded process (the console, the benchmarks): in a threaded server the
    pause would hold for every other request of the worker too."""
    if not gc.isenabled() or threading.active_count() > 1:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _values_import(
    actor: User | None,
    scope: Scope,
    rows: Sequence[RawValue],
    file_name: str,
    sha256: str,
    *,
    write: bool,
) -> ImportResult:
    planned = import_plan(scope, rows, file_name)
    stored = _stored(planned, lock=write)
    creates: list[Planned] = []
    updates: list[tuple[Planned, _Stored, str]] = []
    unchanged = 0
    for p in planned if stored else ():
        current = stored.get(p.key)
        if current is None:
            creates.append(p)
            continue
        status = p.status or current.status
        if (current.value, current.status, current.comment) == (p.value, status, p.comment):
            unchanged += 1
        else:
            updates.append((p, current, status))
    if not stored:  # nothing to compare: every row is new
        creates = planned
    result = ImportResult(len(creates), len(updates), unchanged, len(rows), not write, file_name)
    if write:
        batch = ValueImport.objects.create(
            at=timezone.now(),
            user=actor,
            file_name=file_name[:255],
            sha256=sha256,
            rows=result.rows,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
        _import_write(actor, batch, creates, updates)
        audit_record(
            actor=actor,
            action="indicators.values_import",
            object_type="indicators.datavalue",
            object_repr=file_name,
            changes=result.as_dict(),
        )
    return result


_NEW_VALUE_FIELDS = (
    "indicator",
    "option",
    "unit",
    "period",
    "period_start",
    "period_end",
    "value",
    "status",
    "comment",
)


def _import_write(
    actor: User | None,
    batch: ValueImport,
    creates: list[Planned],
    updates: list[tuple[Planned, _Stored, str]],
) -> None:
    """Insert the new values, pointing at `batch` (their creation's record); update the changed
    values and record each change in the history; add everything to the running totals: a few
    statements in all (see `bulk`)."""
    user = actor.pk if actor is not None else None
    now = db_value(DataValue, "updated_at", timezone.now())
    at = db_value(DataValueChange, "at", timezone.now())
    actual = str(ValueStatus.ACTUAL)
    totals = ParentSums({p[0][2] for p in creates} | {p.key[2] for p, _c, _s in updates})
    parent_of, sums = totals.parent_of, totals.sums
    spans: dict[str, tuple[object, object]] = {}
    params: list[tuple[object, ...]] = []
    add = params.append
    # One pass over the new values: their rows to insert, their sums per parent unit.
    for key, period, value, status, comment in creates:
        span = spans.get(key[3])
        if span is None:
            span = spans[key[3]] = (
                db_value(DataValue, "period_start", period.start),
                db_value(DataValue, "period_end", period.end),
            )
        status = status or actual
        add(key + span + (value, status, comment))
        parent = parent_of.get(key[2])
        if parent is not None:
            total_key = (parent, key[0], key[1] or 0, period.start, period.end)
            acc = sums.get(total_key)
            estimate = 1 if status == "estimate" else 0
            if acc is None:
                sums[total_key] = [value, 1, estimate]
            else:
                acc[0] += value
                acc[1] += 1
                acc[2] += estimate
    decimal = connection.ops.adapt_decimalfield_value
    with _import_cache():
        insert_rows(
            DataValue,
            _NEW_VALUE_FIELDS,
            params,
            constants={
                "version": 1,
                "updated_at": now,
                "updated_by": user,
                "created_by_import": batch.pk,
            },
        )
        # A value another import created is first given its creation row (see ValueImport).
        earlier = {
            b.pk: b
            for b in ValueImport.objects.filter(
                pk__in={c.created_by_import for _p, c, _s in updates if c.created_by_import}
            )
        }
        insert_many(
            DataValueChange,
            HISTORY_FIELDS,
            [
                (
                    current.id,
                    *p.key,
                    db_value(DataValueChange, "at", earlier[current.created_by_import].at),
                    earlier[current.created_by_import].user_id,
                    "import",
                    None,
                    decimal(current.value, 20, 6),
                    "",
                    current.status,
                )
                for p, current, _status in updates
                if current.created_by_import
            ],
        )
        update_many(
            DataValue,
            ("value", "status", "comment", "updated_by", "updated_at", "created_by_import"),
            (
                (decimal(p.value, 20, 6), status, p.comment, user, now, None, current.id)
                for p, current, status in updates
            ),
            increment="version",
        )
        insert_many(
            DataValueChange,
            HISTORY_FIELDS,
            (
                (
                    current.id,
                    *p.key,
                    at,
                    user,
                    "import",
                    decimal(current.value, 20, 6),
                    decimal(p.value, 20, 6),
                    current.status,
                    status,
                )
                for p, current, status in updates
            ),
        )
        totals.add(_update_deltas(updates))
        totals.apply()


def _update_deltas(updates: list[tuple[Planned, _Stored, str]]) -> Iterator[Delta]:
    """What an import's changes of stored values do to the running totals: new − old."""
    for p, current, status in updates:
        yield Delta(
            p.key[2],
            p.key[0],
            p.key[1],
            p.period.start,
            p.period.end,
            p.value - current.value,
            0,
            is_estimate(status) - is_estimate(current.status),
        )


_IMPORT_CACHE_KIB = 256 * 1024


@contextmanager
def _import_cache() -> Iterator[None]:
    """SQLite: a page cache large enough for the value table's indexes while an import writes
    (the default 2 MB makes every index insert of a large file re-read pages)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {before}")


def values_import_file(
    *,
    actor: User | None,
    scope: Scope,
    content: bytes | IO[bytes],
    file_name: str,
    fmt: str | None,
    dry_run: bool,
) -> ImportResult:
    """Read a DHIS2 JSON or CSV file or a filled Excel template, then `values_import` it.
    The format is guessed from the file name's extension when `fmt` is None.

    An upload (`content` an uploaded file) passes the upload guard after the role and scope
    check and before it is read; the console's bytes (any size) skip only the size limit."""
    require_import(actor, scope, Module.INDICATORS)
    if isinstance(content, bytes):
        limits = UploadLimits(max_bytes=max(len(content), 1), max_unpacked_bytes=64 * MiB)
    else:
        limits = UPLOAD_LIMITS
    content = upload_bytes(content, file_name=file_name, limits=limits)
    chosen = fmt or format_for_name(file_name)
    if chosen not in FORMATS:
        raise ValidationFailed(
            _("Cannot tell the format of %(file)s: give one of %(formats)s."),
            file=file_name,
            formats=", ".join(FORMATS),
        )
    assert chosen is not None
    try:
        with _cycles_not_collected():
            rows = read_values(content, chosen)
    except ExchangeError as exc:
        raise ImportRefused(
            file_name,
            [
                RowProblem(
                    file_name, p.row, p.field, BilingualInvalid(p.message_vi, p.message_en), p.sheet
                )
                for p in exc.problems
            ],
        ) from None
    return values_import(
        actor=actor,
        scope=scope,
        rows=rows,
        file_name=file_name,
        dry_run=dry_run,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def values_import_start(
    *, actor: User, scope: Scope, content: IO[bytes], file_name: str, fmt: str | None
) -> Job:
    """Queue a large import as a background job of `actor` (settings.JOBS_IMPORT_INLINE_BYTES):
    the role, scope, size and format are checked now, the rows by the job, which imports all or
    nothing in one transaction exactly as `values_import_file` does in a request."""
    require_import(actor, scope, Module.INDICATORS)
    data = upload_bytes(content, file_name=file_name, limits=UPLOAD_LIMITS)
    chosen = fmt or format_for_name(file_name)
    if chosen not in FORMATS:
        raise ValidationFailed(
            _("Cannot tell the format of %(file)s: give one of %(formats)s."),
            file=file_name,
            formats=", ".join(FORMATS),
        )
    return job_start(
        actor=actor,
        kind="indicators.values_import",
        params={"input": input_save(data, file_name), "file_name": file_name, "format": chosen},
        title=str(_("Import of %(file)s")) % {"file": file_name},
    )
