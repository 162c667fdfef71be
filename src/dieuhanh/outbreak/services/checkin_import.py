"""`checkins import`: a check-in CSV with internal or external identifiers, streamed in blocks,
checked whole before anything is written (docs/design.md §3 "Check-in files").

The file's columns are named by role — person, venue, checked_in_at, checked_out_at and the
optional venue_name — and map to the file's own header with `columns` (`--columns
person=so_dien_thoai,venue=ma_qr`); by default the system's header person_id, venue_id,
checked_in_at, checked_out_at. The person and venue columns hold internal ids or external
identifiers of the kind given (`person_kind`, `venue_kind`), or of the kind each value looks
like (`auto`, the default: `outbreak.pure.identifiers.classify`).

Memory grows with the mapping tables (distinct identifiers seen) and the parsed rows (four int64
per check-in), not with the file: it is read in blocks of whole lines, each parsed as arrays
(`outbreak.pure.checkin_csv`). Unknown external persons are registered pseudonymously in `unit`
(no name until a health officer identifies them), unknown external venues from the file (named
by venue_name, else by their code), both in the transaction of the load.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, ClassVar

import numpy as np
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, require_import
from dieuhanh.core.errors import AccessDenied, DomainError, NotFound, ValidationFailed
from dieuhanh.core.imports import ImportRefused, RowProblem
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.uploads import upload_bytes
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.checkin_store import checkins_bulk_load
from dieuhanh.outbreak.pure import checkin_csv
from dieuhanh.outbreak.pure.checkin_blocks import (
    MAX_TIME,
    MIN_TIME,
    NO_CHECKOUT,
    CheckInColumns,
)
from dieuhanh.outbreak.pure.identifiers import (
    DIGIT_KINDS,
    INTERNAL,
    PERSON_KINDS,
    VENUE_KINDS,
    IdentifierError,
    classify_digits,
    digit_value,
    resolve,
)
from dieuhanh.outbreak.pure.stays import MAX_STAY
from dieuhanh.outbreak.services.identifiers import (
    CHUNK_SIZE,
    Key,
    bilingual,
    default_unit,
    persons_ids,
    persons_paths,
    persons_register_pseudonymous,
    persons_unknown,
    venues_ids,
    venues_register,
    venues_unknown,
)

ROLES = ("person", "venue", "checked_in_at", "checked_out_at", "venue_name")
REQUIRED = ("person", "venue", "checked_in_at")
DEFAULT_COLUMNS: Mapping[str, str] = {
    "person": "person_id",
    "venue": "venue_id",
    "checked_in_at": "checked_in_at",
    "checked_out_at": "checked_out_at",
    "venue_name": "venue_name",
}
_ALIASES = {"person_id": "person", "venue_id": "venue"}
DIGIT_BASE = 1 << 32
"""Codes at or below -DIGIT_BASE are all-digit external identifiers: -(DIGIT_BASE + number * 4 +
kind) with the kind's `DIGIT_KINDS` code, so a block maps them without a Python step per value."""

_UNSEEN = 1 << 62
"""`_Mapping.codes`' answer for a cell not seen yet (no code is this large)."""

MAX_PROBLEMS = 10_000
"""A file with more faults is refused at the first this many (the list stays small)."""

BLOCK_BYTES = 1 << 23


@dataclass(frozen=True)
class CheckinsImported:
    file: str
    rows: int
    created: int
    dry_run: bool
    persons_registered: int
    venues_registered: int

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "dry_run": self.dry_run,
            "persons_registered": self.persons_registered,
            "venues_registered": self.venues_registered,
        }


def parse_columns(text: str | Mapping[str, str] | None) -> dict[str, str]:
    """The header name of each role: the defaults overridden by `role=name,…` (a mapping or the
    option's text). Refuses an unknown role."""
    chosen = dict(DEFAULT_COLUMNS)
    if not text:
        return chosen
    pairs: list[tuple[str, str]]
    if isinstance(text, str):
        pairs = []
        for item in text.split(","):
            if not item.strip():
                continue
            role, sep, name = item.partition("=")
            if not sep or not name.strip():
                raise ValidationFailed(
                    _("The column option %(item)s is not role=column (e.g. person=so_dien_thoai)."),
                    item=item.strip(),
                )
            pairs.append((role.strip(), name.strip()))
    else:
        pairs = list(text.items())
    for role, name in pairs:
        role = _ALIASES.get(role, role)
        if role not in ROLES:
            raise ValidationFailed(
                _("Unknown column role %(role)s (expected %(roles)s)."),
                role=role,
                roles=", ".join(ROLES),
            )
        chosen[role] = name
    return chosen


def _check_kind(kind: str, allowed: tuple[str, ...], what: str) -> None:
    if kind not in ("auto", INTERNAL, *allowed):
        message = (
            _("Unknown person identifier kind %(kind)s (expected %(kinds)s).")
            if what == "person"
            else _("Unknown venue identifier kind %(kind)s (expected %(kinds)s).")
        )
        raise ValidationFailed(message, kind=kind, kinds=", ".join(("auto", INTERNAL, *allowed)))


@dataclass
class _Mapping:
    """The distinct identifiers of one column seen so far: each raw cell's code (> 0 an internal
    id, < 0 minus one plus the index of an external key, 0 refused), the external keys in order
    of first sight, and the refusals."""

    kind: str
    venue: bool
    compiled: bool = False
    codes: dict[bytes, int] = field(default_factory=dict)
    keys: list[Key] = field(default_factory=list)
    index: dict[Key, int] = field(default_factory=dict)
    refused: dict[bytes, IdentifierError] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    digit_codes: dict[int, int] = field(default_factory=dict)

    # the longest value of a kind kept as it is (the venue kinds: trimmed, nothing else)
    _AS_IS: ClassVar[dict[str, int]] = {"qr": 200, "code": 64}

    def code(self, raw: bytes) -> int:
        text = raw.decode("utf-8").strip()
        limit = self._AS_IS.get(self.kind, 0)
        if 0 < len(text) <= limit:
            key = (self.kind, text)  # what `normalise` would return, without its checks
        else:
            try:
                kind, value = resolve(text, self.kind, venue=self.venue)
            except IdentifierError as exc:
                self.refused[raw] = exc
                return 0
            if kind == INTERNAL:
                assert isinstance(value, int)
                return value
            key = (kind, str(value))
        at = self.index.get(key)
        if at is None:
            at = self.index[key] = len(self.keys)
            self.keys.append(key)
        return -(at + 1)

    def map(self, cells: checkin_csv.Cells, names: checkin_csv.Cells | None) -> checkin_csv.I64:
        """The code of every cell (see the class)."""
        n = len(cells)
        out = np.zeros(n, dtype=np.int64)
        rest = np.ones(n, dtype=np.bool_)
        if self.kind in ("auto", INTERNAL):
            values, ok = checkin_csv.integers(cells, compiled=self.compiled)
            out[ok] = values[ok]
            rest = ~ok
            if not rest.any():
                return out
        where = np.flatnonzero(rest)
        subset = cells[where]
        keys = checkin_csv.digit_keys(subset)
        if keys is not None and not self.venue:
            # phones, CCCD, CMND: every row classified as arrays when all are (no sort for the
            # distinct values: the classification costs less than finding them)
            kinds, numbers = classify_digits(keys // 16, keys % 16, self.kind)
            if kinds.all():
                out[where] = -(numbers * 4 + kinds.astype(np.int64)) - DIGIT_BASE
                return out
        if keys is not None:
            _u, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
            codes = self._digit_codes(_u, subset, first)
        else:
            uniques, first, inverse = checkin_csv.distinct_cells(subset)
            # the cells seen in earlier blocks by one C-level map (a sparse file's block holds
            # 100,000 distinct venue codes); only the new ones one by one
            known = self.codes
            raws = uniques.tolist()
            codes = np.fromiter(
                map(known.get, raws, itertools.repeat(_UNSEEN)), dtype=np.int64, count=len(raws)
            )
            for i in np.flatnonzero(codes == _UNSEEN).tolist():
                raw = raws[i]
                codes[i] = known[raw] = self.code(raw)
        if names is not None:
            for i in np.flatnonzero((codes < 0) & (codes > -DIGIT_BASE)).tolist():
                at = int(-codes[i] - 1)
                if at not in self.names:
                    name = names[where[first[i]]].decode("utf-8").strip()
                    if name:
                        self.names[at] = name
        out[where] = codes[inverse.reshape(-1)]
        return out

    def _digit_codes(
        self, keys: checkin_csv.I64, subset: checkin_csv.Cells, first: checkin_csv.I64
    ) -> checkin_csv.I64:
        """Codes of distinct all-digit values (`checkin_csv.digit_keys`): a CCCD, CMND or phone
        is classified and normalised as arrays and coded by its canonical number (see
        `DIGIT_BASE`); the rest (a venue's, a refusal) goes one by one."""
        if self.venue:
            kinds = np.zeros(len(keys), dtype=np.int8)
            numbers = keys // 16
        else:
            kinds, numbers = classify_digits(keys // 16, keys % 16, self.kind)
        codes = -(numbers * 4 + kinds.astype(np.int64)) - DIGIT_BASE
        for i in np.flatnonzero(kinds == 0).tolist():
            raw = subset[first[i]]
            c = self.codes.get(raw)
            if c is None:
                c = self.codes[raw] = self.code(raw)
            codes[i] = c
        return codes

    def release(self) -> None:
        """Forget the cells seen once `table` has made the key list (the venue names stay)."""
        self.codes.clear()
        self.keys.clear()
        self.index.clear()
        self.digit_codes.clear()

    def table(self, codes: checkin_csv.I64) -> tuple[list[Key], checkin_csv.I64]:
        """The distinct external keys of a column's codes and, per row, the position of its key
        in that list (-1 for an internal id)."""
        digit = codes <= -DIGIT_BASE
        # with the inverse: a search of a million codes in the sorted keys cost 4 times more
        canon, inverse = np.unique(-codes[digit] - DIGIT_BASE, return_inverse=True)
        listed = self.keys + _digit_keys(canon % 4, canon // 4)
        first: dict[Key, int] | list[Key]
        if self.keys and len(canon):
            # "0905 123 456" (one by one) and 0905123456 (as arrays) are one key: keep it once
            first = {}
            remap = np.fromiter(
                (first.setdefault(k, len(first)) for k in listed), dtype=np.int64, count=len(listed)
            )
        else:  # the keys are distinct already (one list or the other)
            first = listed
            remap = np.arange(len(listed), dtype=np.int64)
        position = np.full(len(codes), -1, dtype=np.int64)
        general = (codes < 0) & ~digit
        position[general] = remap[-codes[general] - 1]
        position[digit] = remap[len(self.keys) + inverse.reshape(-1)]
        self.names = {int(remap[i]): name for i, name in self.names.items()}
        return list(first), position


def _digit_keys(kinds: checkin_csv.I64, numbers: checkin_csv.I64) -> list[Key]:
    """The keys (kind, normalised text) of canonical all-digit values (`DIGIT_KINDS` codes),
    made by kind as arrays: a file's 200,000 phone numbers, not one f-string each."""
    n = len(kinds)
    out: list[Key] = []
    if n == 0:
        return out
    present = np.unique(kinds).tolist()
    if len(present) > 1:
        return [
            (DIGIT_KINDS[k], digit_value(k, v))
            for k, v in zip(kinds.tolist(), numbers.tolist(), strict=True)
        ]
    code = int(present[0])
    text = numbers.astype(np.str_)
    if code == DIGIT_KINDS.index("phone"):
        values = list(map("84".__add__, text.tolist()))
    else:
        values = np.char.zfill(text, 12 if code == DIGIT_KINDS.index("cccd") else 9).tolist()
    return list(zip(itertools.repeat(DIGIT_KINDS[code]), values))


@dataclass
class _Problems:
    file: str
    items: list[RowProblem] = field(default_factory=list)

    def add(self, line: int | None, column: str, error: DomainError) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(RowProblem(self.file, line, column, error))

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS


def _stream(content: bytes | IO[bytes] | Path, file_name: str) -> IO[bytes]:
    """The file as a binary stream: a path (the console) is read in blocks whatever its size; an
    upload goes through the size guard first."""
    if isinstance(content, Path):
        try:
            return content.open("rb")
        except OSError as exc:
            raise ValidationFailed(
                _("Cannot read %(file)s: %(error)s"), file=file_name, error=exc.strerror or ""
            ) from None
    if isinstance(content, bytes | bytearray):
        return io.BytesIO(content)
    from dieuhanh.outbreak.services.imports import CSV_LIMITS

    return io.BytesIO(upload_bytes(content, file_name=file_name, limits=CSV_LIMITS))


def _header(
    stream: IO[bytes], file_name: str, columns: dict[str, str]
) -> tuple[int, dict[str, int]]:
    """The number of columns and the position of each role's column."""
    first = stream.readline(1 << 16)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(
            _("the file is not UTF-8 text (byte 0x%(byte)s); save it again as “CSV UTF-8”."),
            byte="??",
        ) from None
    found = [h.strip() for h in next(csv.reader([text.rstrip("\r\n")]), [])]
    missing = [columns[r] for r in REQUIRED if columns[r] not in found]
    if missing:
        raise ValidationFailed(
            _("%(file)s: missing columns %(columns)s (expected %(expected)s)."),
            file=file_name,
            columns=", ".join(missing),
            expected=",".join(columns[r] for r in ROLES if r != "venue_name"),
        )
    where = {role: found.index(columns[role]) for role in ROLES if columns[role] in found}
    return len(found), where


@dataclass
class _Parsed:
    """What the reading of a file keeps: the valid rows' codes and times, their file lines."""

    person: list[checkin_csv.I64] = field(default_factory=list)
    venue: list[checkin_csv.I64] = field(default_factory=list)
    start: list[checkin_csv.I64] = field(default_factory=list)
    checkout: list[checkin_csv.I64] = field(default_factory=list)
    lines: list[checkin_csv.I64] = field(default_factory=list)
    rows: int = 0


def _times(
    cells: checkin_csv.Cells,
    lines: checkin_csv.I64,
    column: str,
    problems: _Problems,
    compiled: bool = False,
) -> tuple[checkin_csv.I64, checkin_csv.Bools]:
    """Epoch seconds and a mask of valid cells; an empty cell is NO_CHECKOUT here (the caller
    refuses it where a time is required)."""
    values, ok = checkin_csv.instants(cells, compiled=compiled)
    # empty cells (an open check-in's check-out: many) as an array, not one by one
    blank = ~ok & (cells == b"")
    values[blank] = NO_CHECKOUT
    ok |= blank
    for i in np.flatnonzero(~ok).tolist():
        text = cells[i].decode("utf-8").strip()
        if not text:
            values[i] = NO_CHECKOUT
            ok[i] = True
            continue
        parsed = checkin_csv.instant(text)
        if parsed is None:
            from dieuhanh.outbreak.services.imports import parse_instant

            try:
                parse_instant(text)
            except DomainError as exc:
                problems.add(int(lines[i]), column, exc)
            else:  # pragma: no cover - both parsers agree on what a time is
                problems.add(int(lines[i]), column, ValidationFailed(_("Not a time.")))
        else:
            values[i] = parsed
            ok[i] = True
    return values, ok


def _read(
    stream: IO[bytes],
    file_name: str,
    columns: dict[str, str],
    persons: _Mapping,
    venues: _Mapping,
    problems: _Problems,
    block_bytes: int,
) -> _Parsed:
    width, where = _header(stream, file_name, columns)
    parsed = _Parsed()
    compiled = persons.compiled
    for block in checkin_csv.blocks(
        stream, columns=width, block_bytes=block_bytes, compiled=compiled
    ):
        if isinstance(block, checkin_csv.Undecodable):
            problems.add(
                block.line,
                "",
                ValidationFailed(
                    _(
                        "the file is not UTF-8 text (byte 0x%(byte)s); save it again as "
                        "“CSV UTF-8”."
                    ),
                    byte=f"{block.byte:02X}",
                ),
            )
            break
        for line, found in block.width_problems:
            problems.add(
                line,
                "",
                ValidationFailed(
                    _("%(found)s cells where the header has %(expected)s."),
                    found=found,
                    expected=width,
                ),
            )
        n = len(block.lines)
        parsed.rows += n + len(block.width_problems)
        if n == 0:
            continue
        lines = block.lines
        names = block.cells[where["venue_name"]] if "venue_name" in where else None
        pcodes = persons.map(block.cells[where["person"]], None)
        vcodes = venues.map(block.cells[where["venue"]], names)
        good = (pcodes != 0) & (vcodes != 0)
        for codes, mapping, role in ((pcodes, persons, "person"), (vcodes, venues, "venue")):
            cells = block.cells[where[role]]
            for i in np.flatnonzero(codes == 0).tolist():
                raw = cells[i]
                exc = mapping.refused.get(raw)
                error = bilingual(exc) if exc is not None else ValidationFailed(_("Not an id."))
                problems.add(int(lines[i]), columns[role], error)
        start, ok_in = _times(
            block.cells[where["checked_in_at"]],
            lines,
            columns["checked_in_at"],
            problems,
            compiled,
        )
        empty_in = ok_in & (start == NO_CHECKOUT)
        for i in np.flatnonzero(empty_in).tolist():
            problems.add(
                int(lines[i]), columns["checked_in_at"], ValidationFailed(_("A time is required."))
            )
        ok_in &= ~empty_in
        out_range = ok_in & ((start < MIN_TIME) | (start > MAX_TIME))
        for i in np.flatnonzero(out_range).tolist():
            problems.add(
                int(lines[i]),
                columns["checked_in_at"],
                ValidationFailed(_("A check-in time must lie between 1970 and 2100.")),
            )
        ok_in &= ~out_range
        if "checked_out_at" in where:
            checkout, ok_out = _times(
                block.cells[where["checked_out_at"]],
                lines,
                columns["checked_out_at"],
                problems,
                compiled,
            )
        else:
            checkout = np.full(n, NO_CHECKOUT, dtype=np.int64)
            ok_out = np.ones(n, dtype=np.bool_)
        has = ok_in & ok_out & (checkout != NO_CHECKOUT)
        before = has & (checkout <= start)
        for i in np.flatnonzero(before).tolist():
            problems.add(
                int(lines[i]),
                columns["checked_out_at"],
                ValidationFailed(_("The check-out must follow the check-in.")),
            )
        too_long = has & ~before & (checkout - start > MAX_STAY)
        for i in np.flatnonzero(too_long).tolist():
            problems.add(
                int(lines[i]),
                columns["checked_out_at"],
                ValidationFailed(_("A check-in lasts at most 24 hours.")),
            )
        good &= ok_in & ok_out & ~before & ~too_long
        if problems.items:
            # a refused file: keep reading for its other faults, not its rows
            if problems.full:
                break
            continue
        parsed.person.append(pcodes[good])
        parsed.venue.append(vcodes[good])
        parsed.start.append(start[good])
        parsed.checkout.append(checkout[good])
        parsed.lines.append(lines[good])
    return parsed


def _rows_with(
    codes: checkin_csv.I64, lines: checkin_csv.I64, wanted: set[int]
) -> Iterator[tuple[int, int]]:
    """(line, code) of the rows whose code is in `wanted`."""
    if not wanted:
        return
    hit = np.isin(codes, np.fromiter(wanted, dtype=np.int64, count=len(wanted)))
    for i in np.flatnonzero(hit).tolist():
        yield int(lines[i]), int(codes[i])


def _ids(
    codes: checkin_csv.I64, position: checkin_csv.I64, table: checkin_csv.I64
) -> checkin_csv.I64:
    """Internal ids per row: a row's own id, else its external key's id in `table` (0 while the
    key is not registered)."""
    if not len(table):
        return codes
    return np.where(position < 0, codes, table[np.maximum(position, 0)])


def _distinct(ids: checkin_csv.I64) -> checkin_csv.I64:
    """The sorted distinct values of non-negative ids: a bitmap when they are dense enough (one
    pass, no sort of a million values), else `np.unique`."""
    if not len(ids):
        return ids
    low, high = int(ids.min()), int(ids.max())
    if low < 0 or high > 4 * len(ids) + (1 << 22):
        return np.unique(ids)
    seen = np.zeros(high + 1, dtype=np.bool_)
    seen[ids] = True
    return np.flatnonzero(seen).astype(np.int64)


def _joined(parts: list[checkin_csv.I64]) -> checkin_csv.I64:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _registration_unit(scope: Scope, unit: OrgUnit | None) -> OrgUnit | None:
    """Where unknown persons are registered: `unit`, else the one unit the importer captures
    for, else (the system) the top unit; None when it cannot be told."""
    if unit is not None:
        return unit
    if scope.unrestricted:
        return default_unit()
    if len(scope.capture_paths) == 1:
        return OrgUnit.objects.filter(path=scope.capture_paths[0]).first()
    return None


def checkins_import(
    *,
    actor: User | None,
    scope: Scope,
    content: bytes | IO[bytes] | Path,
    file_name: str,
    dry_run: bool = False,
    columns: str | Mapping[str, str] | None = None,
    person_kind: str = "auto",
    venue_kind: str = "auto",
    unit: OrgUnit | None = None,
    chunk_size: int = CHUNK_SIZE,
    block_bytes: int = BLOCK_BYTES,
) -> CheckinsImported:
    """Import a check-in CSV (see the module), all or nothing: every row is checked (identifier
    well-formed, internal ids known, persons in the importer's units, times with offset, a
    check-out after its check-in and within 24 hours) before anything is written; then, in one
    transaction, unknown external persons and venues are registered and the rows loaded.
    `content` is bytes, an upload (size-guarded) or a path read in blocks of `block_bytes`;
    `chunk_size` bounds the values of one lookup query."""
    require_import(actor, scope, Module.OUTBREAK)
    _check_kind(person_kind, PERSON_KINDS, "person")
    _check_kind(venue_kind, VENUE_KINDS, "venue")
    names = parse_columns(columns)
    if unit is not None and not scope.can_capture_path(unit.path):
        raise AccessDenied(_("%(unit)s is outside your units."), unit=unit.name)
    problems = _Problems(file_name)
    stream = _stream(content, file_name)
    try:
        # the compiled parse for a large file (or in a process that has numba loaded already)
        stream.seek(0, io.SEEK_END)
        compiled = checkin_csv.worth_compiling(stream.tell())
        stream.seek(0)
        persons = _Mapping(person_kind, venue=False, compiled=compiled)
        venues = _Mapping(venue_kind, venue=True, compiled=compiled)
        parsed = _read(stream, file_name, names, persons, venues, problems, block_bytes)
    finally:
        stream.close()
    if problems.items:
        raise ImportRefused(file_name, problems.items)
    pcodes = _joined(parsed.person)
    vcodes = _joined(parsed.venue)
    lines = _joined(parsed.lines)
    del parsed.person, parsed.venue, parsed.lines

    # persons: internal ids must exist; every person met must be in the importer's units
    p_keys, p_position = persons.table(pcodes)
    persons.release()
    p_table = persons_ids(p_keys, chunk_size=chunk_size)
    person_ids = _ids(pcodes, p_position, p_table)
    del pcodes
    internal = _distinct(person_ids[p_position < 0]).tolist()
    if scope.unrestricted:  # every unit is the importer's: only whether the ids exist
        paths: dict[int, str] = {}
        unknown_ids = set(persons_unknown(internal, chunk_size=chunk_size))
    else:
        paths = persons_paths(_distinct(person_ids[person_ids > 0]).tolist(), chunk_size=chunk_size)
        unknown_ids = {pid for pid in internal if pid not in paths}
    for line, pid in _rows_with(person_ids, lines, unknown_ids):
        problems.add(line, names["person"], NotFound(_("Unknown person %(id)s."), id=pid))
    if not scope.unrestricted:
        allowed: dict[str, bool] = {}
        outside = set()
        for pid, path in paths.items():
            ok = allowed.get(path)
            if ok is None:
                ok = allowed[path] = scope.can_capture_path(path)
            if not ok:
                outside.add(pid)
        for line, pid in _rows_with(person_ids, lines, outside):
            problems.add(
                line,
                names["person"],
                AccessDenied(_("Person %(id)s is outside your units."), id=pid),
            )
    new_persons = [k for k, pid in zip(p_keys, p_table.tolist(), strict=True) if not pid]
    home = _registration_unit(scope, unit) if new_persons else unit
    if new_persons and home is None:
        problems.add(
            None,
            names["person"],
            ValidationFailed(
                _("%(n)s persons are not known yet: name the unit to register them in (--unit)."),
                n=len(new_persons),
            ),
        )

    # venues: internal ids must exist; unknown external ones are registered
    v_keys, v_position = venues.table(vcodes)
    venues.release()
    v_table = venues_ids(v_keys, chunk_size=chunk_size)
    venue_ids = _ids(vcodes, v_position, v_table)
    del vcodes
    internal_v = _distinct(venue_ids[v_position < 0]).tolist()
    unknown_v = set(venues_unknown(internal_v, chunk_size=chunk_size))
    for line, vid in _rows_with(venue_ids, lines, unknown_v):
        problems.add(line, names["venue"], NotFound(_("Unknown venue %(id)s."), id=vid))
    new_venues = [k for k, vid in zip(v_keys, v_table.tolist(), strict=True) if not vid]

    if problems.items:
        problems.items.sort(key=lambda p: p.row if p.row is not None else 0)
        raise ImportRefused(file_name, problems.items)
    if dry_run:
        return CheckinsImported(file_name, len(lines), 0, True, len(new_persons), len(new_venues))
    with transaction.atomic():
        if new_persons:
            assert home is not None
            made = persons_register_pseudonymous(new_persons, unit=home, batch_size=chunk_size)
            fill = {k: i for i, k in enumerate(p_keys)}
            for key, pid in made.items():
                p_table[fill[key]] = pid
            person_ids = _ids(person_ids, p_position, p_table)
        if new_venues:
            fill = {k: i for i, k in enumerate(v_keys)}
            venue_names = {k: venues.names.get(fill[k], "") for k in new_venues}
            made_v = venues_register(
                new_venues,
                unit=home if home is not None else unit,
                names=venue_names,
                batch_size=chunk_size,
            )
            for key, vid in made_v.items():
                v_table[fill[key]] = vid
            venue_ids = _ids(venue_ids, v_position, v_table)
        data = CheckInColumns(
            person_ids, venue_ids, _joined(parsed.start), _joined(parsed.checkout)
        )
        del parsed.start, parsed.checkout
        created = checkins_bulk_load(data)
        audit_record(
            actor=actor,
            action="outbreak.checkins.import",
            object_type="outbreak.checkin",
            object_repr=file_name,
            changes={
                "rows": created,
                "persons_registered": len(new_persons),
                "venues_registered": len(new_venues),
            },
        )
    return CheckinsImported(
        file_name, len(lines), created, False, len(new_persons), len(new_venues)
    )
