"""The array parsers of a check-in CSV (`outbreak.pure.checkin_csv`): blocks of whole lines, times
and integers by digit arithmetic, against the one-by-one parsers."""

from __future__ import annotations

import datetime
import io

import numpy as np
import pytest

from dieuhanh.outbreak.pure import checkin_csv
from dieuhanh.outbreak.pure.checkin_csv import Block


def cells(*values: str) -> checkin_csv.Cells:
    return np.array([v.encode() for v in values], dtype=np.bytes_)


def rows_of(text: str, *, columns: int = 3, block_bytes: int = 1 << 20) -> list[tuple[object, ...]]:
    """(line, cells…) of every row the blocks hold."""
    out: list[tuple[object, ...]] = []
    for block in checkin_csv.blocks(
        io.BytesIO(text.encode()), columns=columns, block_bytes=block_bytes
    ):
        assert isinstance(block, Block)
        for i, line in enumerate(block.lines.tolist()):
            out.append((line, *(block.cells[j][i].decode() for j in range(columns))))
    return out


def test_instants_agree_with_fromisoformat() -> None:
    texts = [
        "2021-07-10T08:30:00+07:00",
        "2021-07-10 23:59:59+07:00",
        "2020-02-29T00:00:00+00:00",
        "1970-01-01T00:00:00+00:00",
        "2099-12-31T12:00:00-05:30",
    ]
    values, ok = checkin_csv.instants(cells(*texts))
    assert ok.all()
    expected = [int(datetime.datetime.fromisoformat(t).timestamp()) for t in texts]
    assert values.tolist() == expected


def test_instants_leave_faults_to_the_caller() -> None:
    _values, ok = checkin_csv.instants(
        cells(
            "2021-02-29T08:00:00+07:00",  # not a leap year
            "2021-07-10T24:00:00+07:00",
            "2021-07-1xT08:00:00+07:00",
            "2021-07-10T08:00:00+07:00Z",
            "2021-07-10T08:00:00",
            "",
        )
    )
    assert not ok.any()


def test_integers_take_plain_positive_ids_only() -> None:
    values, ok = checkin_csv.integers(
        cells("1", "2147483647", "2147483648", "0905", "12a", "", "42")
    )
    assert ok.tolist() == [True, True, False, False, False, False, True]
    assert values.tolist() == [1, 2147483647, 0, 0, 0, 0, 42]


def test_digit_keys_tell_leading_zeros_apart() -> None:
    keys = checkin_csv.digit_keys(cells("0905123456", "905123456", "0905123456"))
    assert keys is not None
    assert keys[0] == keys[2] != keys[1]
    assert keys[0] // 16 == 905123456
    assert checkin_csv.digit_keys(cells("0905", "QR-1")) is None


def test_a_row_split_across_blocks_keeps_its_cells_and_line() -> None:
    text = "".join(f"{i},QR-{i},2021-07-10T08:00:00+07:00\n" for i in range(1, 40))
    whole = rows_of(text)
    assert rows_of(text, block_bytes=50) == whole  # about one row and a half a block
    assert whole[-1] == (40, "39", "QR-39", "2021-07-10T08:00:00+07:00")


def test_crlf_lines_lose_their_carriage_return() -> None:
    assert rows_of("1,QR-1,a\r\n2,QR-2,b\r\n", block_bytes=7) == [
        (2, "1", "QR-1", "a"),
        (3, "2", "QR-2", "b"),
    ]


def test_quoted_cells_with_commas_and_a_last_line_without_newline() -> None:
    assert rows_of('1,"Chợ, Chư Sê",x\n2,"say ""hi""",y') == [
        (2, "1", "Chợ, Chư Sê", "x"),
        (3, "2", 'say "hi"', "y"),
    ]


def test_a_quoted_newline_at_a_block_boundary_stays_in_its_cell() -> None:
    text = "".join(f'{i},"Chợ\nChư Sê {i}",x\n' for i in range(1, 8))
    whole = rows_of(text)
    assert whole[1] == (4, "2", "Chợ\nChư Sê 2", "x")
    for block_bytes in range(4, 60):  # every place a block can end, the quoted newline included
        assert rows_of(text, block_bytes=block_bytes) == whole


def test_a_ragged_row_is_reported_with_its_line_after_a_block_boundary() -> None:
    text = "".join(f"{i},QR,t\n" for i in range(1, 20)) + "20,QR\n21,QR,t\n"
    problems = [
        p
        for block in checkin_csv.blocks(io.BytesIO(text.encode()), columns=3, block_bytes=40)
        if isinstance(block, Block)
        for p in block.width_problems
    ]
    assert problems == [(21, 2)]


def test_distinct_cells_in_the_order_of_first_sight() -> None:
    for values in (
        ["QR-2", "QR-1", "QR-2", "", "QR-1", "QR-3"],
        ["QR-" + "x" * 20, "QR-1", "QR-" + "x" * 20],  # wider than 16 bytes: the string sort
    ):
        given = cells(*values)
        uniques, first, inverse = checkin_csv.distinct_cells(given)
        assert sorted(uniques.tolist()) == sorted(set(given.tolist()))
        assert (uniques[inverse] == given).all()
        assert (given[first] == uniques).all()
    uniques, _first, _inverse = checkin_csv.distinct_cells(cells("QR-2", "QR-1", "QR-2"))
    assert uniques.tolist() == [b"QR-2", b"QR-1"]


def _fuzzed(values: list[bytes], width: int, n: int, rate: float, seed: int) -> checkin_csv.Cells:
    """`n` cells drawn from `values` with about `rate` of their bytes replaced at random."""
    rng = np.random.default_rng(seed)
    base = np.array(values, dtype=f"S{width}")
    raw = base[rng.integers(0, len(base), n)].view(np.uint8).reshape(n, width).copy()
    hit = rng.random(raw.shape) < rate
    raw[hit] = rng.integers(1, 127, int(hit.sum()))
    fuzzed: checkin_csv.Cells = raw.view(f"S{width}").reshape(n)
    return fuzzed


TIMES = [
    b"2021-07-10T08:30:00+07:00",
    b"2020-02-29 23:59:59-05:30",
    b"2021-02-29T08:30:00+07:00",
    b"2021-04-31T01:02:03+00:00",
    b"1900-02-29T01:02:03+14:59",
    b"2021-07-10T24:30:00+07:00",
    b"2021-07-10T08:30:00+07:00x",
    b"2021-07-10",
    b"",
]
IDS = [b"1", b"0", b"01", b"42", b"2147483647", b"2147483648", b"12345678901", b"12a", b""]


def test_compiled_parsers_agree_with_the_numpy_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked for, from COMPILED_AT rows, the compiled loops run: same values, same refusals."""
    times = _fuzzed(TIMES, 26, 20_000, 0.01, 1)
    ids = _fuzzed(IDS, 11, 20_000, 0.02, 2)
    expected = (checkin_csv.instants(times), checkin_csv.integers(ids))
    monkeypatch.setattr(checkin_csv, "COMPILED_AT", 1)
    got = (
        checkin_csv.instants(times, compiled=True),
        checkin_csv.integers(ids, compiled=True),
    )
    for (want_values, want_ok), (values, ok) in zip(expected, got, strict=True):
        assert want_ok.any() and not want_ok.all()
        assert np.array_equal(ok, want_ok)
        assert np.array_equal(values, want_values)


def test_compiled_loops_run_as_python_too() -> None:
    """The loops are plain Python over arrays (what numba compiles): the same results
    uncompiled, on a few rows."""
    for parse, kernel, values in (
        (checkin_csv.instants, checkin_csv.instants_python, _fuzzed(TIMES, 26, 300, 0.01, 3)),
        (checkin_csv.integers, checkin_csv.integers_python, _fuzzed(IDS, 11, 300, 0.02, 4)),
    ):
        want_values, want_ok = parse(values)
        out = np.zeros(len(values), dtype=np.int64)
        ok = np.zeros(len(values), dtype=np.bool_)
        kernel(values.view(np.uint8).reshape(len(values), -1), out, ok)
        assert np.array_equal(ok, want_ok)
        assert np.array_equal(out, want_values)


def test_a_large_plain_block_splits_alike_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [f"{i},{'x' * (i % 7)},2021-07-10T08:{i % 60:02d}:00+07:00\n" for i in range(3_000)]
    body = "".join(lines).encode()
    want = checkin_csv._plain(body, 3, 2)
    monkeypatch.setattr(checkin_csv, "COMPILED_AT", 1)
    got = checkin_csv._plain(body, 3, 2, compiled=True)
    assert want is not None and got is not None
    for a, b in zip(want.cells, got.cells, strict=True):
        assert a.dtype == b.dtype
        assert np.array_equal(a, b)


def test_compiled_loops_for_a_large_file_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """numba's import and cached loops cost ~1 s once per process: a small file in a process
    without numba is parsed with numpy."""
    import sys

    monkeypatch.delitem(sys.modules, "numba", raising=False)
    assert not checkin_csv.worth_compiling(1_000_000)
    assert checkin_csv.worth_compiling(checkin_csv.COMPILED_FILE_BYTES)
    monkeypatch.setitem(sys.modules, "numba", sys)  # loaded already: the cost is paid
    assert checkin_csv.worth_compiling(1_000)


def test_line_numbers_go_on_across_plain_and_quoted_blocks() -> None:
    # the fast path counts a block's lines itself; a block with a quoted cell goes through the
    # csv module and is counted from its bytes: the rows after either keep their file line
    text = (
        "".join(f"{i},QR,t\n" for i in range(1, 8))
        + '8,"Chợ, Chư Sê",q\n'
        + "".join(f"{i},QR,t\n" for i in range(9, 20))
    )
    whole = rows_of(text)
    assert [r[0] for r in whole] == list(range(2, 21))
    for block_bytes in (9, 20, 40):
        assert rows_of(text, block_bytes=block_bytes) == whole
