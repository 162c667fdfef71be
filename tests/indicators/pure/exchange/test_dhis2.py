"""DHIS2 CSV and JSON (indicators/pure/exchange/dhis2.py), as plain data (no database): encodings,
headers, decimal commas, row widths, read back what is written, formula injection."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dieuhanh.indicators.pure.exchange.common import ExchangeError, ExportValue
from dieuhanh.indicators.pure.exchange.dhis2 import (
    read_dhis2_csv,
    read_dhis2_json,
    write_dhis2_csv,
    write_dhis2_json,
)

HEADER = "dataelement,period,orgunit,catoptcombo,attroptcombo,value\n"


def test_a_byte_order_mark_is_accepted() -> None:
    rows = read_dhis2_csv(("\ufeff" + HEADER.upper() + "THU_NSNN,202101,23962,,,1.5\n").encode())
    assert [(r.row, r.indicator, r.value_text) for r in rows] == [(2, "THU_NSNN", "1.5")]


def test_the_header_is_optional() -> None:
    rows = read_dhis2_csv(b"THU_NSNN,202101,23962,,,1.5\nGTSX,202101,23962,CURRENT,,2\n")
    assert [(r.row, r.option) for r in rows] == [(1, ""), (2, "CURRENT")]


def test_latin_1_is_refused_in_both_languages() -> None:
    content = (HEADER + "THU_NSNN,202101,23962,,,1.5,José\n").encode("latin-1")
    with pytest.raises(ExchangeError) as exc:
        read_dhis2_csv(content)
    problem = exc.value.problems[0]
    assert "UTF-8" in problem.message_en and "UTF-8" in problem.message_vi


def test_a_wrong_header_is_refused() -> None:
    with pytest.raises(ExchangeError) as exc:
        read_dhis2_csv(b"data_element,period,orgunit,catoptcombo,attroptcombo,value\n")
    assert exc.value.problems[0].field == "header"


def test_an_unquoted_decimal_comma_is_caught_even_without_a_header() -> None:
    with pytest.raises(ExchangeError) as exc:
        read_dhis2_csv(b"THU_NSNN,202101,23962,,,1,5\n")
    assert "1.5" in exc.value.problems[0].message_en


def test_rows_of_the_wrong_width_are_all_listed() -> None:
    content = (HEADER + "A,202101,23962\nTHU_NSNN,202101,23962,,,1\nB,1\n").encode()
    with pytest.raises(ExchangeError) as exc:
        read_dhis2_csv(content)
    assert [p.row for p in exc.value.problems] == [2, 4]


def test_json_entries_take_top_level_defaults() -> None:
    content = (
        b'{"period": "202101", "dataValues": '
        b'[{"dataElement": "X", "orgUnit": 23962, "value": 1.50}]}'
    )
    (row,) = read_dhis2_json(content)
    assert (row.period, row.orgunit, row.value_text) == ("202101", "23962", "1.50")


def test_json_that_is_not_a_data_value_set_is_refused() -> None:
    with pytest.raises(ExchangeError):
        read_dhis2_json(b'{"values": []}')


def test_csv_and_json_exports_read_back_the_same() -> None:
    value = ExportValue("GTSX", "202101", "23962", "CURRENT", Decimal("55.160000"), comment="ok")
    csv_row = read_dhis2_csv(write_dhis2_csv([value]))[0]
    json_row = read_dhis2_json(write_dhis2_json([value]))[0]
    assert csv_row._replace(row=1) == json_row and json_row.value_text == "55.16"


def test_formula_injection_is_neutralised_in_csv() -> None:
    value = ExportValue("THU_NSNN", "202101", "23962", "", Decimal(-1), "@evil", None, "=1+1")
    text = write_dhis2_csv([value]).decode()
    assert ",'@evil," in text and ",'=1+1," in text and ",-1," in text


def test_a_nul_byte_is_refused_with_its_line() -> None:
    """PostgreSQL cannot store a NUL: refused when read, not by the database."""
    with pytest.raises(ExchangeError) as refused:
        read_dhis2_csv(
            (HEADER + "THU_NSNN,202101,23962,,,1.5\nGTSX,2021\x0001,23962,,,2\n").encode()
        )
    assert refused.value.problems[0].row == 3


def test_json_nested_past_the_parser_is_refused() -> None:
    with pytest.raises(ExchangeError) as refused:
        read_dhis2_json(b"[" * 100_000)
    assert "nested too deeply" in refused.value.problems[0].message_en
