"""Vietnamese text keys: tidy display text, accent-free search keys and name matching keys."""

from __future__ import annotations

import unicodedata

__all__ = ["KIND_WORDS", "fold", "is_word_char", "matches", "name_key", "normalize"]

# Administrative type words (loại đơn vị hành chính) that may precede a unit name.
KIND_WORDS: tuple[str, ...] = (
    "thành phố",
    "thị xã",
    "thị trấn",
    "đặc khu",
    "tỉnh",
    "huyện",
    "quận",
    "phường",
    "xã",
)

# Letter-like apostrophes (ʼ ʻ ʹ …, Unicode category Lm) as typed in names such as "HʼBông".
_APOSTROPHE_LETTERS = frozenset("\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u02c8")

# "Ð" (U+00D0, eth) often stands in for "Đ" in text converted from legacy encodings.
_D_LETTERS = str.maketrans({"đ": "d", "ð": "d"})


def is_word_char(ch: str) -> bool:
    """Whether `ch` belongs to a word: letters and digits, except letter-like apostrophes."""
    return ch.isalnum() and ch not in _APOSTROPHE_LETTERS


def normalize(text: str) -> str:
    """Display form (chuẩn hoá): NFC, trimmed, every whitespace run (incl. NBSP) → one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """Search key (bỏ dấu): no accents or tones, "đ" → "d", lowercase, words of letters/digits.

    Apostrophes, hyphens and other punctuation become word breaks: fold("H'Bông") == "h bong",
    fold("CHƯ SÊ") == "chu se".
    """
    decomposed = unicodedata.normalize("NFD", text.casefold().translate(_D_LETTERS))
    kept = (
        ch if is_word_char(ch) else " "
        for ch in decomposed
        if not unicodedata.category(ch).startswith("M")
    )
    return " ".join("".join(kept).split())


def _words_with_tones(text: str) -> list[str]:
    lowered = unicodedata.normalize("NFC", text).lower()
    return "".join(ch if is_word_char(ch) else " " for ch in lowered).split()


_KIND_WORDS_SPLIT = tuple(unicodedata.normalize("NFC", kind).split() for kind in KIND_WORDS)
_KIND_WORDS_FOLDED = tuple(fold(kind).split() for kind in KIND_WORDS)


def _strip_kind(text: str) -> str:
    """`text` without a leading administrative type word, as a space-joined folded string.

    The type word must be written with its accents, unless the whole text is written without
    any: "Quan Hóa" and "Tĩnh Túc" are names, not "quận"/"tỉnh" + name, but in an unaccented
    "xa ia blang" the "xa" can only be "xã".
    """
    words = _words_with_tones(text)
    unaccented = fold(text) == " ".join(words)
    kinds = _KIND_WORDS_FOLDED if unaccented else _KIND_WORDS_SPLIT
    for kind in kinds:
        if len(words) > len(kind) and words[: len(kind)] == kind:
            return fold(" ".join(words[len(kind) :]))
    return fold(text)


def name_key(text: str, *, strip_kind: bool = False) -> str:
    """Matching key for names whose spacing varies: fold and drop all spaces.

    name_key("Al Bá") == name_key("AlBá") == "alba"; name_key("H'Bông") == "hbong".
    With `strip_kind=True` a leading type word is dropped first ("Xã Ia Blang" → "iablang");
    only a whole leading word (or "thành phố", "thị xã", …) is dropped, and only once.
    """
    folded = _strip_kind(text) if strip_kind else fold(text)
    return folded.replace(" ", "")


def matches(query: str, text: str) -> bool:
    """Whether every word of `query` starts some word of `text`, in any order, accents ignored.

    matches("chu se", "Xã Chư Sê") and matches("ia b", "Ia Blang") are true; an empty query
    matches everything.
    """
    words = fold(text).split()
    return all(any(word.startswith(part) for word in words) for part in fold(query).split())
