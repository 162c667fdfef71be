"""Reading a check-in CSV fast (đọc tệp lượt quét mã): numpy over the raw bytes, no Django.

A file is read in blocks of whole lines. A block in the plain form — no quotes, every line with
the header's number of commas — is split without making a Python object per cell: the positions
of the newlines and commas give each cell's start and length, and a column comes out as one
fixed-width bytes array (`S<width>`, NUL-padded). Any other block goes through the `csv` module
(quoted cells, a ragged row), which also names the faulty rows. Times in the common form
`YYYY-MM-DDTHH:MM:SS+HH:MM` (or with a space for T) are parsed as arrays; the others one by one by
the caller. Integers (internal ids) are parsed as arrays. For a large file (`worth_compiling`)
a block's gather, time and integer parses run as compiled loops (numba), with the same results.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import numpy as np
from numpy.typing import NDArray

from dieuhanh.outbreak.pure.jit import cache_dir_keyed

I64 = NDArray[np.int64]
Bools = NDArray[np.bool_]
Cells = NDArray[np.bytes_]

NEWLINE, COMMA, QUOTE, CR = 10, 44, 34, 13
ISO_WIDTH = 25  # 2021-07-10T08:30:00+07:00


@dataclass(frozen=True)
class Block:
    """Consecutive data rows of a file: `first_line` is the file line of the first (the header is
    line 1), `cells[i]` the i-th column, `width_problems` rows (line, found cells) whose number of
    cells is not the header's (left out of `cells`; `lines` numbers the rows kept)."""

    lines: NDArray[np.int64]
    cells: list[Cells]
    width_problems: list[tuple[int, int]]
    newlines: int | None = None
    """The block's line ends when the fast path counted them (each of its lines is a row)."""


@dataclass(frozen=True)
class Undecodable:
    """A block that is not UTF-8 text or holds a NUL byte: the line and the offending byte."""

    line: int
    byte: int


def blocks(
    stream: IO[bytes],
    *,
    columns: int,
    first_line: int = 2,
    block_bytes: int = 1 << 23,
    compiled: bool = False,
) -> Iterator[Block | Undecodable]:
    """The rows after the header (already read from `stream`) as blocks of about `block_bytes`
    (`compiled`: see `worth_compiling`)."""
    carry = b""
    line = first_line
    while True:
        chunk = stream.read(block_bytes)
        data = carry + chunk if carry else chunk
        if not chunk:
            if data.strip(b"\r\n"):
                yield from _block(data + b"\n", columns, line, compiled)
            return
        cut = data.rfind(b"\n")
        if b'"' in data:  # a newline inside a quoted cell ends no line: cut at one outside
            while cut >= 0 and data.count(b'"', 0, cut) % 2:
                cut = data.rfind(b"\n", 0, cut)
        if cut < 0:
            carry = data
            continue
        carry = data[cut + 1 :]
        body = data[: cut + 1]
        newlines: int | None = None
        for part in _block(body, columns, line, compiled):
            yield part
            if isinstance(part, Undecodable):
                return
            newlines = part.newlines
        # the fast path has counted them already (a count of an 8 MB block is 6 ms)
        line += body.count(b"\n") if newlines is None else newlines


def _block(
    body: bytes, columns: int, line: int, compiled: bool = False
) -> Iterator[Block | Undecodable]:
    """One block of whole lines, each ending in a newline."""
    nul = body.find(b"\x00")
    try:
        if not body.isascii():  # ASCII is UTF-8 (a check-in file mostly is: half the time)
            body.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start if nul < 0 else min(nul, exc.start)
        yield Undecodable(line + body.count(b"\n", 0, at), body[at])
        return
    if nul >= 0:
        yield Undecodable(line + body.count(b"\n", 0, nul), 0)
        return
    fast = _plain(body, columns, line, compiled)
    yield fast if fast is not None else _with_csv(body, columns, line)


def _plain(body: bytes, columns: int, line: int, compiled: bool = False) -> Block | None:
    # (a byte search in the bytes: a third of the time of comparing every byte in numpy)
    if b'"' in body:
        return None
    buf = np.frombuffer(body, dtype=np.uint8)
    ends = np.flatnonzero(buf == NEWLINE)
    n = len(ends)
    starts = np.empty(n, dtype=np.int64)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    stops = ends.astype(np.int64)
    if b"\r" in body:
        stops -= buf[np.maximum(stops - 1, 0)] == CR
    commas = np.flatnonzero(buf == COMMA)
    if len(commas) != n * (columns - 1):
        return None
    per_line = np.searchsorted(commas, ends)
    expected = np.arange(1, n + 1, dtype=np.int64) * (columns - 1)
    if not np.array_equal(per_line, expected):
        return None
    grid = commas.reshape(n, columns - 1).astype(np.int64)
    padded = np.concatenate([buf, np.zeros(PAD, dtype=np.uint8)])
    cells: list[Cells] = []
    for j in range(columns):
        first = starts if j == 0 else grid[:, j - 1] + 1
        last = stops if j == columns - 1 else grid[:, j]
        cells.append(_gather(padded, first, last - first, compiled))
    return Block(np.arange(line, line + n, dtype=np.int64), cells, [], n)


PAD = 64
"""Zero bytes after a block's buffer: a gather of cells up to this wide needs no bounds clamp."""


def _gather(padded: NDArray[np.uint8], first: I64, length: I64, compiled: bool = False) -> Cells:
    """The cells [first, first + length) of the buffer as one NUL-padded bytes array (one 2-D
    gather of every cell's bytes, then the bytes past each cell's end zeroed). `padded` is the
    block's buffer followed by `PAD` zero bytes."""
    n = len(first)
    width = max(int(length.max()) if n else 0, 1)
    if compiled and n >= COMPILED_AT:
        out = np.zeros((n, width), dtype=np.uint8)
        _kernels()[0](padded, first, length, out)
        return out.view(f"S{width}").reshape(n)
    # int32 offsets (a block is far below 2 GiB): half the memory of the index table
    at: NDArray[np.int32] | I64
    if len(padded) < 2**31:
        at = np.add(first.astype(np.int32)[:, None], np.arange(width, dtype=np.int32))
    else:
        at = np.add(first[:, None], np.arange(width, dtype=np.int64))
    if width > PAD:  # a cell this wide may read past the padding: clamp
        np.minimum(at, len(padded) - 1, out=at)
    table = padded[at]
    if n and int(length.min()) < width:  # fixed-width columns (phones, times) skip this
        table *= np.arange(width, dtype=np.int64)[None, :] < length[:, None]
    return table.view(f"S{width}").reshape(n)


def _with_csv(body: bytes, columns: int, line: int) -> Block:
    text = body.decode("utf-8")
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[tuple[int, int]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    number = line
    for cells in reader:
        if not cells:  # a blank line (the end of many exported files)
            number = line + reader.line_num
            continue
        width = len(cells)
        while width > columns and cells[width - 1] == "":
            width -= 1
        if width != columns:
            problems.append((number, len(cells)))
        else:
            rows.append(cells[:columns])
            lines.append(number)
        number = line + reader.line_num
    table: list[Cells] = [
        np.array([row[j].encode() for row in rows] or [b""], dtype=np.bytes_)[: len(rows)]
        for j in range(columns)
    ]
    return Block(np.array(lines, dtype=np.int64), table, problems)


def texts(cells: Cells) -> list[str]:
    """The cells as stripped text (for the rows the array parsers leave out)."""
    return [b.decode("utf-8").strip() for b in cells.tolist()]


def _digits_value(table: NDArray[np.uint8], filled: Bools) -> I64:
    """The number each row's leading digits spell (rows of ASCII digits, NUL-padded on the
    right): digit arithmetic column by column, much faster than numpy's text-to-integer cast."""
    n, width = table.shape
    value = np.zeros(n, dtype=np.int64)
    for k in range(width):
        column = filled[:, k]
        if not column.any():
            break
        digit = table[:, k].astype(np.int64) - 48
        value = np.where(column, value * 10 + digit, value)
    return value


def integers(cells: Cells, *, compiled: bool = False) -> tuple[I64, Bools]:
    """Plain positive integers without leading zero or sign (internal ids): values and a mask of
    the cells that are one (the others hold 0)."""
    n = len(cells)
    values = np.zeros(n, dtype=np.int64)
    if n == 0:
        return values, np.zeros(0, dtype=np.bool_)
    width = cells.dtype.itemsize
    table = cells.view(np.uint8).reshape(n, width)
    if compiled and n >= COMPILED_AT:
        ok_all = np.zeros(n, dtype=np.bool_)
        _kernels()[2](table, values, ok_all)
        return values, ok_all
    digit = (table >= 48) & (table <= 57)
    filled = table != 0
    length = filled.sum(axis=1)
    ok = (
        (digit | ~filled).all(axis=1)
        & (length >= 1)
        & (length <= 10)
        & (table[:, 0] != 48)
        & (filled[:, :-1] | ~filled[:, 1:]).all(axis=1)  # no NUL inside
    )
    if ok.any():
        values[ok] = _digits_value(table[ok], filled[ok])
        ok &= values <= 2**31 - 1
        values[~ok] = 0
    return values, ok


def digit_keys(cells: Cells) -> I64 | None:
    """Cells of at most 15 digits as exact int64 keys (the value and its length: "0905" and
    "905" differ), or None when any cell is not all digits. Lets `np.unique` run on integers."""
    n = len(cells)
    width = cells.dtype.itemsize
    if width > 15:
        return None
    table = cells.view(np.uint8).reshape(n, width)
    filled = table != 0
    if not (((table >= 48) & (table <= 57)) | ~filled).all() or not filled[:, 0].all():
        return None
    if not (filled[:, :-1] | ~filled[:, 1:]).all():
        return None  # a NUL inside a cell: not digits
    length = filled.sum(axis=1).astype(np.int64)
    keys: I64 = _digits_value(table, filled) * 16 + length
    return keys


def distinct_cells(cells: Cells) -> tuple[Cells, I64, I64]:
    """`np.unique(cells, return_index=True, return_inverse=True)`, in the order of first sight:
    cells of at most 16 bytes are hashed to one integer (unique on integers, no string sort),
    the result checked cell by cell (a hash collision falls back to the string sort)."""
    n = len(cells)
    width = cells.dtype.itemsize
    if n > 0 and width <= 16:
        table = np.zeros((n, 16), dtype=np.uint8)
        table[:, :width] = cells.view(np.uint8).reshape(n, width)
        words = table.view(np.uint64)
        key = words[:, 0] * np.uint64(0x9E3779B97F4A7C15) ^ words[:, 1]
        _keys, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        if np.array_equal(cells[first][inverse], cells):
            order = np.argsort(first, kind="stable")
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order), dtype=np.int64)
            return cells[first[order]], first[order].astype(np.int64), rank[inverse]
    uniques, first, inverse = np.unique(cells, return_index=True, return_inverse=True)
    return uniques, first.astype(np.int64), inverse.reshape(-1).astype(np.int64)


_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


_DIGIT_AT = np.array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24])
_SEPARATORS = ((4, ord("-")), (7, ord("-")), (13, ord(":")), (16, ord(":")), (22, ord(":")))


def instants(cells: Cells, *, compiled: bool = False) -> tuple[I64, Bools]:
    """Epoch seconds of the cells in the form YYYY-MM-DDTHH:MM:SS±HH:MM (T or a space) and a
    mask of the cells parsed; the other cells (other forms, faults, empty) hold 0 and are for
    the caller to parse one by one."""
    n = len(cells)
    out = np.zeros(n, dtype=np.int64)
    width = cells.dtype.itemsize
    if n == 0 or width < ISO_WIDTH:
        return out, np.zeros(n, dtype=np.bool_)
    full = cells.view(np.uint8).reshape(n, width)
    if compiled and n >= COMPILED_AT:
        ok_all = np.zeros(n, dtype=np.bool_)
        _kernels()[1](full, out, ok_all)
        return out, ok_all
    t = full[:, :ISO_WIDTH]
    ok = t[:, ISO_WIDTH - 1] != 0
    if width > ISO_WIDTH:
        ok &= full[:, ISO_WIDTH] == 0
    for pos, char in _SEPARATORS:
        ok &= t[:, pos] == char
    ok &= (t[:, 10] == ord("T")) | (t[:, 10] == ord(" "))
    ok &= (t[:, 19] == ord("+")) | (t[:, 19] == ord("-"))
    # the digits as 0..9 (a byte below "0" wraps round to above 9 in uint8)
    d = t[:, _DIGIT_AT] - np.uint8(48)
    ok &= (d <= 9).all(axis=1)
    rows: I64 = np.ascontiguousarray(d.T, dtype=np.int64)  # one row per digit position

    def num(*at: int) -> I64:
        value: I64 = rows[at[0]]
        for k in at[1:]:
            value = value * 10 + rows[k]
        return value

    year, month, day = num(0, 1, 2, 3), num(4, 5), num(6, 7)
    hour, minute, second = num(8, 9), num(10, 11), num(12, 13)
    off_h, off_m = num(14, 15), num(16, 17)
    sign = np.where(t[:, 19] == ord("-"), -1, 1)
    off = off_h * 3600 + off_m * 60
    ok &= (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    month_ok = np.clip(month, 1, 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    ok &= day <= _MONTH_DAYS[month_ok] + ((month_ok == 2) & leap)
    ok &= (hour < 24) & (minute < 60) & (second < 60) & (off_h < 24) & (off_m < 60)
    # days from the civil date (H. Hinnant's algorithm), vectorised
    y = year - (month_ok <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((month_ok + 9) % 12) + 2) // 5 + day - 1
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
    epoch = days * 86400 + hour * 3600 + minute * 60 + second - sign * off
    out[ok] = epoch[ok]
    return out, ok


def instant(text: str) -> int | None:
    """Epoch seconds of one ISO 8601 time with offset, None when it is not one."""
    try:
        parsed = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return int(parsed.timestamp())


# Compiled forms (numba, as `outbreak.pure.f2_sweep`) of the three passes a large block spends
# its time in: the gather of a column's cells, the ISO-time parse and the integer parse. Each is
# one loop over the rows in place of numpy's dozen whole-array passes (the time parse made 18
# int64 rows of the digits: 144 MB for a million cells). Same results as the numpy forms above
# (a test holds them to it); used when the caller asks (`worth_compiling`) for blocks of at
# least `COMPILED_AT` rows.

COMPILED_AT = 50_000
"""Rows of a block from which the compiled forms run when asked for."""

COMPILED_FILE_BYTES = 64 << 20
"""A file from this size is parsed with the compiled loops even in a process that has not
imported numba: importing it and loading the three cached loops costs ~0.95 s of CPU once per
process, the loops save ~1.1 s per million rows (~60–70 MB)."""


def worth_compiling(size: int | None) -> bool:
    """Whether a file of `size` bytes is parsed with the compiled loops: a large one, or any
    file in a process that has numba loaded already (a web worker that has traced F2, or parsed
    a large file before: the fixed cost is paid)."""
    return "numba" in sys.modules or (size is not None and size >= COMPILED_FILE_BYTES)


def gather_python(
    padded: NDArray[np.uint8], first: I64, length: I64, table: NDArray[np.uint8]
) -> None:
    """Copy cell i (`length[i]` bytes at `first[i]`) into row i of the zeroed `table`."""
    for i in range(first.shape[0]):
        at = first[i]
        for k in range(length[i]):
            table[i, k] = padded[at + k]


def instants_python(table: NDArray[np.uint8], out: I64, ok: Bools) -> None:
    """`instants` of rows of at least ISO_WIDTH bytes (one cell per row, NUL-padded)."""
    width = table.shape[1]
    for i in range(table.shape[0]):
        t = table[i]
        if t[ISO_WIDTH - 1] == 0 or (width > ISO_WIDTH and t[ISO_WIDTH] != 0):
            continue
        if t[4] != 45 or t[7] != 45 or t[13] != 58 or t[16] != 58 or t[22] != 58:
            continue
        if (t[10] != 84 and t[10] != 32) or (t[19] != 43 and t[19] != 45):
            continue
        good = True
        for k in (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24):
            if t[k] < 48 or t[k] > 57:
                good = False
        if not good:
            continue
        year = (
            (np.int64(t[0]) - 48) * 1000
            + (np.int64(t[1]) - 48) * 100
            + (np.int64(t[2]) - 48) * 10
            + (np.int64(t[3]) - 48)
        )
        month = (np.int64(t[5]) - 48) * 10 + (np.int64(t[6]) - 48)
        day = (np.int64(t[8]) - 48) * 10 + (np.int64(t[9]) - 48)
        hour = (np.int64(t[11]) - 48) * 10 + (np.int64(t[12]) - 48)
        minute = (np.int64(t[14]) - 48) * 10 + (np.int64(t[15]) - 48)
        second = (np.int64(t[17]) - 48) * 10 + (np.int64(t[18]) - 48)
        off_h = (np.int64(t[20]) - 48) * 10 + (np.int64(t[21]) - 48)
        off_m = (np.int64(t[23]) - 48) * 10 + (np.int64(t[24]) - 48)
        if year < 1 or month < 1 or month > 12 or day < 1:
            continue
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        days_in = 31
        if month == 2:
            days_in = 29 if leap else 28
        elif month == 4 or month == 6 or month == 9 or month == 11:
            days_in = 30
        if day > days_in:
            continue
        if hour >= 24 or minute >= 60 or second >= 60 or off_h >= 24 or off_m >= 60:
            continue
        y = year - (1 if month <= 2 else 0)
        era = y // 400
        yoe = y - era * 400
        doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
        days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
        off = off_h * 3600 + off_m * 60
        if t[19] == 45:
            off = -off
        out[i] = days * 86400 + hour * 3600 + minute * 60 + second - off
        ok[i] = True


def integers_python(table: NDArray[np.uint8], out: I64, ok: Bools) -> None:
    """`integers` of NUL-padded rows: 1 to 10 digits, no leading zero, at most 2**31 - 1."""
    width = table.shape[1]
    for i in range(table.shape[0]):
        t = table[i]
        if t[0] == 48:
            continue
        value = 0
        n = 0
        while n < width and t[n] != 0:
            if t[n] < 48 or t[n] > 57:
                break
            value = value * 10 + (int(t[n]) - 48)
            n += 1
        if n == 0 or n > 10 or (n < width and t[n] != 0):
            continue
        rest = n
        while rest < width and t[rest] == 0:
            rest += 1
        if rest < width or value > 2147483647:
            continue
        out[i] = value
        ok[i] = True


@functools.cache
def _kernels() -> tuple[Any, Any, Any]:
    """The three kernels compiled (numba imported on first use; the machine code cached on
    disk under a digest of these sources, `pure/jit.py`)."""
    import numba

    cache_dir_keyed()
    jit = numba.njit(cache=True, nogil=True)
    return jit(gather_python), jit(instants_python), jit(integers_python)
