"""The array parsers of a check-in CSV (`outbreak.pure.checkin_csv`): blocks of whole lines, times
and integers by digit arithmetic, against the one-by-one parsers."""

from __future__ import annotations

import datetime
import io

import numpy as np

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
