"""`unit_resolve`: which version of a unit code a caller means (codes are reused across the
2025 reform), by named policy, and the refusals every policy shares."""

from __future__ import annotations

import datetime

import pytest
from pytest_django import DjangoAssertNumQueries

from dieuhanh.core.errors import AccessDenied, NotFound, ValidationFailed
from dieuhanh.core.memo import read_memo
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.periods import parse_period
from tests.conftest import AFTER, BEFORE, unit_on

ALL = Scope.everything()
REFORM = datetime.date(2025, 7, 1)
LATER = datetime.date(2026, 3, 1)

pytestmark = pytest.mark.django_db


def test_by_default_the_code_means_the_version_valid_on_the_day() -> None:
    assert unit_resolve(code="23941", on=BEFORE, scope=ALL).valid_to is not None


def test_after_the_reform_the_same_code_is_the_new_commune() -> None:
    assert unit_resolve(code="23941", on=AFTER, scope=ALL).valid_from == REFORM


def test_a_period_is_reported_on_the_unit_it_ended_with() -> None:
    unit = unit_resolve(
        code="23941", on=parse_period("2025S2"), scope=ALL, policy=UnitPolicy.IN_PERIOD
    )
    assert unit.valid_from == REFORM


def test_the_first_half_of_2025_is_still_the_township() -> None:
    unit = unit_resolve(
        code="23941", on=parse_period("2025S1"), scope=ALL, policy=UnitPolicy.IN_PERIOD
    )
    assert unit.valid_to == REFORM - datetime.timedelta(days=1)


def test_a_unit_abolished_within_a_period_is_found_at_the_period_start() -> None:
    unit = unit_resolve(code="633", on=parse_period("2025"), scope=ALL, policy=UnitPolicy.IN_PERIOD)
    assert unit.code == "633"


def test_on_a_period_the_default_policy_wants_the_unit_at_its_end() -> None:
    with pytest.raises(NotFound):
        unit_resolve(code="633", on=parse_period("2025"), scope=ALL)


def test_an_abolished_district_is_its_last_version_later_on() -> None:
    unit = unit_resolve(code="633", on=LATER, scope=ALL, policy=UnitPolicy.LATEST_BEFORE)
    assert unit.valid_to == REFORM - datetime.timedelta(days=1)


def test_an_abolished_district_is_not_valid_later_on() -> None:
    with pytest.raises(NotFound):
        unit_resolve(code="633", on=LATER, scope=ALL)


def test_a_scope_over_the_old_district_gets_the_version_it_sees() -> None:
    old_district = Scope(view_paths=(unit_on("633").path,))
    unit = unit_resolve(
        code="23941", on=LATER, scope=old_district, policy=UnitPolicy.LATEST_VISIBLE
    )
    assert unit.path.startswith(unit_on("633").path)


def test_by_default_that_scope_is_refused_the_new_commune() -> None:
    with pytest.raises(AccessDenied):
        unit_resolve(code="23941", on=LATER, scope=Scope(view_paths=(unit_on("633").path,)))


@pytest.mark.parametrize("policy", list(UnitPolicy))
def test_every_policy_refuses_a_unit_outside_the_scope(policy: UnitPolicy) -> None:
    ia_blang = Scope(view_paths=(unit_on("23962").path,))
    with pytest.raises(AccessDenied):
        unit_resolve(code="633", on=BEFORE, scope=ia_blang, policy=policy)


@pytest.mark.parametrize("policy", list(UnitPolicy))
def test_every_policy_refuses_an_unknown_code(policy: UnitPolicy) -> None:
    with pytest.raises(NotFound):
        unit_resolve(code="99999", on=BEFORE, scope=ALL, policy=policy)


def test_a_day_before_the_data_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        unit_resolve(code="64", on=datetime.date(1990, 1, 1), scope=ALL)


def test_the_code_is_read_without_surrounding_spaces() -> None:
    assert unit_resolve(code=" 633 ", on=BEFORE, scope=ALL).code == "633"


def test_within_a_read_memo_a_unit_version_is_read_once(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with read_memo():
        first = unit_resolve(code="633", on=BEFORE, scope=ALL)
        with django_assert_num_queries(0):
            again = unit_resolve(code="633", on=BEFORE, scope=ALL)
    assert again.pk == first.pk


def test_within_a_read_memo_the_scope_is_still_checked() -> None:
    elsewhere = Scope(view_paths=(unit_on("64").path + "x",))
    with read_memo():
        unit_resolve(code="633", on=BEFORE, scope=ALL)
        with pytest.raises(AccessDenied):
            unit_resolve(code="633", on=BEFORE, scope=elsewhere)


def test_outside_a_read_memo_every_call_reads_the_unit(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with read_memo():
        unit_resolve(code="633", on=BEFORE, scope=ALL)
    with django_assert_num_queries(1):
        unit_resolve(code="633", on=BEFORE, scope=ALL)
