"""Vietnamese dictionary order through an ASCII-letter sort key."""

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.vn import ALPHABET, normalize, sort_key, vietnamese_sorted

VOWELS = "aăâeêioôơuưy"
TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # ngang … nặng


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def assert_in_order(words: list[str]) -> None:
    keys = [sort_key(word) for word in words]
    assert all(a < b for a, b in pairwise(keys)), vietnamese_sorted(words)


# -- the key itself --------------------------------------------------------------------------


@given(st.text())
def test_key_has_only_lowercase_ascii_letters(text: str) -> None:
    assert re.fullmatch("[a-z]*", sort_key(text))


@given(st.text())
def test_key_ignores_normalisation_form(text: str) -> None:
    assert sort_key(nfd(text)) == sort_key(unicodedata.normalize("NFC", text))


def test_key_of_empty_text_sorts_first() -> None:
    assert sort_key("") < sort_key("a")


def test_key_of_a_known_word() -> None:
    # Level 1 codes are "bb" (break), "bc" (number), then a letter at ALPHABET position i
    # gets the pair i + 2 in base 25 over b..z: c (4) "bh", h (11) "bo", ư (27) "cf",
    # s (24) "cc", ê (8) "bl". Level 2: ngang, ngang; level 3: C h ư S ê; level 4: no tones.
    assert sort_key("Chư Sê") == "bhbocfbbccbl" + "a" + "bb" + "a" + "cbbcb" + "a" + "bbbbb"


# -- level 1: letters ------------------------------------------------------------------------


def test_dictionary_words_in_order() -> None:
    assert_in_order(
        [
            *("an", "ăn", "ân", "ba", "bà", "bả", "bã", "bá", "bạ"),
            *("da", "đa", "e", "ê", "o", "ô", "ơ", "u", "ư"),
        ]
    )


def test_alphabet_letters_in_order() -> None:
    assert_in_order(list(ALPHABET))


def test_alphabet_is_the_vietnamese_one_with_fjwz_after_their_neighbours() -> None:
    assert ALPHABET == "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"


def test_unit_names_in_order() -> None:
    names = [
        "Al Bá",
        "Ayun",
        "Bar Măih",
        "Bờ Ngoong",
        "Chư Pơng",
        "Chư Sê",
        "Dun",
        "H Bông",
        "Ia Blang",
        "Ia Glai",
        "Ia HLốp",
        "Ia Ko",
        "Ia Pal",
        "Ia Tiêm",
        "Kông HTok",
    ]
    assert vietnamese_sorted(reversed(names)) == names


def test_letters_compare_one_by_one_without_digraphs() -> None:
    assert_in_order(["cha", "co", "cư"])


def test_d_sorts_before_d_with_stroke() -> None:
    assert_in_order(["dz", "đa", "e"])


def test_a_breve_and_circumflex_are_letters_of_their_own() -> None:
    assert_in_order(["az", "ăa", "âa", "b"])


def test_word_break_sorts_before_any_letter() -> None:
    assert_in_order(["An", "An Khê", "Ana"])


def test_shorter_word_first() -> None:
    assert_in_order(["Ia Ko", "Ia Kông"])


def test_punctuation_breaks_words_like_a_space() -> None:
    assert sort_key("H'Bông") == sort_key("H Bông")


def test_repeated_and_surrounding_whitespace_is_ignored() -> None:
    assert sort_key("  Ia \u00a0 Blang ") == sort_key("Ia Blang")


def test_accented_letters_are_not_case_sensitive_at_level_one() -> None:
    assert_in_order(["ơa", "Ơb", "ơc"])


# -- numbers ---------------------------------------------------------------------------------


def test_numbers_sort_by_value() -> None:
    assert_in_order(["Phường 1", "Phường 2", "Phường 9", "Phường 10", "Phường 100"])


def test_numbers_sort_before_letters() -> None:
    assert_in_order(["Phường 10", "Phường A", "Phường Bến Thành"])


def test_number_then_suffix_sorts_after_the_number() -> None:
    assert_in_order(["Phường 1", "Phường 1A", "Phường 2"])


def test_leading_zeros_do_not_change_the_value() -> None:
    assert_in_order(["Phường 1", "Phường 01", "Phường 2"])


def test_leading_zeros_still_give_a_distinct_key() -> None:
    assert sort_key("Phường 01") != sort_key("Phường 1")


def test_long_numbers_sort_by_value() -> None:
    assert_in_order(["9" * 30, "1" + "0" * 30, "1" + "0" * 700])


# -- level 2: tones --------------------------------------------------------------------------


def test_tones_in_order_ngang_huyen_hoi_nga_sac_nang() -> None:
    assert_in_order(["ma", "mà", "mả", "mã", "má", "mạ"])


def test_letters_decide_before_tones() -> None:
    assert_in_order(["bạ", "bác", "bàn"])


def test_tone_placement_styles_tie_at_level_two() -> None:
    assert_in_order(["hoa", "hoà", "hòa", "hoả"])


def test_tone_placement_styles_still_differ() -> None:
    assert sort_key("hoà") != sort_key("hòa")


def test_tones_compare_syllable_by_syllable() -> None:
    assert_in_order(["ba ba", "ba bà", "bà ba"])


# -- level 3: case ---------------------------------------------------------------------------


def test_lower_case_sorts_before_upper_case() -> None:
    assert_in_order(["an", "An", "AN"])


def test_tone_decides_before_case() -> None:
    assert_in_order(["An", "àn"])


def test_case_of_d_with_stroke() -> None:
    assert_in_order(["đa", "Đa"])


# -- other characters ------------------------------------------------------------------------


def test_other_scripts_sort_after_vietnamese_letters() -> None:
    assert_in_order(["z", "ñ", "Ω", "中"])


def test_non_vietnamese_accents_sort_after_vietnamese_letters() -> None:
    assert_in_order(["uz", "ü"])


def test_unknown_combining_marks_keep_keys_distinct() -> None:
    assert sort_key("a\u0308") != sort_key("a")


# -- properties against a reference on structured Vietnamese text ----------------------------


@dataclass(frozen=True)
class Letter:
    index: int
    tone: int
    upper: bool

    def render(self) -> str:
        letter = ALPHABET[self.index].upper() if self.upper else ALPHABET[self.index]
        return unicodedata.normalize("NFC", letter + TONE_MARKS[self.tone])


Word = tuple[Letter, ...] | str  # letters, or a run of digits


def render(words: list[Word]) -> str:
    return " ".join(w if isinstance(w, str) else "".join(x.render() for x in w) for w in words)


def reference(words: list[Word]) -> tuple[object, ...]:
    """The dictionary order spelled out with tuples, to check the letter encoding against."""
    primary: list[tuple[object, ...]] = []
    tones: list[int] = []
    cases: list[int] = []
    placement: list[int] = []
    for position, word in enumerate(words):
        if position:
            primary.append((0,))
        if isinstance(word, str):
            value = word.lstrip("0")
            primary.append((1, len(value), value))
            cases.append(len(word) - len(value))
            continue
        primary.extend((2, letter.index) for letter in word)
        tones.append(next((letter.tone for letter in word if letter.tone), 0))
        cases.extend(int(letter.upper) for letter in word)
        placement.extend(letter.tone for letter in word)
    return tuple(primary), tuple(tones), tuple(cases), tuple(placement)


def words_strategy(indexes: list[int], digits: str) -> st.SearchStrategy[Word]:
    letter = st.builds(
        lambda index, tone, upper: Letter(index, tone if ALPHABET[index] in VOWELS else 0, upper),
        st.sampled_from(indexes),
        st.integers(min_value=0, max_value=5),
        st.booleans(),
    )
    return st.one_of(
        st.lists(letter, min_size=1, max_size=4).map(tuple),
        st.text(alphabet=digits, min_size=1, max_size=4),
    )


small_words = words_strategy([0, 1, 2, 5, 6, 18], "019")  # a ă â d đ o; few digits
full_words = words_strategy(list(range(len(ALPHABET))), "0123456789")
texts = st.lists(st.one_of(small_words, full_words), max_size=4)
close_texts = st.lists(small_words, max_size=3)


@given(close_texts, close_texts)
def test_order_matches_the_reference_on_similar_texts(a: list[Word], b: list[Word]) -> None:
    ka, kb = sort_key(render(a)), sort_key(render(b))
    ra, rb = reference(a), reference(b)
    assert ((ka > kb) - (ka < kb)) == ((ra > rb) - (ra < rb))


@given(texts, texts)
def test_order_matches_the_reference(a: list[Word], b: list[Word]) -> None:
    ka, kb = sort_key(render(a)), sort_key(render(b))
    ra, rb = reference(a), reference(b)
    assert ((ka > kb) - (ka < kb)) == ((ra > rb) - (ra < rb))


@given(close_texts, close_texts)
def test_equal_keys_exactly_for_equal_texts(a: list[Word], b: list[Word]) -> None:
    assert (sort_key(render(a)) == sort_key(render(b))) == (render(a) == render(b))


@given(close_texts, st.sampled_from([" ", "  ", "'", " - ", "\u00a0", ", "]))
def test_any_word_break_gives_the_same_key(words: list[Word], gap: str) -> None:
    text = render(words)
    assert sort_key(text.replace(" ", gap)) == sort_key(text)


@given(st.text(), st.text())
def test_equal_keys_for_texts_equal_after_normalising(a: str, b: str) -> None:
    if normalize(a) == normalize(b):
        assert sort_key(a) == sort_key(b)


@given(st.lists(st.text(), max_size=8), st.randoms())
def test_sorted_order_does_not_depend_on_input_order(items: list[str], rnd: Random) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert [sort_key(x) for x in vietnamese_sorted(shuffled)] == sorted(map(sort_key, items))


# -- vietnamese_sorted -----------------------------------------------------------------------


def test_vietnamese_sorted_sorts_strings() -> None:
    assert vietnamese_sorted(["đa", "da", "ăn", "an"]) == ["an", "ăn", "da", "đa"]


def test_vietnamese_sorted_with_a_key() -> None:
    units = [("b", "Ơ"), ("a", "Ô"), ("c", "O")]
    assert vietnamese_sorted(units, key=lambda unit: unit[1]) == [
        ("c", "O"),
        ("a", "Ô"),
        ("b", "Ơ"),
    ]


def test_vietnamese_sorted_in_reverse() -> None:
    assert vietnamese_sorted(["a", "đ", "d"], reverse=True) == ["đ", "d", "a"]


def test_vietnamese_sorted_is_stable_for_equal_keys() -> None:
    assert vietnamese_sorted(["H'Bông", "H Bông", "H-Bông"]) == ["H'Bông", "H Bông", "H-Bông"]


def test_vietnamese_sorted_accepts_any_iterable() -> None:
    assert vietnamese_sorted(iter(("b", "a"))) == ["a", "b"]
