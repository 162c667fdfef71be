"""Data quality on save (indicators/services/values.py, selectors/quality.py): a negative
revenue refused, a flagged value saved only with a comment and kept with its flags, the
follow-up list."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied
from dieuhanh.indicators.models import DataValue, Indicator
from dieuhanh.indicators.selectors.quality import (
    field_neighbours,
    field_quality,
    flagged_values,
)
from dieuhanh.indicators.services.values import Entry, FormInvalid, QualityUnconfirmed
from dieuhanh.periods import parse_period
from tests.conftest import MakeUser, unit_on
from tests.indicators.conftest import Put
from tests.indicators.factories import JAN, record


def _revenue(catalogue: dict[str, Indicator], text: str, comment: str | None = "") -> Entry:
    return Entry(catalogue["THU_NSNN"], None, text, "actual", comment, None)


def test_a_negative_revenue_is_refused(officer: User, catalogue: dict[str, Indicator]) -> None:
    with pytest.raises(FormInvalid):
        record(officer, catalogue, _revenue(catalogue, "-5"))
    assert not DataValue.objects.exists()


def test_a_negative_revenue_is_refused_even_with_a_comment(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    with pytest.raises(FormInvalid):
        record(officer, catalogue, _revenue(catalogue, "-5", "hoàn thuế"))
    assert not DataValue.objects.exists()


def test_a_negative_value_is_saved_where_the_indicator_allows_it(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    Indicator.objects.filter(code="THU_NSNN").update(may_be_negative=True)
    catalogue["THU_NSNN"].refresh_from_db()
    record(officer, catalogue, _revenue(catalogue, "-5"))
    assert DataValue.objects.get().value == -5


def test_a_value_above_max_without_a_comment_is_refused(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    catalogue["THU_NSNN"].max_value = Decimal(100)
    catalogue["THU_NSNN"].save()
    with pytest.raises(FormInvalid) as caught:
        record(officer, catalogue, _revenue(catalogue, "150"))
    assert isinstance(caught.value.errors[0].error, QualityUnconfirmed)


def test_a_value_above_max_with_a_comment_is_saved_with_its_flag(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    catalogue["THU_NSNN"].max_value = Decimal(100)
    catalogue["THU_NSNN"].save()
    record(officer, catalogue, _revenue(catalogue, "150", "thu tiền đất"))
    assert DataValue.objects.values_list("flags", "comment").get() == (
        "above_max",
        "thu tiền đất",
    )


def test_33_times_last_year_needs_a_comment(
    officer: User, catalogue: dict[str, Indicator], put: Put
) -> None:
    put("THU_NSNN", "23962", "202001", "36.83")
    with pytest.raises(FormInvalid):
        record(officer, catalogue, _revenue(catalogue, "1.234,5"))


def test_an_unchanged_flagged_value_saves_again_without_a_new_comment(
    officer: User, catalogue: dict[str, Indicator], put: Put
) -> None:
    put("THU_NSNN", "23962", "202001", "36.83")
    record(officer, catalogue, _revenue(catalogue, "1.234,5", "đúng"))
    record(officer, catalogue, Entry(catalogue["THU_NSNN"], None, "1.234,5", "estimate", None, 1))
    assert DataValue.objects.get(period="202101").status == "estimate"


def test_a_corrected_value_loses_its_flag(
    officer: User, catalogue: dict[str, Indicator], put: Put
) -> None:
    put("THU_NSNN", "23962", "202001", "36.83")
    record(officer, catalogue, _revenue(catalogue, "1.234,5", "đúng"))
    record(officer, catalogue, Entry(catalogue["THU_NSNN"], None, "40", "actual", "", 1))
    assert DataValue.objects.get(period="202101").flags == ""


def test_field_quality_gives_the_previous_period_and_last_year(
    catalogue: dict[str, Indicator], put: Put
) -> None:
    put("THU_NSNN", "23962", "202012", "12")
    put("THU_NSNN", "23962", "202001", "10")
    put("THU_NSNN", "23962", "2020", "300")  # a year is not a month's history
    quality = field_quality(
        unit=unit_on("23962"), period=JAN, fields=[(catalogue["THU_NSNN"], None)]
    )[(catalogue["THU_NSNN"].pk, None)]
    assert (quality.previous, quality.last_year) == (Decimal(12), Decimal(10))


def test_field_neighbours_gives_the_previous_period_and_last_year(
    catalogue: dict[str, Indicator], put: Put
) -> None:
    put("THU_NSNN", "23962", "202012", "12")
    put("THU_NSNN", "23962", "202001", "10")
    put("THU_NSNN", "23962", "2020", "300")  # a year is neither
    neighbours = field_neighbours(
        unit=unit_on("23962"), period=JAN, fields=[(catalogue["THU_NSNN"], None)]
    )
    assert neighbours[(catalogue["THU_NSNN"].pk, None)] == (Decimal(12), Decimal(10))


def test_field_neighbours_of_a_field_without_history_are_empty(
    catalogue: dict[str, Indicator], put: Put
) -> None:
    put("THU_NSNN", "23962", "202012", "12")
    fields = [(catalogue["THU_NSNN"], None), (catalogue["NTM_XA"], None)]
    neighbours = field_neighbours(unit=unit_on("23962"), period=JAN, fields=fields)
    assert neighbours[(catalogue["NTM_XA"].pk, None)] == (None, None)


def test_the_follow_up_list_shows_a_flagged_value_to_the_district_leader(
    officer: User, leader: User, catalogue: dict[str, Indicator], put: Put
) -> None:
    put("THU_NSNN", "23962", "202001", "36.83")
    record(officer, catalogue, _revenue(catalogue, "1.234,5", "đúng"))
    rows = flagged_values(
        scope=user_scope(user=leader), unit=unit_on("633"), period=parse_period("2021S1")
    )
    assert [(r.unit.code, r.period, r.comment) for r in rows] == [("23962", "202101", "đúng")]


def test_the_follow_up_list_of_another_commune_is_refused(
    make_user: MakeUser, catalogue: dict[str, Indicator]
) -> None:
    other = make_user(role=Role.DATA_OFFICER, capture=("23966",))
    with pytest.raises(AccessDenied):
        flagged_values(
            scope=user_scope(user=other), unit=unit_on("23962"), period=parse_period("2021S1")
        )
