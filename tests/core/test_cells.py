"""Spreadsheet cells (core/cells.py): text a spreadsheet would run is neutralised, numbers are not,
and an import restores exactly what was exported."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from dieuhanh.core.cells import FORMULA_START, neutralise, neutralise_row, unneutralise


@pytest.mark.parametrize("start", FORMULA_START)
def test_text_starting_like_a_formula_gets_a_quote(start: str) -> None:
    assert neutralise(start + 'HYPERLINK("http://x")') == "'" + start + 'HYPERLINK("http://x")'


def test_other_text_is_left_alone() -> None:
    assert neutralise("Tranh chấp đất rẫy = 2 hộ") == "Tranh chấp đất rẫy = 2 hộ"


@pytest.mark.parametrize("start", FORMULA_START)
def test_unneutralise_restores_what_was_exported(start: str) -> None:
    text = start + "SUM(A1:A9)"
    assert unneutralise(neutralise(text)) == text


def test_a_quote_the_user_typed_is_kept() -> None:
    assert unneutralise("'trích dẫn'") == "'trích dẫn'"


def test_a_row_neutralises_text_cells_only() -> None:
    day = datetime.date(2021, 6, 30)
    row = neutralise_row(["=1+1", -5, Decimal("-2.5"), day, "-5", "@x", "", None, True])
    assert row == ["'=1+1", -5, Decimal("-2.5"), day, "'-5", "'@x", "", None, True]
