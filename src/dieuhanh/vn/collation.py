"""Vietnamese dictionary order (thứ tự từ điển) as a plain ASCII sort key.

`sort_key` returns only lowercase letters a–z, so plain string comparison gives the same order
in Python, SQLite (BINARY) and PostgreSQL under the usual collations (C, en_US, vi_VN, ICU und).

The text (NFC, any whitespace or punctuation run counting as one word break, leading and
trailing breaks ignored) is cut into symbols: word breaks, numbers (runs of ASCII digits),
Vietnamese letters (an ASCII letter or đ, optionally with one of breve/circumflex/horn where
the alphabet has that letter, and on vowels at most one tone mark) and other characters (so
"ñ" is not an n with a tone). The key is four levels joined by the separator "a":

    level 1 + "a" + level 2 + "a" + level 3 + "a" + level 4

Level 1, base symbols, case and tone ignored; every code starts with a letter from "b" on, so
the separator sorts before any symbol and a text sorts before its own extensions:

* word break: "bb" (before everything, so "An" < "An Khê" < "Ana");
* number: "bc" + length of the number without leading zeros + its digits (each as a letter
  "a"–"j"), so numbers compare by value ("Phường 2" < "Phường 10") and before letters;
* letter: two letters "bd" … "ck" in the order a ă â b c d đ e ê f g h i j k l m n o ô ơ p q
  r s t u ư v w x y z;
* any other character (other scripts, other accents): "zz" + its code point in five base-26
  letters, so these sort after all Vietnamese letters, by code point.

Lengths are written as one letter giving the count of base-26 digits ("b" for one) followed by
those digits ("a" = 0 … "z" = 25), which keeps the codes prefix-free and ordered by value.

Level 2, tones: one letter per syllable (run of Vietnamese letters): "b" ngang, "c" huyền,
"d" hỏi, "e" ngã, "f" sắc, "g" nặng — the first tone mark of the syllable, wherever it sits, so
"hoà" and "hòa" tie here.

Level 3, case and zeros: per letter "b" lower, "c" upper; per number the count of its leading
zeros (length code as above).

Level 4, tone placement: per letter its own tone ("b"–"g"), which separates "hoà" from "hòa".

Levels 2–4 only decide when level 1 is equal, and then both texts have the same symbols, so
their codes line up. Two texts get the same key exactly when they are equal after NFC,
collapsing whitespace/punctuation runs to a single break and trimming them.

Length: at most 5 key letters per Vietnamese letter, 7 per other character, n + 6 per n-digit
number, 2 per word break, plus 3 separators.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar, cast, overload

from dieuhanh.vn.text import is_word_char

__all__ = ["ALPHABET", "sort_key", "vietnamese_sorted"]

T = TypeVar("T")

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
"""The 29 Vietnamese letters in order, with f, j, w, z after their Latin neighbours."""

_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
"""Combining tone marks → rank: huyền, hỏi, ngã, sắc, nặng (ngang, no mark, is 0)."""

_LETTER_INDEX = {
    (decomposed[0], decomposed[1:]): index
    for index, decomposed in enumerate(unicodedata.normalize("NFD", ch) for ch in ALPHABET)
}
"""(base letter, modifier mark or "") → position in ALPHABET."""
_VOWELS = frozenset(ALPHABET.index(vowel) for vowel in "aăâeêioôơuưy")

_DIGITS = frozenset("0123456789")
_SEPARATOR = "a"
_BREAK_CODE = "bb"
_NUMBER_CODE = "bc"
_OTHER_CODE = "zz"
_FIRST_LETTER_CODE = 2


def _pair(index: int) -> str:
    return chr(ord("b") + index // 25) + chr(ord("b") + index % 25)


_LETTER_CODES = tuple(_pair(_FIRST_LETTER_CODE + i) for i in range(len(ALPHABET)))


def _base26(number: int, width: int) -> str:
    letters = []
    for _ in range(width):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("a") + digit))
    return "".join(reversed(letters))


def _length_code(number: int) -> str:
    """An order-preserving, prefix-free code for a non-negative integer."""
    width = 1
    while number >= 26**width:
        width += 1
    return chr(ord("a") + width) + _base26(number, width)


@dataclass(frozen=True)
class _Letter:
    index: int
    tone: int
    upper: bool


@dataclass(frozen=True)
class _Number:
    digits: str


@dataclass(frozen=True)
class _Other:
    text: str


class _Break:
    pass


_BREAK = _Break()
_Symbol = _Letter | _Number | _Other | _Break


def _clusters(text: str) -> Iterator[str]:
    """Base characters with their combining marks."""
    cluster = ""
    for ch in text:
        if cluster and unicodedata.category(ch).startswith("M"):
            cluster += ch
        else:
            if cluster:
                yield cluster
            cluster = ch
    if cluster:
        yield cluster


def _letter(cluster: str) -> _Letter | None:
    """The Vietnamese letter written by `cluster`, or None if it is not one."""
    decomposed = unicodedata.normalize("NFD", cluster)
    base, marks = decomposed[0], decomposed[1:]
    if not (base.isascii() and base.isalpha()) and base not in ("đ", "Đ"):
        return None
    lower = base.lower()
    tones = [_TONES[mark] for mark in marks if mark in _TONES]
    modifier = "".join(mark for mark in marks if mark not in _TONES)
    index = _LETTER_INDEX.get((lower, modifier))
    if index is None or len(tones) > 1 or (tones and index not in _VOWELS):
        return None
    return _Letter(index, tones[0] if tones else 0, base != lower)


def _symbols(text: str) -> list[_Symbol]:
    symbols: list[_Symbol] = []
    digits = ""
    for cluster in _clusters(unicodedata.normalize("NFC", text)):
        if cluster in _DIGITS:
            digits += cluster
            continue
        if digits:
            symbols.append(_Number(digits))
            digits = ""
        if not is_word_char(cluster[0]):
            if symbols and symbols[-1] is not _BREAK:
                symbols.append(_BREAK)
            continue
        symbols.append(_letter(cluster) or _Other(cluster))
    if digits:
        symbols.append(_Number(digits))
    if symbols and symbols[-1] is _BREAK:
        symbols.pop()
    return symbols


def _syllable_tones(symbols: list[_Symbol]) -> Iterator[int]:
    tone: int | None = None
    for symbol in symbols:
        if isinstance(symbol, _Letter):
            tone = tone or symbol.tone
        elif tone is not None:
            yield tone
            tone = None
    if tone is not None:
        yield tone


def sort_key(text: str) -> str:
    """A key of lowercase ASCII letters whose plain order is Vietnamese dictionary order.

    Levels: letters (a ă â b … đ … ư … y, word breaks first, numbers by value), then tones
    (ngang, huyền, hỏi, ngã, sắc, nặng), then case (lower first); see the module docstring.
    """
    symbols = _symbols(text)
    primary: list[str] = []
    tertiary: list[str] = []
    placement: list[str] = []
    for symbol in symbols:
        if isinstance(symbol, _Letter):
            primary.append(_LETTER_CODES[symbol.index])
            tertiary.append("c" if symbol.upper else "b")
            placement.append(chr(ord("b") + symbol.tone))
        elif isinstance(symbol, _Number):
            value = symbol.digits.lstrip("0")
            digits = "".join(chr(ord("a") + int(d)) for d in value)
            primary.append(_NUMBER_CODE + _length_code(len(value)) + digits)
            tertiary.append(_length_code(len(symbol.digits) - len(value)))
        elif isinstance(symbol, _Other):
            primary.extend(_OTHER_CODE + _base26(ord(ch), 5) for ch in symbol.text)
        else:
            primary.append(_BREAK_CODE)
    secondary = "".join(chr(ord("b") + tone) for tone in _syllable_tones(symbols))
    return _SEPARATOR.join(("".join(primary), secondary, "".join(tertiary), "".join(placement)))


@overload
def vietnamese_sorted(items: Iterable[str], *, reverse: bool = False) -> list[str]: ...


@overload
def vietnamese_sorted(
    items: Iterable[T], key: Callable[[T], str], *, reverse: bool = False
) -> list[T]: ...


def vietnamese_sorted(
    items: Iterable[T], key: Callable[[T], str] | None = None, *, reverse: bool = False
) -> list[T]:
    """`items` sorted in Vietnamese dictionary order of `key(item)` (the item itself by default).

    The sort is stable: items with equal keys keep their input order.
    """
    if key is None:
        return sorted(items, key=lambda item: sort_key(cast(str, item)), reverse=reverse)
    return sorted(items, key=lambda item: sort_key(key(item)), reverse=reverse)
