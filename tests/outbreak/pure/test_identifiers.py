"""External identifiers: normalisation per kind and the guess made of a bare value."""

from __future__ import annotations

import pytest

from dieuhanh.outbreak.pure.identifiers import IdentifierError, classify, normalise, resolve


@pytest.mark.parametrize(
    "raw",
    [
        "0905123456",
        "+84905123456",
        "84905123456",
        "0905 123 456",
        "+84 905-123-456",
        "0084905123456",
    ],
)
def test_phone_forms_are_one_value(raw: str) -> None:
    assert normalise("phone", raw) == "84905123456"


def test_landline_of_eleven_digits_is_a_phone() -> None:
    assert normalise("phone", "02693123456") == "842693123456"


@pytest.mark.parametrize(
    "raw", ["905123456", "+1 202 555 0100", "09051234", "0905abc456", "840905123456"]
)
def test_malformed_phone_is_refused_in_both_languages(raw: str) -> None:
    with pytest.raises(IdentifierError) as info:
        normalise("phone", raw)
    assert "số điện thoại" in info.value.message_vi
    assert "phone number" in info.value.message_en


def test_cccd_is_twelve_digits() -> None:
    assert normalise("cccd", "064 090 001 234") == "064090001234"


def test_cccd_of_eleven_digits_is_refused() -> None:
    with pytest.raises(IdentifierError, match="exactly 12 digits"):
        normalise("cccd", "06409000123")


def test_cmnd_is_nine_digits() -> None:
    assert normalise("cmnd", "230123456") == "230123456"


def test_passport_is_upper_cased() -> None:
    assert normalise("passport", " b1234567 ") == "B1234567"


def test_source_lower_cases_the_system_only() -> None:
    assert normalise("source", "PC-Covid:AbC12") == "pc-covid:AbC12"


def test_source_without_system_is_refused() -> None:
    with pytest.raises(IdentifierError):
        normalise("source", ":123")


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(IdentifierError, match="Unknown identifier kind"):
        normalise("email", "a@b")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("0905123456", "phone"),
        ("+84905123456", "phone"),
        ("84905123456", "phone"),
        ("064090001234", "cccd"),
        ("023012345", "cmnd"),
        ("42", "id"),
        ("2147483647", "id"),
        ("B1234567", "passport"),
        ("pc-covid:77", "source"),
    ],
)
def test_classify(raw: str, kind: str) -> None:
    assert classify(raw) == kind


def test_classify_venue_integer_is_internal_else_qr() -> None:
    assert classify("17", venue=True) == "id"
    assert classify("QR-CHO-CHUSE-01", venue=True) == "qr"


def test_classify_refuses_what_fits_nothing() -> None:
    with pytest.raises(IdentifierError):
        classify("12-34 ?")


def test_resolve_internal_id_is_an_int() -> None:
    assert resolve("42") == ("id", 42)


def test_resolve_with_kind_given() -> None:
    assert resolve("0905123456", "phone") == ("phone", "84905123456")


def test_resolve_refuses_a_person_kind_for_a_venue() -> None:
    with pytest.raises(IdentifierError, match="does not apply to venues"):
        resolve("0905123456", "phone", venue=True)


def test_resolve_refuses_internal_id_above_int32() -> None:
    with pytest.raises(IdentifierError):
        resolve("2147483648", "id")
