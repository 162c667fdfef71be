"""What the direction pages share (direction/views/common.py): the CSV answer of the exports."""

from __future__ import annotations

import csv
import io

from dieuhanh.direction.views.common import csv_response


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_text_cells_that_look_like_formulas_are_neutralised() -> None:
    response = csv_response(
        "x.csv",
        ["event", "measures"],
        [['=HYPERLINK("http://evil.example")', "@SUM(A1)"], ["+1", "\tx"]],
    )
    assert _rows(response.content)[1:] == [
        ['\'=HYPERLINK("http://evil.example")', "'@SUM(A1)"],
        ["'+1", "'\tx"],
    ]


def test_csv_numbers_stay_numbers() -> None:
    response = csv_response("x.csv", ["n", "text"], [[-5, "-5"], [0, "Tranh chấp"]])
    assert _rows(response.content)[1:] == [["-5", "'-5"], ["0", "Tranh chấp"]]


def test_csv_is_an_attachment_with_a_bom() -> None:
    response = csv_response("an-ninh.csv", ["a"], [])
    assert response["Content-Disposition"] == 'attachment; filename="an-ninh.csv"'
    assert response.content.startswith("\ufeff".encode())
