"""External identifiers of persons and venues (định danh bên ngoài): kinds, normalisation and the
guess a command line makes of an argument. Pure: no Django.

Persons are known to the outside world by their CCCD (căn cước công dân, 12 digits), the older
CMND (chứng minh nhân dân, 9 digits), a phone number, a passport number or an opaque id of
another system; venues by the payload of their QR code or an opaque code. The store keeps dense
internal int32 ids; `PersonIdentifier` / `VenueIdentifier` map the normalised external values
to them. Rules (docs/design.md §3, "Identifiers"):

- cccd: exactly 12 digits (spaces, dots and dashes between digit groups are dropped);
- cmnd: exactly 9 digits;
- phone: Vietnamese numbers in one form, "84" + the national number without its leading 0:
  0905 123 456, +84 905 123 456, 84905123456 and (0084)905123456 are all "84905123456"; a
  national number is 9 or 10 digits after the 0 (mobile 9, landline 9 or 10);
- passport: letters and digits, upper-cased, 6 to 12 characters;
- source: `system:id`, both parts non-empty, the system lower-cased, kept otherwise as given;
- qr: the QR payload, stripped of surrounding white space, 1 to 200 characters;
- code: an opaque venue code, stripped, 1 to 64 characters.
"""

from __future__ import annotations

import re
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

PersonKind = Literal["cccd", "cmnd", "phone", "passport", "source"]
VenueKind = Literal["qr", "code"]
Kind = Literal["cccd", "cmnd", "phone", "passport", "source", "qr", "code"]

PERSON_KINDS: Final = ("cccd", "cmnd", "phone", "passport", "source")
VENUE_KINDS: Final = ("qr", "code")
KINDS: Final = PERSON_KINDS + VENUE_KINDS

INTERNAL: Final = "id"
"""The pseudo-kind of an internal integer id (a `Person.pk` or `Venue.pk`)."""

MAX_INTERNAL = 2**31 - 1
"""Internal ids are packed as int32 in the check-in store."""

KIND_LABELS: Final[dict[str, tuple[str, str]]] = {
    "cccd": ("số CCCD", "CCCD number"),
    "cmnd": ("số CMND", "CMND number"),
    "phone": ("số điện thoại", "phone number"),
    "passport": ("số hộ chiếu", "passport number"),
    "source": ("mã nguồn", "source id"),
    "qr": ("mã QR", "QR code"),
    "code": ("mã địa điểm", "venue code"),
    "id": ("mã nội bộ", "internal id"),
}

_SEPARATORS = re.compile(r"[\s.\-()]")
_ALNUM = re.compile(r"[A-Z0-9]+")


class IdentifierError(ValueError):
    """A value that is not a valid identifier of its kind, in Vietnamese and English."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(message_en)


def _refuse(kind: str, raw: str, vi: str, en: str) -> IdentifierError:
    label_vi, label_en = KIND_LABELS.get(kind, (kind, kind))
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    return IdentifierError(
        f"“{shown}” không phải {label_vi} hợp lệ: {vi}",
        f"“{shown}” is not a valid {label_en}: {en}",
    )


def _digits(raw: str) -> str:
    return _SEPARATORS.sub("", raw)


def normalise_phone(raw: str) -> str:
    """A Vietnamese phone number as "84" + national number (no leading 0, no plus)."""
    text = _digits(raw.strip())
    if text.startswith("+"):
        text = text[1:]
        if not text.startswith("84"):
            raise _refuse(
                "phone", raw, "chỉ nhận số Việt Nam (+84)", "only Vietnamese numbers (+84)"
            )
    elif text.startswith("0084"):
        text = text[2:]
    if not text.isdigit() or not text.isascii():
        raise _refuse("phone", raw, "chỉ gồm chữ số", "digits only")
    if text.startswith("84") and len(text) in (11, 12):
        national = text[2:]
    elif text.startswith("0") and len(text) in (10, 11):
        national = text[1:]
    else:
        raise _refuse(
            "phone",
            raw,
            "cần 10 hoặc 11 chữ số bắt đầu bằng 0, hoặc +84",
            "expected 10 or 11 digits starting with 0, or +84",
        )
    if national.startswith("0"):
        raise _refuse("phone", raw, "số 0 thừa sau mã vùng", "a stray 0 after the country code")
    return "84" + national


def normalise(kind: str, raw: str) -> str:
    """`raw` as stored for `kind` (see the module's rules); `IdentifierError` when it is not one."""
    text = raw.strip()
    if not text:
        raise _refuse(kind, raw, "để trống", "empty")
    if kind == "phone":
        return normalise_phone(text)
    if kind in ("cccd", "cmnd"):
        digits = _digits(text)
        want = 12 if kind == "cccd" else 9
        if not (digits.isascii() and digits.isdigit()) or len(digits) != want:
            raise _refuse(kind, raw, f"cần đúng {want} chữ số", f"expected exactly {want} digits")
        return digits
    if kind == "passport":
        value = _SEPARATORS.sub("", text).upper()
        if not _ALNUM.fullmatch(value) or not 6 <= len(value) <= 12:
            raise _refuse(
                kind,
                raw,
                "cần 6 đến 12 chữ cái Latinh hoặc chữ số",
                "expected 6 to 12 Latin letters or digits",
            )
        return value
    if kind == "source":
        system, sep, ident = text.partition(":")
        system, ident = system.strip().lower(), ident.strip()
        if not sep or not system or not ident or len(text) > 100:
            raise _refuse(kind, raw, "cần dạng hệ_thống:mã", "expected system:id")
        return f"{system}:{ident}"
    if kind == "qr":
        if len(text) > 200:
            raise _refuse(kind, raw, "dài quá 200 ký tự", "longer than 200 characters")
        return text
    if kind == "code":
        if len(text) > 64:
            raise _refuse(kind, raw, "dài quá 64 ký tự", "longer than 64 characters")
        return text
    raise IdentifierError(
        f"Loại định danh không rõ: {kind} (nhận {', '.join(KINDS)})",
        f"Unknown identifier kind: {kind} (expected one of {', '.join(KINDS)})",
    )


def internal_id(raw: str) -> int | None:
    """`raw` as an internal id (a plain positive integer without leading zero that fits int32),
    or None."""
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or text.startswith("0") or len(text) > 10:
        return None
    value = int(text)
    return value if value <= MAX_INTERNAL else None


def classify(raw: str, *, venue: bool = False) -> str:
    """Guess the kind of a value given without one (a command-line argument, a cell of a column
    whose kind is `auto`).

    Persons: a plain integer without leading zero that fits int32 (at most 10 digits) is an
    internal id — except 10 digits, which is a phone only when it starts with 0, so a 10-digit
    number without leading 0 is an internal id if it fits; "+…", "0…" of 10–11 digits and "84…"
    of 11 digits are phones; 12 digits a CCCD; "0" + 8 digits a CMND; "x:y" a source id; letters
    with digits a passport. Venues: a plain integer is an internal id, anything else a QR code.
    A value that fits nothing raises `IdentifierError`.
    """
    text = raw.strip()
    if venue:
        return INTERNAL if internal_id(text) is not None else "qr"
    if ":" in text:
        return "source"
    digits = _digits(text)
    if digits.startswith("+"):
        return "phone"
    if digits.isascii() and digits.isdigit():
        if digits == text and internal_id(text) is not None:
            if len(text) == 11 and text.startswith("84"):
                return "phone"
            return INTERNAL
        if len(digits) == 12:
            return "cccd"
        if len(digits) == 9 and digits.startswith("0"):
            return "cmnd"
        if digits.startswith("0") and len(digits) in (10, 11):
            return "phone"
        if digits.startswith("84") and len(digits) in (11, 12):
            return "phone"
        if len(digits) == 9:
            return "cmnd"
    elif _ALNUM.fullmatch(_SEPARATORS.sub("", text).upper()):
        return "passport"
    raise IdentifierError(
        f"Không nhận ra “{text[:40]}”: không phải mã nội bộ, số điện thoại, CCCD, CMND, hộ chiếu "
        "hay mã nguồn",
        f"Cannot tell what “{text[:40]}” is: not an internal id, phone, CCCD, CMND, passport or "
        "source id",
    )


def resolve(raw: str, kind: str = "auto", *, venue: bool = False) -> tuple[str, str | int]:
    """(kind, normalised value) of `raw`: the internal id as int for kind "id", the normalised
    external value otherwise. `kind` "auto" guesses with `classify`."""
    chosen = classify(raw, venue=venue) if kind == "auto" else kind
    if chosen == INTERNAL:
        value = internal_id(raw)
        if value is None:
            raise _refuse(
                INTERNAL,
                raw,
                "cần số nguyên dương tối đa 2147483647",
                "expected a positive whole number up to 2147483647",
            )
        return INTERNAL, value
    allowed = VENUE_KINDS if venue else PERSON_KINDS
    if chosen not in allowed:
        raise IdentifierError(
            f"Loại định danh {chosen} không dùng cho {'địa điểm' if venue else 'người'} "
            f"(nhận id, {', '.join(allowed)})",
            f"Identifier kind {chosen} does not apply to {'venues' if venue else 'persons'} "
            f"(expected id, {', '.join(allowed)})",
        )
    return chosen, normalise(chosen, raw)


DIGIT_KINDS: Final = ("", "cccd", "cmnd", "phone")
"""What `classify_digits` returns as codes 0 (not handled), 1, 2, 3."""


def classify_digits(
    number: NDArray[np.int64], length: NDArray[np.int64], kind: str = "auto"
) -> tuple[NDArray[np.int8], NDArray[np.int64]]:
    """`classify` and `normalise` for many all-digit values at once, given as their number and
    their count of digits (leading zeros count): a kind code per value (see `DIGIT_KINDS`; 0 for
    a value left to `resolve`, which also explains a refusal) and the normalised number — the
    CCCD or CMND itself (to be zero-padded to 12 or 9 digits), the national phone number (to be
    written after "84"). Internal ids are not handled here: the caller takes them first."""
    n = len(number)
    codes = np.zeros(n, dtype=np.int8)
    out = number.copy()
    power = 10 ** np.clip(length - 1, 0, 18)
    lead0 = number < power
    auto = kind == "auto"
    if auto or kind == "cccd":
        codes[length == 12] = 1
    if kind == "cmnd":
        codes[length == 9] = 2
    elif auto:
        codes[(length == 9) & lead0 & (codes == 0)] = 2
    if auto or kind == "phone":
        via0 = lead0 & ((length == 10) | (length == 11)) & (number >= power // 10)
        rest = 10 ** np.clip(length - 2, 0, 18)
        via84 = (
            ~lead0
            & ((length == 11) | (length == 12))
            & (number // rest == 84)
            & (number % rest >= rest // 10)
        )
        if auto:
            via84 &= length == 11  # 12 digits are a CCCD when the kind is not given
        phone = (via0 | via84) & (codes == 0)
        codes[phone] = 3
        out = np.where(via84, number % rest, out)
    return codes, out


def digit_value(code: int, number: int) -> str:
    """The normalised text of a value `classify_digits` handled."""
    if code == 1:
        return f"{number:012d}"
    if code == 2:
        return f"{number:09d}"
    return f"84{number}"
