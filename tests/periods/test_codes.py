"""Reporting periods: DHIS2 codes, calendar spans, Decree 09 cut-off windows, navigation."""

import pickle
from datetime import date, timedelta
from itertools import pairwise
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.periods import YEAR_MAX, YEAR_MIN, Period, PeriodError, PeriodKind, parse_period

Y, S, Q, M = PeriodKind.YEAR, PeriodKind.HALF_YEAR, PeriodKind.QUARTER, PeriodKind.MONTH
N9 = PeriodKind.NINE_MONTHS
CALENDAR = list(PeriodKind.calendar_kinds())
"""The kinds that tile the year; the properties below hold for them (nine months: own tests)."""


def p(code: str) -> Period:
    return parse_period(code)


periods = st.sampled_from(CALENDAR).flatmap(
    lambda kind: st.builds(
        Period,
        st.just(kind),
        st.integers(min_value=YEAR_MIN + 1, max_value=YEAR_MAX - 1),
        st.integers(min_value=1, max_value=kind.per_year),
    )
)
days = st.dates(min_value=date(YEAR_MIN, 1, 1), max_value=date(YEAR_MAX, 12, 14))


# -- kinds -----------------------------------------------------------------------------------


def test_kinds_are_declared_largest_first() -> None:
    assert [kind.months for kind in PeriodKind] == [12, 9, 6, 3, 1]


def test_kinds_per_year() -> None:
    assert [kind.per_year for kind in PeriodKind] == [1, 1, 2, 4, 12]


def test_calendar_kinds_leave_out_the_nine_months() -> None:
    assert CALENDAR == [Y, S, Q, M]


# -- parsing and codes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "period"),
    [
        ("2021", Period(Y, 2021)),
        ("2021S1", Period(S, 2021, 1)),
        ("2021S2", Period(S, 2021, 2)),
        ("2021Q3", Period(Q, 2021, 3)),
        ("202106", Period(M, 2021, 6)),
        ("202112", Period(M, 2021, 12)),
        ("1900", Period(Y, 1900)),
        ("2100Q4", Period(Q, 2100, 4)),
    ],
)
def test_parse_period(code: str, period: Period) -> None:
    assert parse_period(code) == period


@pytest.mark.parametrize("code", ["2021s1", "2021q3"])
def test_parse_period_accepts_lower_case_letters(code: str) -> None:
    assert parse_period(code).code == code.upper()


def test_parse_period_strips_whitespace() -> None:
    assert parse_period(" \t2021Q3\n") == Period(Q, 2021, 3)


@pytest.mark.parametrize(
    "code",
    [
        "2021S3",
        "2021S0",
        "2021Q5",
        "2021Q0",
        "202113",
        "202100",
        "21S1",
        "2021-06",
        "",
        "   ",
        "1899",
        "2101",
        "2101Q1",
        "2021H1",
        "2021W1",
        "20211",
        "2021061",
        "2021 Q1",
        "２０２１",
        "2021Q12",
    ],
)
def test_parse_period_refuses_malformed_codes(code: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(code)


@pytest.mark.parametrize("code", ["2021S3", "2021Q5", "202113", "21S1", "2021-06", "", "1899"])
def test_parse_period_error_names_the_accepted_forms_in_both_languages(code: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(code)
    assert "Dạng hợp lệ: 2021 (năm), 2021S1" in caught.value.message_vi
    assert "Accepted forms: 2021 (year), 2021S1" in caught.value.message_en


def test_parse_period_error_says_what_is_wrong_with_a_half_year() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("2021S3")
    assert "S1 và S2" in caught.value.message_vi
    assert "S1 or S2" in caught.value.message_en


def test_parse_period_error_says_the_year_range() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("2101")
    assert "1900 đến 2100" in caught.value.message_vi
    assert "1900 to 2100" in caught.value.message_en


def test_parse_period_refuses_non_text() -> None:
    with pytest.raises(PeriodError):
        parse_period(2021)  # type: ignore[arg-type]  # not a str, on purpose: the refusal is tested


def test_period_error_str_joins_both_languages() -> None:
    assert str(PeriodError("Sai.", "Wrong.")) == "Sai. / Wrong."


def test_period_error_is_a_value_error() -> None:
    assert issubclass(PeriodError, ValueError)


def test_period_error_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(PeriodError("Sai.", "Wrong.")))
    assert str(error) == "Sai. / Wrong."


@pytest.mark.parametrize(
    ("period", "code"),
    [
        (Period(Y, 2021), "2021"),
        (Period(S, 2021, 1), "2021S1"),
        (Period(Q, 2021, 3), "2021Q3"),
        (Period(M, 2021, 6), "202106"),
        (Period(M, 2021, 11), "202111"),
    ],
)
def test_code(period: Period, code: str) -> None:
    assert period.code == code


def test_str_is_the_code() -> None:
    assert str(Period(Q, 2021, 3)) == "2021Q3"


@given(periods)
def test_code_round_trip(period: Period) -> None:
    assert parse_period(period.code) == period


@pytest.mark.parametrize(
    ("kind", "year", "index"),
    [(Y, 2021, 2), (S, 2021, 3), (Q, 2021, 0), (M, 2021, 13), (M, 1899, 1), (Y, 2101, 1)],
)
def test_constructor_refuses_invalid_periods(kind: PeriodKind, year: int, index: int) -> None:
    with pytest.raises(PeriodError):
        Period(kind, year, index)


def test_constructor_refuses_a_kind_that_is_not_a_period_kind() -> None:
    with pytest.raises(PeriodError):
        Period("year", 2021)  # type: ignore[arg-type]  # a str kind, on purpose: refusal tested


def test_periods_are_hashable() -> None:
    assert len({p("2021Q1"), Period(Q, 2021, 1), p("2021Q2")}) == 2


# -- calendar span ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("2021S1", date(2021, 1, 1), date(2021, 6, 30)),
        ("2021S2", date(2021, 7, 1), date(2021, 12, 31)),
        ("2021Q1", date(2021, 1, 1), date(2021, 3, 31)),
        ("2021Q4", date(2021, 10, 1), date(2021, 12, 31)),
        ("202102", date(2021, 2, 1), date(2021, 2, 28)),
        ("202402", date(2024, 2, 1), date(2024, 2, 29)),
        ("190002", date(1900, 2, 1), date(1900, 2, 28)),
        ("200002", date(2000, 2, 1), date(2000, 2, 29)),
    ],
)
def test_start_and_end(code: str, start: date, end: date) -> None:
    assert (p(code).start, p(code).end) == (start, end)


@given(periods)
def test_next_period_starts_the_day_after_the_end(period: Period) -> None:
    assert period.next().start == period.end + timedelta(days=1)


# -- cut-off windows (Decree 09/2019/NĐ-CP) --------------------------------------------------


@pytest.mark.parametrize(
    ("code", "opens", "closes"),
    [
        ("202101", date(2020, 12, 15), date(2021, 1, 14)),
        ("202102", date(2021, 1, 15), date(2021, 2, 14)),
        ("202103", date(2021, 2, 15), date(2021, 3, 14)),
        ("202112", date(2021, 11, 15), date(2021, 12, 14)),
        ("2021Q1", date(2020, 12, 15), date(2021, 3, 14)),
        ("2021Q2", date(2021, 3, 15), date(2021, 6, 14)),
        ("2021Q3", date(2021, 6, 15), date(2021, 9, 14)),
        ("2021Q4", date(2021, 9, 15), date(2021, 12, 14)),
        ("2021S1", date(2020, 12, 15), date(2021, 6, 14)),
        ("2021S2", date(2021, 6, 15), date(2021, 12, 14)),
        ("2021", date(2020, 12, 15), date(2021, 12, 14)),
        ("202403", date(2024, 2, 15), date(2024, 3, 14)),
        ("1900", date(1899, 12, 15), date(1900, 12, 14)),
    ],
)
def test_cutoff_window(code: str, opens: date, closes: date) -> None:
    assert p(code).cutoff_window() == (opens, closes)


@given(periods)
def test_cutoff_windows_follow_each_other_without_gaps(period: Period) -> None:
    assert period.next().cutoff_window()[0] == period.cutoff_window()[1] + timedelta(days=1)


@given(periods, st.sampled_from(CALENDAR))
def test_cutoff_window_is_the_union_of_its_subperiods(period: Period, kind: PeriodKind) -> None:
    if kind.months <= period.kind.months:
        parts = period.subperiods(kind)
        assert (parts[0].cutoff_window()[0], parts[-1].cutoff_window()[1]) == (
            period.cutoff_window()
        )


@pytest.mark.parametrize(
    ("day", "kind", "code"),
    [
        (date(2021, 6, 20), S, "2021S2"),
        (date(2021, 6, 14), S, "2021S1"),
        (date(2021, 6, 15), S, "2021S2"),
        (date(2021, 12, 20), S, "2022S1"),
        (date(2021, 12, 20), Y, "2022"),
        (date(2021, 12, 14), Y, "2021"),
        (date(2021, 12, 15), M, "202201"),
        (date(2021, 1, 14), M, "202101"),
        (date(2021, 1, 15), M, "202102"),
        (date(2021, 3, 15), Q, "2021Q2"),
        (date(2024, 2, 29), M, "202403"),
    ],
)
def test_containing_cutoff(day: date, kind: PeriodKind, code: str) -> None:
    assert Period.containing_cutoff(day, kind) == p(code)


@given(days, st.sampled_from(CALENDAR))
def test_containing_cutoff_window_contains_the_day(day: date, kind: PeriodKind) -> None:
    opens, closes = Period.containing_cutoff(day, kind).cutoff_window()
    assert opens <= day <= closes


def test_containing_cutoff_past_the_last_year_is_refused() -> None:
    with pytest.raises(PeriodError):
        Period.containing_cutoff(date(YEAR_MAX, 12, 20), Y)


# -- containing / contains -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "kind", "code"),
    [
        (date(2021, 6, 30), S, "2021S1"),
        (date(2021, 7, 1), S, "2021S2"),
        (date(2021, 9, 30), Q, "2021Q3"),
        (date(2021, 12, 31), M, "202112"),
        (date(2021, 1, 1), Y, "2021"),
    ],
)
def test_containing(day: date, kind: PeriodKind, code: str) -> None:
    assert Period.containing(day, kind) == p(code)


@given(days, st.sampled_from(CALENDAR))
def test_containing_spans_the_day(day: date, kind: PeriodKind) -> None:
    period = Period.containing(day, kind)
    assert period.start <= day <= period.end


@given(days, st.sampled_from(CALENDAR), st.sampled_from(CALENDAR))
def test_containing_agrees_with_contains(day: date, big: PeriodKind, small: PeriodKind) -> None:
    outer, inner = Period.containing(day, big), Period.containing(day, small)
    assert outer.contains(inner) == (big.months >= small.months)


def test_contains_a_month_of_its_quarter() -> None:
    assert p("2021Q3").contains(p("202108"))


def test_does_not_contain_a_month_of_another_quarter() -> None:
    assert not p("2021Q3").contains(p("202110"))


def test_a_period_contains_itself() -> None:
    assert p("2021S1").contains(p("2021S1"))


def test_a_smaller_period_does_not_contain_a_larger_one() -> None:
    assert not p("202101").contains(p("2021Q1"))


def test_does_not_contain_the_same_period_of_another_year() -> None:
    assert not p("2021").contains(p("2022Q1"))


# -- subperiods / parent ---------------------------------------------------------------------


def test_subperiods_months_of_a_half_year() -> None:
    assert [x.code for x in p("2021S1").subperiods(M)] == [f"2021{m:02d}" for m in range(1, 7)]


def test_subperiods_quarters_of_a_year() -> None:
    assert [x.code for x in p("2021").subperiods(Q)] == ["2021Q1", "2021Q2", "2021Q3", "2021Q4"]


def test_subperiods_quarters_of_the_second_half() -> None:
    assert [x.code for x in p("2021S2").subperiods(Q)] == ["2021Q3", "2021Q4"]


def test_subperiods_of_the_same_kind_is_itself() -> None:
    assert p("2021Q2").subperiods(Q) == [p("2021Q2")]


def test_subperiods_of_a_larger_kind_is_refused() -> None:
    with pytest.raises(PeriodError):
        p("2021Q2").subperiods(S)


@given(periods, st.sampled_from(CALENDAR))
def test_subperiods_cover_the_period_without_gaps(period: Period, kind: PeriodKind) -> None:
    if kind.months <= period.kind.months:
        parts = period.subperiods(kind)
        assert parts[0].start == period.start
        assert parts[-1].end == period.end
        assert all(b.start == a.end + timedelta(days=1) for a, b in pairwise(parts))


@pytest.mark.parametrize(
    ("code", "kind", "parent"),
    [
        ("202108", Q, "2021Q3"),
        ("202108", S, "2021S2"),
        ("202108", Y, "2021"),
        ("2021Q2", S, "2021S1"),
        ("2021Q2", Q, "2021Q2"),
    ],
)
def test_parent(code: str, kind: PeriodKind, parent: str) -> None:
    assert p(code).parent(kind) == p(parent)


def test_parent_of_a_smaller_kind_is_refused() -> None:
    with pytest.raises(PeriodError):
        p("2021Q2").parent(M)


@given(periods, st.sampled_from(CALENDAR))
def test_parent_contains_the_period(period: Period, kind: PeriodKind) -> None:
    if kind.months >= period.kind.months:
        assert period.parent(kind).contains(period)


# -- navigation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "previous", "following"),
    [
        ("2021", "2020", "2022"),
        ("2021S1", "2020S2", "2021S2"),
        ("2021Q1", "2020Q4", "2021Q2"),
        ("2021Q4", "2021Q3", "2022Q1"),
        ("202101", "202012", "202102"),
        ("202112", "202111", "202201"),
    ],
)
def test_previous_and_next(code: str, previous: str, following: str) -> None:
    assert (p(code).previous(), p(code).next()) == (p(previous), p(following))


@given(periods)
def test_next_undoes_previous(period: Period) -> None:
    assert period.previous().next() == period


def test_next_past_the_last_year_is_refused() -> None:
    with pytest.raises(PeriodError):
        p("2100Q4").next()


@pytest.mark.parametrize("code", ["2021", "2021S2", "2021Q3", "202106"])
def test_same_period_last_year(code: str) -> None:
    assert p(code).same_period_last_year().code == code.replace("2021", "2020", 1)


# -- ordering --------------------------------------------------------------------------------


def test_ordering_is_chronological_with_larger_kinds_first() -> None:
    codes = ["2020S2", "2021", "2021S1", "2021Q1", "202101", "202102", "202103", "2021Q2"]
    shuffled = list(codes)
    Random(9).shuffle(shuffled)
    assert [x.code for x in sorted(map(p, shuffled))] == codes


def test_a_year_sorts_before_its_first_month() -> None:
    assert p("2021") < p("202101")


def test_december_sorts_before_the_next_year() -> None:
    assert p("202012") < p("2021")


def test_comparison_operators_agree() -> None:
    a, b = p("2021Q2"), p("202104")
    assert (a < b, a <= b, a > b, a >= b) == (True, True, False, False)


def test_a_period_is_not_less_than_itself() -> None:
    assert not p("2021Q2") < p("2021Q2")


def test_comparing_with_another_type_is_refused() -> None:
    with pytest.raises(TypeError):
        assert p("2021") < "2022"


@given(periods, periods)
def test_ordering_follows_start_dates(a: Period, b: Period) -> None:
    if a.start != b.start:
        assert (a < b) == (a.start < b.start)


@given(periods, periods)
def test_ordering_is_consistent_with_equality(a: Period, b: Period) -> None:
    assert ((a <= b) and (b <= a)) == (a == b)


# -- labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("2021", "năm 2021", "2021"),
        ("2021S1", "6 tháng đầu năm 2021", "first half of 2021"),
        ("2021S2", "6 tháng cuối năm 2021", "second half of 2021"),
        ("2021Q1", "quý I năm 2021", "Q1 2021"),
        ("2021Q2", "quý II năm 2021", "Q2 2021"),
        ("2021Q3", "quý III năm 2021", "Q3 2021"),
        ("2021Q4", "quý IV năm 2021", "Q4 2021"),
        ("202101", "tháng 1 năm 2021", "January 2021"),
        ("202106", "tháng 6 năm 2021", "June 2021"),
        ("202112", "tháng 12 năm 2021", "December 2021"),
    ],
)
def test_labels(code: str, vi: str, en: str) -> None:
    assert (p(code).label_vi(), p(code).label_en()) == (vi, en)


def test_label_defaults_to_vietnamese() -> None:
    assert p("2021Q3").label() == "quý III năm 2021"


@pytest.mark.parametrize(("lang", "label"), [("vi", "tháng 6 năm 2021"), ("en", "June 2021")])
def test_label_by_language(lang: str, label: str) -> None:
    assert p("202106").label(lang) == label


@pytest.mark.parametrize("lang", ["en-US", "en_GB", "EN"])
def test_label_ignores_region_and_case(lang: str) -> None:
    assert p("202106").label(lang) == "June 2021"


def test_label_refuses_an_unknown_language() -> None:
    with pytest.raises(PeriodError):
        p("202106").label("fr")


@given(periods)
def test_month_labels_never_pad_with_zero(period: Period) -> None:
    assert "tháng 0" not in period.label_vi()


# -- nine months (9 tháng đầu năm) -----------------------------------------------------------


def test_nine_months_code_round_trip() -> None:
    assert parse_period("2021n9") == Period(N9, 2021)
    assert Period(N9, 2021).code == "2021N9"


def test_nine_months_span_january_to_september() -> None:
    period = Period(N9, 2021)
    assert (period.start, period.end) == (date(2021, 1, 1), date(2021, 9, 30))


def test_nine_months_labels() -> None:
    assert Period(N9, 2021).label_vi() == "9 tháng đầu năm 2021"
    assert Period(N9, 2021).label_en() == "first nine months of 2021"


def test_nine_months_other_digit_is_refused() -> None:
    with pytest.raises(PeriodError, match="N9"):
        parse_period("2021N6")


def test_nine_months_last_year_and_previous() -> None:
    assert Period(N9, 2021).same_period_last_year() == Period(N9, 2020)
    assert Period(N9, 2021).previous() == Period(N9, 2020)


def test_nine_months_split_into_quarters_and_months() -> None:
    assert [x.code for x in Period(N9, 2021).subperiods(Q)] == ["2021Q1", "2021Q2", "2021Q3"]
    assert len(Period(N9, 2021).subperiods(M)) == 9


def test_nine_months_do_not_split_into_half_years() -> None:
    with pytest.raises(PeriodError):
        Period(N9, 2021).subperiods(S)


def test_a_year_does_not_split_into_nine_months() -> None:
    with pytest.raises(PeriodError):
        Period(Y, 2021).subperiods(N9)


def test_nine_months_contain_the_third_quarter_not_the_fourth() -> None:
    assert p("2021Q3").parent(N9) == Period(N9, 2021)
    with pytest.raises(PeriodError):
        p("2021Q4").parent(N9)


def test_the_second_half_is_not_within_nine_months() -> None:
    with pytest.raises(PeriodError):
        p("2021S2").parent(N9)


def test_no_nine_months_contain_october() -> None:
    with pytest.raises(PeriodError, match="9"):
        Period.containing(date(2021, 10, 1), N9)


def test_nine_months_order_between_the_year_and_the_first_half() -> None:
    assert p("2021") < p("2021N9") < p("2021S1")
