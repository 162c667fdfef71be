"""Display normalisation, search folding, name keys and word-prefix matching."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.vn import fold, matches, name_key, normalize


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- normalize -------------------------------------------------------------------------------


def test_normalize_composes_to_nfc() -> None:
    assert normalize(nfd("Chư Sê")) == unicodedata.normalize("NFC", "Chư Sê")


def test_normalize_strips_the_ends() -> None:
    assert normalize("  Ia Blang \n") == "Ia Blang"


def test_normalize_collapses_inner_whitespace_including_no_break_spaces() -> None:
    assert normalize("Ia\u00a0 \t Blang\u202fmới") == "Ia Blang mới"


def test_normalize_keeps_case_and_punctuation() -> None:
    assert normalize("H'Bông") == "H'Bông"


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


# -- fold ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Chư Sê", "CHƯ SÊ", nfd("Chư Sê"), "  chư   sê "])
def test_fold_drops_case_accents_and_tones(text: str) -> None:
    assert fold(text) == "chu se"


def test_fold_turns_d_with_stroke_into_d() -> None:
    assert fold("Đắk Đoa") == "dak doa"


def test_fold_turns_eth_lookalike_into_d() -> None:
    assert fold("\u00d0ắk") == "dak"


@pytest.mark.parametrize("text", ["H'Bông", "H’Bông", "HʼBông", "H`Bông", "H-Bông"])
def test_fold_breaks_words_at_apostrophes_and_hyphens(text: str) -> None:
    assert fold(text) == "h bong"


def test_fold_breaks_words_at_punctuation() -> None:
    assert fold("TP. Pleiku (cũ)") == "tp pleiku cu"


def test_fold_keeps_digits() -> None:
    assert fold("Phường 10") == "phuong 10"


def test_fold_of_every_vietnamese_vowel() -> None:
    vowels = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ"
    assert set(fold(vowels + vowels.upper())) == set("aeiouy")


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_ignores_normalisation_form(text: str) -> None:
    assert fold(nfd(text)) == fold(unicodedata.normalize("NFC", text))


@given(st.text())
def test_fold_has_no_combining_marks(text: str) -> None:
    assert not any(unicodedata.category(ch).startswith("M") for ch in fold(text))


# -- name_key --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Al Bá", "AlBá", "AL Bá", "al ba"])
def test_name_key_ignores_spacing(text: str) -> None:
    assert name_key(text) == "alba"


@pytest.mark.parametrize("text", ["H'Bông", "H Bông", "HBông", "H’Bông"])
def test_name_key_ignores_apostrophes(text: str) -> None:
    assert name_key(text) == "hbong"


def test_name_key_keeps_the_kind_word_by_default() -> None:
    assert name_key("Xã Ia Blang") == "xaiablang"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Xã Ia Blang", "iablang"),
        ("XÃ IA BLANG", "iablang"),
        ("thị trấn Chư Sê", "chuse"),
        ("Thị xã Ayun Pa", "ayunpa"),
        ("Thành phố Pleiku", "pleiku"),
        ("Tỉnh Gia Lai", "gialai"),
        ("Huyện Chư Sê", "chuse"),
        ("Quận 1", "1"),
        ("Phường Hội Phú", "hoiphu"),
        ("Đặc khu Phú Quốc", "phuquoc"),
        (nfd("Xã Ia Blang"), "iablang"),
        ("xa ia blang", "iablang"),
    ],
)
def test_name_key_strips_a_leading_kind_word(text: str, key: str) -> None:
    assert name_key(text, strip_kind=True) == key


def test_name_key_strips_only_a_whole_leading_word() -> None:
    assert name_key("Xã Xuân", strip_kind=True) == "xuan"


def test_name_key_does_not_strip_a_word_that_starts_like_a_kind() -> None:
    assert name_key("Xuân Lộc", strip_kind=True) == "xuanloc"


def test_name_key_strips_the_kind_only_once() -> None:
    assert name_key("Xã Xã Hồ", strip_kind=True) == "xaho"


def test_name_key_keeps_a_kind_word_that_is_the_whole_name() -> None:
    assert name_key("Xã", strip_kind=True) == "xa"


def test_name_key_does_not_strip_a_kind_word_in_the_middle() -> None:
    assert name_key("Ia Xã", strip_kind=True) == "iaxa"


def test_name_key_keeps_a_name_that_merely_folds_like_a_kind() -> None:
    # "Quan Hóa" is a district name, not "quận" + "Hóa".
    assert name_key("Quan Hóa", strip_kind=True) == "quanhoa"


def test_name_key_keeps_tinh_with_another_tone() -> None:
    # "Tĩnh Túc" is a town name, not "tỉnh" + "Túc".
    assert name_key("Tĩnh Túc", strip_kind=True) == "tinhtuc"


def test_name_key_strips_the_longer_kind_first() -> None:
    assert name_key("Thị trấn Xã Hồ", strip_kind=True) == "xaho"


@given(st.text())
def test_name_key_has_no_spaces(text: str) -> None:
    assert " " not in name_key(text, strip_kind=True)


# -- matches ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("chu se", "Xã Chư Sê"),
        ("se chu", "Xã Chư Sê"),
        ("ia b", "Ia Blang"),
        ("CHƯ", "xã Chư Sê"),
        ("h bong", "H'Bông"),
        ("", "anything"),
        ("  ", "anything"),
    ],
)
def test_matches_word_prefixes_in_any_order(query: str, text: str) -> None:
    assert matches(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("hu se", "Xã Chư Sê"),
        ("chu pong", "Xã Chư Sê"),
        ("blang ia x", "Ia Blang"),
        ("iablang", "Ia Blang"),
    ],
)
def test_matches_refuses_a_word_that_starts_no_word(query: str, text: str) -> None:
    assert not matches(query, text)


@given(st.text())
def test_every_text_matches_itself(text: str) -> None:
    assert matches(text, text)
