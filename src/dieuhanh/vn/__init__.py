"""Vietnamese language helpers (tiếng Việt): numbers, report phrasing, text keys, collation.

Pure Python, standard library only; safe to use outside Django.
"""

from dieuhanh.vn.collation import ALPHABET, sort_key, vietnamese_sorted
from dieuhanh.vn.numbers import (
    NumberLike,
    VnNumberError,
    format_number,
    format_percent,
    parse_number,
    parse_percent,
    round_half_up,
    to_decimal,
)
from dieuhanh.vn.phrasing import (
    about,
    auto_step,
    change_phrase,
    change_word,
    nearly,
    over,
    points_phrase,
)
from dieuhanh.vn.text import KIND_WORDS, fold, matches, name_key, normalize

__all__ = [
    "ALPHABET",
    "KIND_WORDS",
    "NumberLike",
    "VnNumberError",
    "about",
    "auto_step",
    "change_phrase",
    "change_word",
    "fold",
    "format_number",
    "format_percent",
    "matches",
    "name_key",
    "nearly",
    "normalize",
    "over",
    "parse_number",
    "parse_percent",
    "points_phrase",
    "round_half_up",
    "sort_key",
    "to_decimal",
    "vietnamese_sorted",
]
