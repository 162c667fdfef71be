"""Values typed into a form (indicators/services/values.py): the Vietnamese way, versions and
conflicts, bad values all reported, blanks delete, scope and role, the form's periods and
units."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import cast

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, ValidationFailed
from dieuhanh.indicators.models import DataValue, DataValueChange, DisaggregationOption, Indicator
from dieuhanh.indicators.services.values import (
    Entry,
    FormInvalid,
    ValueConflict,
    check_unit_period,
    values_record,
)
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from dieuhanh.periods import parse_period
from tests.conftest import MakeUser, unit_on
from tests.indicators.factories import record, revenue


def test_a_value_typed_the_vietnamese_way_is_stored(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "1.234,5"))
    assert DataValue.objects.get(unit=unit_on("23962"), period="202101").value == Decimal("1234.5")


def test_every_save_is_in_the_history(officer: User, catalogue: dict[str, Indicator]) -> None:
    record(officer, catalogue, revenue(catalogue, "1,5"))
    record(officer, catalogue, revenue(catalogue, "2", version=1))
    changes = list(
        DataValueChange.objects.order_by("id").values_list("action", "old_value", "new_value")
    )
    assert changes == [("create", None, Decimal("1.5")), ("update", Decimal("1.5"), Decimal("2"))]


def test_an_update_raises_the_version(officer: User, catalogue: dict[str, Indicator]) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    record(officer, catalogue, revenue(catalogue, "2", version=1))
    assert DataValue.objects.get().version == 2


def test_a_stale_save_is_a_conflict_with_both_values(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    record(officer, catalogue, revenue(catalogue, "2", version=1))
    with pytest.raises(ValueConflict) as exc:
        record(officer, catalogue, revenue(catalogue, "3", version=1))
    # ValueConflict.as_dict()["conflicts"] is a list of one dict per conflicting value
    conflicts = cast(list[dict[str, object]], exc.value.as_dict()["conflicts"])
    assert conflicts[0] | {} == {
        "indicator": "THU_NSNN",
        "option": None,
        "theirs": "2",
        "yours": "3",
        "version": 2,
    }


def test_a_conflict_saves_nothing(officer: User, catalogue: dict[str, Indicator]) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    record(officer, catalogue, revenue(catalogue, "2", version=1))
    with pytest.raises(ValueConflict):
        record(officer, catalogue, revenue(catalogue, "3", version=1))
    assert DataValue.objects.get().value == 2


def test_a_value_created_meanwhile_is_a_conflict(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    with pytest.raises(ValueConflict):
        record(officer, catalogue, revenue(catalogue, "5", version=None))


def test_saving_the_same_value_again_is_no_conflict(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    record(officer, catalogue, revenue(catalogue, "2", version=1))
    record(officer, catalogue, revenue(catalogue, "2", version=1))
    assert DataValue.objects.get().version == 2


def test_a_stale_save_that_would_overwrite_a_comment_is_a_conflict(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    confirmed = Entry(catalogue["THU_NSNN"], None, "1", "actual", "Đã kiểm tra với Chi cục Thuế", 1)
    record(officer, catalogue, confirmed)
    with pytest.raises(ValueConflict):
        record(officer, catalogue, revenue(catalogue, "1", version=1))  # the page before it


def test_bad_values_are_all_reported_and_nothing_is_saved(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    current = DisaggregationOption.objects.get(code="CURRENT")
    with pytest.raises(FormInvalid) as exc:
        record(
            officer,
            catalogue,
            revenue(catalogue, "7"),
            Entry(catalogue["GTSX"], current, "1.23"),
            Entry(catalogue["TY_LE_HO_NGHEO"], None, "120"),
        )
    assert len(exc.value.errors) == 2 and not DataValue.objects.exists()


def test_an_english_decimal_point_is_refused_in_both_languages(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    with pytest.raises(FormInvalid) as exc:
        record(officer, catalogue, revenue(catalogue, "1.23"))
    assert exc.value.render("vi") != exc.value.render("en")


def test_a_blank_value_deletes_and_keeps_the_history(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    record(officer, catalogue, revenue(catalogue, "", version=1))
    assert (
        not DataValue.objects.exists()
        and DataValueChange.objects.filter(action="delete").count() == 1
    )


def test_an_officer_cannot_write_a_sibling_commune(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    with pytest.raises(AccessDenied):
        record(officer, catalogue, revenue(catalogue, "1"), unit="23966")
    assert not DataValue.objects.exists()


def test_a_viewer_cannot_write_even_in_scope(
    make_user: MakeUser, catalogue: dict[str, Indicator]
) -> None:
    viewer = make_user(role=Role.VIEWER, view=("23962",))
    with pytest.raises(AccessDenied):
        record(viewer, catalogue, revenue(catalogue, "1"))


def test_a_period_before_the_unit_existed_is_refused(
    make_user: MakeUser, catalogue: dict[str, Indicator]
) -> None:
    from tests.conftest import AFTER

    officer = make_user(role=Role.DATA_OFFICER, capture=("23941",), on=AFTER)
    with pytest.raises(ValidationFailed):
        values_record(
            actor=officer,
            scope=user_scope(user=officer),
            unit=unit_on("23941", AFTER),
            period=parse_period("202501"),
            entries=[revenue(catalogue, "1")],
        )


def test_a_form_is_entered_for_periods_of_its_type(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    with pytest.raises(ValidationFailed):
        record(officer, catalogue, revenue(catalogue, "1"), period=parse_period("2021S1"))
    assert not DataValue.objects.exists()


def test_a_form_is_entered_by_units_of_its_level(
    leader: User, catalogue: dict[str, Indicator]
) -> None:
    with pytest.raises(ValidationFailed):
        record(leader, catalogue, revenue(catalogue, "1"), unit="633")


def test_more_than_six_decimals_are_refused(officer: User, catalogue: dict[str, Indicator]) -> None:
    with pytest.raises(FormInvalid):
        record(officer, catalogue, revenue(catalogue, "1,1234567"))


def test_saving_without_a_comment_keeps_the_stored_one(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    record(
        officer,
        catalogue,
        Entry(catalogue["THU_NSNN"], None, "1", "actual", "theo báo cáo thuế", None),
    )
    record(officer, catalogue, Entry(catalogue["THU_NSNN"], None, "2", "actual", None, 1))
    assert DataValue.objects.get().comment == "theo báo cáo thuế"


def test_a_stale_status_change_is_a_conflict(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    record(officer, catalogue, revenue(catalogue, "1", version=1, status="estimate"))
    with pytest.raises(ValueConflict):
        record(officer, catalogue, revenue(catalogue, "1", version=1, status="actual"))


def test_a_value_of_2016_is_stored_on_the_unit_of_the_oldest_tree(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    """Before the oldest snapshot the tree is assumed (issue 17): a 2016–2020 plan's data can
    be kept."""
    record(officer, catalogue, revenue(catalogue, "55,16"), period=parse_period("201606"))
    stored = DataValue.objects.get(unit=unit_on("23962"), period="201606")
    assert stored.value == Decimal("55.16")


# A period's values belong to the version in force on its last day (UnitPolicy.IN_PERIOD).


def _version(code: str, on: datetime.date) -> OrgUnit:
    return OrgUnit.objects.get(valid_on_q(on), code=code)


@pytest.mark.django_db
def test_a_year_is_entered_on_the_version_in_force_at_its_end() -> None:
    """Huyện Hà Quảng re-formed on 2021-02-03 (approximately): its 2021 belongs to it."""
    check_unit_period(_version("045", datetime.date(2021, 12, 31)), parse_period("2021"))


@pytest.mark.django_db
def test_a_year_is_refused_on_a_version_that_ended_within_it() -> None:
    with pytest.raises(ValidationFailed):
        check_unit_period(_version("045", datetime.date(2021, 1, 1)), parse_period("2021"))


@pytest.mark.django_db
def test_a_month_before_the_change_is_entered_on_the_earlier_version() -> None:
    check_unit_period(_version("045", datetime.date(2021, 1, 1)), parse_period("202101"))


@pytest.mark.django_db
def test_the_half_year_of_the_reform_is_refused_on_the_new_commune() -> None:
    with pytest.raises(ValidationFailed):
        check_unit_period(_version("23941", datetime.date(2025, 7, 1)), parse_period("2025S1"))


@pytest.mark.django_db
def test_a_year_goes_to_a_unit_ended_within_it_when_its_code_has_no_later_version() -> None:
    """Huyện Chư Sê (633) ended on 30 June 2025 and no 633 follows: its 2025 is its own, as the
    reports read it (IN_PERIOD)."""
    check_unit_period(_version("633", datetime.date(2025, 1, 1)), parse_period("2025"))


@pytest.mark.django_db
def test_a_year_is_refused_on_a_version_whose_code_continues_at_its_end() -> None:
    with pytest.raises(ValidationFailed):
        check_unit_period(_version("23941", datetime.date(2025, 1, 1)), parse_period("2025"))
