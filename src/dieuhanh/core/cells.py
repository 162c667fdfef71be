"""Spreadsheet cells people export and import back: text a spreadsheet would run as a formula is
neutralised on the way out and restored on the way in (CSV and Excel injection)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(…)", "+1", "-1", "@SUM") gets a
    leading single quote, so that it is shown and never evaluated."""
    return "'" + text if text.startswith(FORMULA_START) else text


def neutralise_row(cells: Iterable[object]) -> list[object]:
    """A row for a CSV writer or a worksheet: every text cell neutralised, the other cells as they
    are — a number stays a number (a negative number is not a formula), a date stays a date."""
    return [neutralise(cell) if isinstance(cell, str) else cell for cell in cells]


def unneutralise(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text
