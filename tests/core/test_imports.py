"""One refusal for every importer: where each problem is, why, and one JSON shape."""

from __future__ import annotations

from typing import TypedDict, cast

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import AccessDenied, BilingualInvalid, ValidationFailed
from dieuhanh.core.imports import ImportRefused, RowProblem


class _Refusal(TypedDict):
    """ImportRefused.as_dict(): the shape its docstring gives (errors: RowProblem.as_dict())."""

    code: str
    message: str
    messages: dict[str, str]
    file: str
    errors_total: int
    errors: list[dict[str, object]]


def _bad(row: int | None = 3, field: str = "value", sheet: str = "") -> RowProblem:
    return RowProblem("data.csv", row, field, ValidationFailed(_("A time is required.")), sheet)


def test_a_problem_says_file_row_and_field() -> None:
    assert _bad().where("en") == "data.csv, row 3, value"


def test_a_problem_in_a_workbook_names_the_sheet() -> None:
    assert _bad(sheet="KTXH").where("en") == "data.csv, sheet KTXH, row 3, value"


def test_a_problem_of_the_whole_file_has_no_row() -> None:
    assert _bad(row=None, field="").where("en") == "data.csv"


def test_a_problem_renders_where_then_why() -> None:
    assert _bad().render("en") == "data.csv, row 3, value: A time is required."


def test_a_problem_renders_in_vietnamese() -> None:
    problem = RowProblem("a.xlsx", 5, "Năm", BilingualInvalid("năm không hợp lệ", "invalid year"))
    assert problem.render("vi").endswith(": năm không hợp lệ")


def test_bad_rows_refuse_with_400() -> None:
    assert ImportRefused("data.csv", [_bad()]).status_code == 400


def test_a_row_outside_the_scope_refuses_with_403() -> None:
    outside = RowProblem("data.csv", 4, "orgunit", AccessDenied(_("Log in first.")))
    refused = ImportRefused("data.csv", [_bad(), outside])
    assert (refused.status_code, refused.code) == (403, "import_forbidden")


def test_the_message_names_the_first_five_problems_and_says_there_are_more() -> None:
    refused = ImportRefused("data.csv", [_bad(row=n) for n in range(2, 9)])
    message = refused.render("en")
    assert ("row 6" in message, "row 7" in message, message.endswith("…")) == (True, False, True)


def test_the_json_shape_of_a_refusal() -> None:
    document = cast(_Refusal, ImportRefused("data.csv", [_bad(sheet="KTXH")]).as_dict())
    assert (
        sorted(document),
        document["errors"][0] | {"messages": None},
    ) == (
        ["code", "errors", "errors_total", "file", "message", "messages"],
        {
            "file": "data.csv",
            "sheet": "KTXH",
            "row": 3,
            "field": "value",
            "code": "invalid",
            "message": document["errors"][0]["message"],
            "messages": None,
        },
    )


def test_the_json_lists_at_most_a_thousand_problems() -> None:
    document = cast(
        _Refusal, ImportRefused("data.csv", [_bad(row=n) for n in range(1200)]).as_dict()
    )
    assert (len(document["errors"]), document["errors_total"]) == (1000, 1200)
