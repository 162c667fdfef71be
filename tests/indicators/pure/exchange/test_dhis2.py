"""The exchange formats as plain data: no database."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dieuhanh.indicators.pure.exchange.common import (
    ExchangeError,
    ExportValue,
    ValueProblem,
    parse_machine_number,
    parse_status,
)
from dieuhanh.indicators.pure.exchange.dhis2 import (
    read_dhis2_csv,
    read_dhis2_json,
    write_dhis2_csv,
    write_dhis2_json,
)
from dieuhanh.indicators.pure.exchange.xlsx import (
    Template,
    TemplateRow,
    TemplateSheet,
    read_values_xlsx,
    write_values_xlsx,
)

HEADER = "dataelement,period,orgunit,catoptcombo,attroptcombo,value\n"


@pytest.mark.parametrize("text", ["1,5", "1.234,5", "1 000", "NaN", "inf", "abc", ""])
def test_machine_numbers_refuse_what_is_not_a_plain_dot_decimal(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_machine_number(text)


@pytest.mark.parametrize(
    ("text", "value"), [("1234.5", "1234.5"), (" -0.25 ", "-0.25"), ("7", "7"), ("1e3", "1000")]
)
def test_machine_numbers_read_a_dot_decimal(text: str, value: str) -> None:
    assert parse_machine_number(text) == Decimal(value)


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


def test_statuses_are_read_in_vietnamese_or_english() -> None:
    assert [parse_status(t) for t in ["ước", "Thực hiện", "actual", " "]] == [
        "estimate",
        "actual",
        "actual",
        "",
    ]


def _template(comment: str = "") -> Template:
    rows = [
        TemplateRow("GTSX", "CURRENT", "Tổng — hiện hành", "tỷ đồng", Decimal("12.5"), "estimate"),
        TemplateRow("THU_NSNN", "", "Thu", "tỷ đồng", comment=comment),
    ]
    return Template(
        "KTXH_THANG",
        "Biểu tháng",
        "23962",
        "Xã Ia Blang",
        "202101",
        "tháng 1 năm 2021",
        [TemplateSheet("202101", "tháng 1 năm 2021", rows)],
    )


def test_a_template_reads_back_its_filled_rows_only() -> None:
    (row,) = read_values_xlsx(write_values_xlsx(_template()))
    assert (row.sheet, row.row, row.indicator, row.option, row.value_text, row.status) == (
        "202101",
        4,
        "GTSX",
        "CURRENT",
        "12.5",
        "ước",
    )


def test_formula_injection_is_neutralised_in_xlsx() -> None:
    book = load_workbook(io.BytesIO(write_values_xlsx(_template(comment="=HYPERLINK(1)"))))
    cell = book["202101"]["G5"]
    assert (cell.value, cell.data_type) == ("'=HYPERLINK(1)", "s")


def test_a_workbook_that_is_not_a_template_is_refused() -> None:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    with pytest.raises(ExchangeError):
        read_values_xlsx(out.getvalue())
