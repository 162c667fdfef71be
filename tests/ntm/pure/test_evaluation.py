"""The pure rules (ntm/pure/evaluation.py): an indicator against its target (≥ vs >, ≤,
percentages, yes/no), a criterion from its indicators or the appraisal, recognitions on a date,
closest and most missing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.ntm.pure.evaluation import (
    CommuneScore,
    Kind,
    Op,
    RecognitionSpan,
    Source,
    Status,
    Target,
    check_value,
    closest_to_standard,
    criterion_status,
    indicator_met,
    levels_on,
    most_missing,
    recognised_count,
)

PCT_GE_90 = Target(Kind.PERCENT, Op.GE, Decimal(90))
PCT_GT_90 = Target(Kind.PERCENT, Op.GT, Decimal(90))
PCT_LE_10 = Target(Kind.PERCENT, Op.LE, Decimal(10))
PCT_LT_10 = Target(Kind.PERCENT, Op.LT, Decimal(10))
YES = Target(Kind.YES_NO)
UNKNOWN = Target(Kind.PERCENT, Op.GE, None)


def test_at_least_is_met_exactly_at_the_threshold() -> None:
    assert indicator_met(PCT_GE_90, Decimal("90")) is True


def test_at_least_is_not_met_just_below() -> None:
    assert indicator_met(PCT_GE_90, Decimal("89.99")) is False


def test_more_than_is_not_met_at_the_threshold() -> None:
    assert indicator_met(PCT_GT_90, Decimal("90")) is False


def test_more_than_is_met_just_above() -> None:
    assert indicator_met(PCT_GT_90, Decimal("90.01")) is True


def test_at_most_is_met_at_the_threshold() -> None:
    assert indicator_met(PCT_LE_10, Decimal("10")) is True


def test_less_than_is_not_met_at_the_threshold() -> None:
    assert indicator_met(PCT_LT_10, Decimal("10")) is False


def test_yes_no_target_met_by_yes() -> None:
    assert indicator_met(YES, True) is True


def test_yes_no_target_missed_by_no() -> None:
    assert indicator_met(YES, False) is False


def test_a_number_does_not_answer_a_yes_no_target() -> None:
    assert indicator_met(YES, Decimal(1)) is None


def test_an_unknown_threshold_cannot_be_judged() -> None:
    assert indicator_met(UNKNOWN, Decimal(100)) is None


def test_a_missing_value_cannot_be_judged() -> None:
    assert indicator_met(PCT_GE_90, None) is None


def test_percentage_above_100_is_refused() -> None:
    assert check_value(Kind.PERCENT, Decimal("100.1")) is not None


def test_percentage_of_100_is_accepted() -> None:
    assert check_value(Kind.PERCENT, Decimal(100)) is None


def test_criterion_met_when_every_indicator_meets_its_target() -> None:
    outcome = criterion_status([(PCT_GE_90, Decimal(90)), (YES, True)])
    assert (outcome.status, outcome.source) == (Status.MET, Source.COMPUTED)


def test_one_missed_indicator_is_enough_for_not_met_even_if_appraised_met() -> None:
    outcome = criterion_status([(PCT_GE_90, Decimal(89)), (UNKNOWN, None)], declared=True)
    assert (outcome.status, outcome.source) == (Status.NOT_MET, Source.COMPUTED)


def test_unknown_target_falls_back_to_the_appraisal() -> None:
    outcome = criterion_status([(PCT_GE_90, Decimal(95)), (UNKNOWN, Decimal(5))], declared=True)
    assert (outcome.status, outcome.source) == (Status.MET, Source.DECLARED)


def test_without_values_or_appraisal_there_is_no_data() -> None:
    assert criterion_status([(PCT_GE_90, None)]).status is Status.NO_DATA


def test_a_criterion_without_indicators_takes_the_appraisal() -> None:
    assert criterion_status([], declared=False).status is Status.NOT_MET


@given(st.decimals(min_value=0, max_value=100, places=2), st.decimals(0, 100, places=2))
def test_at_least_agrees_with_the_comparison(value: Decimal, threshold: Decimal) -> None:
    target = Target(Kind.PERCENT, Op.GE, threshold)
    assert indicator_met(target, value) is (value >= threshold)


D = datetime.date


def test_a_recognition_holds_from_its_decision_date() -> None:
    assert RecognitionSpan("a", 1, D(2021, 4, 8)).holds_on(D(2021, 4, 8))


def test_a_recognition_does_not_hold_the_day_before() -> None:
    assert not RecognitionSpan("a", 1, D(2021, 4, 8)).holds_on(D(2021, 4, 7))


def test_a_revoked_recognition_stops_on_the_revocation_date() -> None:
    span = RecognitionSpan("a", 1, D(2019, 1, 1), D(2021, 3, 1))
    assert (span.holds_on(D(2021, 2, 28)), span.holds_on(D(2021, 3, 1))) == (True, False)


def test_count_on_a_date_counts_units_once_at_their_highest_level() -> None:
    spans = [
        RecognitionSpan("a", 1, D(2018, 1, 1)),
        RecognitionSpan("a", 2, D(2020, 1, 1)),
        RecognitionSpan("b", 1, D(2021, 1, 1), D(2021, 6, 1)),
        RecognitionSpan("c", 1, D(2022, 1, 1)),
    ]
    assert (recognised_count(spans, D(2021, 7, 1)), levels_on(spans, D(2021, 7, 1))) == (
        1,
        {"a": 2},
    )


def test_closest_skips_recognised_and_orders_by_fewest_missing() -> None:
    scores = [
        CommuneScore("Xã B", "b", 15, 19, False),
        CommuneScore("Xã A", "a", 13, 19, False),
        CommuneScore("Xã C", "c", 19, 19, True),
        CommuneScore("Xã D", "d", 15, 19, False),
    ]
    assert [s.name for s in closest_to_standard(scores)] == ["Xã B", "Xã D", "Xã A"]


def test_most_missing_orders_by_count_then_by_the_set_order() -> None:
    missing = [("10. Thu nhập", "010"), ("2. Giao thông", "002"), ("10. Thu nhập", "010")]
    missing += [("17. Môi trường", "017")]
    assert most_missing(missing) == [
        ("10. Thu nhập", 2),
        ("2. Giao thông", 1),
        ("17. Môi trường", 1),
    ]
