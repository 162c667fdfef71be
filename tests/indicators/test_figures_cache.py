"""Cached figures (indicators/figures_cache.py): the figures version moves with every write of
the running totals, of the catalogue and of the targets, so a cached review table is never read
after a save ("save → the district total moves" with the cache on)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.memo import read_memo
from dieuhanh.indicators.figures_cache import figures_bump, figures_cached, figures_version
from dieuhanh.indicators.models import Indicator
from dieuhanh.indicators.rollups import rollup_rebuild
from dieuhanh.indicators.selectors.review import review_table, review_table_cached
from dieuhanh.indicators.selectors.rules import rule_violations
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import parse_period
from tests.conftest import MakeUser, unit_on
from tests.indicators.conftest import MakeTarget, Put
from tests.indicators.factories import ALL, S1, record, revenue


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(make_user: MakeUser) -> User:
    return make_user(role=Role.DATA_OFFICER, capture=("23962",))


def _district_revenue() -> Decimal | None:
    table = review_table_cached(unit=unit_on("633"), period=S1, scope=ALL)
    return next(r.value for r in table.rows if r.indicator.code == "THU_NSNN")


def test_a_save_moves_the_cached_district_total(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "5"))
    assert _district_revenue() == 5
    record(officer, catalogue, revenue(catalogue, "7", version=1))
    assert _district_revenue() == 7


def test_a_read_between_saves_is_served_from_the_cache(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "5")
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert figures_cached(("probe",), compute) == 1
    assert figures_cached(("probe",), compute) == 1
    assert calls == [1]


def test_a_save_makes_the_next_read_compute_again(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "5")
    calls: list[int] = []
    figures_cached(("probe",), lambda: calls.append(1))
    put("THU_NSNN", "23965", "202101", "5")
    figures_cached(("probe",), lambda: calls.append(1))
    assert calls == [1, 1]


def test_a_renamed_unit_makes_the_next_read_compute_again(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "5")
    calls: list[int] = []
    figures_cached(("probe",), lambda: calls.append(1))
    OrgUnit.objects.filter(code="23962").update(name="Xã Đổi Tên")  # the trigger's version
    figures_cached(("probe",), lambda: calls.append(1))
    assert calls == [1, 1]


def test_a_save_moves_the_figures_version(officer: User, catalogue: dict[str, Indicator]) -> None:
    before = figures_version()
    record(officer, catalogue, revenue(catalogue, "5"))
    assert figures_version() != before


def test_a_stored_value_through_the_running_totals_moves_the_version(put: Put) -> None:
    before = figures_version()
    put("THU_NSNN", "23962", "202101", "5")
    assert figures_version() != before


def test_a_renamed_indicator_moves_the_version(catalogue: dict[str, Indicator]) -> None:
    before = figures_version()
    catalogue["THU_NSNN"].name_vi = "Thu ngân sách"
    catalogue["THU_NSNN"].save()
    assert figures_version() != before


def test_a_new_target_moves_the_version(target: MakeTarget) -> None:
    before = figures_version()
    target("THU_NSNN", "633", "2021", "100")
    assert figures_version() != before


def test_a_rebuild_of_the_running_totals_moves_the_version(db: None) -> None:
    before = figures_version()
    rollup_rebuild()
    assert figures_version() != before


def test_the_first_version_is_not_a_small_counter(put: Put) -> None:
    """A random start: a rolled-back or restored database does not meet another state's
    cached figures under the same number."""
    put("THU_NSNN", "23962", "202101", "5")
    assert figures_version() > 1000


@override_settings(DIEUHANH_FIGURES_CACHE=False)
def test_the_cache_can_be_switched_off(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "5")
    calls: list[int] = []
    figures_cached(("probe",), lambda: calls.append(1))
    figures_cached(("probe",), lambda: calls.append(1))
    assert calls == [1, 1]


def test_the_year_of_the_period_is_part_of_the_key(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "5")
    put("THU_NSNN", "23962", "202001", "3")
    first = review_table_cached(unit=unit_on("633"), period=S1, scope=ALL)
    last_year = review_table_cached(unit=unit_on("633"), period=parse_period("2020S1"), scope=ALL)
    assert first.period.code != last_year.period.code


def test_nothing_is_cached_before_the_first_write(db: None) -> None:
    """Version 0 is every empty database's: an entry under it could belong to another one."""
    calls: list[int] = []
    figures_cached(("probe",), lambda: calls.append(1))
    figures_cached(("probe",), lambda: calls.append(1))
    assert calls == [1, 1]


class _SaveFailed(Exception):
    pass


def _bump_then_fail() -> int:
    with transaction.atomic():
        figures_bump()
        seen = figures_version()
        raise _SaveFailed(seen)


@pytest.mark.django_db
def test_a_rolled_back_bump_is_not_given_again() -> None:
    figures_bump()
    with pytest.raises(_SaveFailed) as failed:
        _bump_then_fail()
    rolled_back = failed.value.args[0]
    figures_bump()
    assert figures_version() not in (rolled_back, 0)


def test_within_a_read_memo_the_version_is_read_once(
    put: Put, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    put("THU_NSNN", "23962", "202101", "5")
    with read_memo():
        first = figures_version()
        with django_assert_num_queries(0):
            assert figures_version() == first


def test_a_save_between_two_requests_moves_the_version_the_second_reads(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "5")
    with read_memo():
        first = figures_version()
    put("THU_NSNN", "23965", "202101", "5")
    with read_memo():
        assert figures_version() != first


def test_within_a_read_memo_the_rule_checks_read_the_figures_of_the_table(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "5")
    with read_memo():
        review_table(unit=unit_on("633"), period=S1, scope=ALL)
        with CaptureQueriesContext(connection) as queries:
            rule_violations(unit=unit_on("633"), period=S1, scope=ALL)
    assert not [q for q in queries if "valuerollup" in q["sql"].lower()]


def test_outside_a_read_memo_the_figures_are_read_again(put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "5")
    review_table(unit=unit_on("633"), period=S1, scope=ALL)
    with CaptureQueriesContext(connection) as queries:
        rule_violations(unit=unit_on("633"), period=S1, scope=ALL)
    assert [q for q in queries if "valuerollup" in q["sql"].lower()]
