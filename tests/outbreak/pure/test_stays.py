"""Stays and the window of a trace (outbreak/pure/stays.py): overlaps, a missing check-out,
local midnight two days before onset, trace columns."""

from __future__ import annotations

import datetime

from dieuhanh.outbreak.pure.stays import (
    DEFAULT_STAY,
    TraceColumns,
    TraceExposure,
    local_midnight,
    overlap,
    stay_end,
    window_start,
)


def test_touching_intervals_do_not_overlap() -> None:
    assert overlap(0, 10, 10, 20) is None


def test_overlap_is_from_the_later_start_to_the_earlier_end() -> None:
    assert overlap(0, 10, 5, 20) == (5, 10)


def test_one_second_of_common_time_is_an_overlap() -> None:
    assert overlap(0, 10, 9, 20) == (9, 10)


def test_missing_check_out_lasts_sixty_minutes() -> None:
    assert stay_end(1000, None) == 1000 + 60 * 60 == 1000 + DEFAULT_STAY


def test_window_starts_at_local_midnight_two_days_before_onset() -> None:
    start = window_start(onset=datetime.date(2021, 7, 10), sampled_on=datetime.date(2021, 7, 12))
    # 2021-07-08 00:00 +07:00 is 2021-07-07 17:00 UTC
    expected = datetime.datetime(2021, 7, 7, 17, 0, tzinfo=datetime.UTC)
    assert start == int(expected.timestamp())


def test_window_uses_sampling_date_without_onset() -> None:
    start = window_start(onset=None, sampled_on=datetime.date(2021, 7, 12))
    assert start == local_midnight(datetime.date(2021, 7, 10))


def test_trace_columns_rows_read_a_slice() -> None:
    exposures = [TraceExposure(1, 10, 2, 9, 20, 1), TraceExposure(2, 30, 4, 7, 40, 2)]
    columns = TraceColumns.of(exposures)
    assert (columns.size, columns.rows(1, 2)) == (2, exposures[1:])
