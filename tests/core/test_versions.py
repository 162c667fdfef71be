"""Module data versions (core/versions.py): what is cached under a module's version is computed
once between two writes of that module, again after one, and separately for every key part
(the scope, the role, the unit); nothing is cached before the module's first write or with the
cache off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.functional import SimpleLazyObject

from dieuhanh.core.scope import Scope
from dieuhanh.core.versions import data_bump, data_bump_once, data_cached, data_version
from dieuhanh.orgunits.models import OrgUnit
from tests.conftest import unit_on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_a_module_has_version_zero_before_its_first_write() -> None:
    assert data_version("m") == 0


def test_a_bump_moves_the_version() -> None:
    data_bump("m")
    first = data_version("m")
    data_bump("m")
    assert 0 != first != data_version("m")


def test_an_entry_is_computed_once_between_two_writes() -> None:
    data_bump("m")
    compute = Counter()
    values = [data_cached(("m",), ("card",), compute) for _ in range(3)]
    assert (values, compute.calls) == ([1, 1, 1], 1)


def test_a_renamed_unit_computes_it_again() -> None:
    unit_on("23962")  # the units of the test database
    data_bump("m")
    compute = Counter()
    data_cached(("m",), ("card",), compute)
    OrgUnit.objects.filter(code="23962").update(name="Xã Đổi Tên")  # the trigger's version
    assert data_cached(("m",), ("card",), compute) == 2


def test_a_write_of_the_module_computes_it_again() -> None:
    data_bump("m")
    compute = Counter()
    data_cached(("m",), ("card",), compute)
    data_bump("m")
    assert data_cached(("m",), ("card",), compute) == 2


def test_a_write_of_another_module_keeps_the_entry() -> None:
    data_bump("m")
    data_bump("other")
    compute = Counter()
    data_cached(("m",), ("card",), compute)
    data_bump("other")
    assert data_cached(("m",), ("card",), compute) == 1


def test_another_scope_is_another_entry() -> None:
    data_bump("m")
    compute = Counter()
    district = Scope(view_paths=("/64:20040101/633:20040101/",))
    commune = Scope(view_paths=("/64:20040101/633:20040101/23962:20040101/",))
    data_cached(("m",), ("card", district), compute)
    assert data_cached(("m",), ("card", commune), compute) == 2


def test_nothing_is_cached_before_the_modules_first_write() -> None:
    compute = Counter()
    data_cached(("m",), ("card",), compute)
    assert data_cached(("m",), ("card",), compute) == 2


@override_settings(DIEUHANH_FIGURES_CACHE=False)
def test_nothing_is_cached_with_the_cache_off() -> None:
    data_bump("m")
    compute = Counter()
    data_cached(("m",), ("card",), compute)
    assert data_cached(("m",), ("card",), compute) == 2


def _bumps(queries: CaptureQueriesContext) -> int:
    return sum("core_dataversion" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_moves_a_module_once() -> None:
    from django.db import connection

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        data_bump_once("m")
        data_bump_once("m")
        data_bump_once("other")
    assert _bumps(queries) == 2


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_does_not_spare_the_next_one_its_bump() -> None:
    def write_then_fail() -> None:
        with transaction.atomic():
            data_bump_once("m")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert data_version("m") == 0  # the bump went with the transaction
    with transaction.atomic():
        data_bump_once("m")
    assert data_version("m") != 0


@pytest.mark.django_db(transaction=True)
def test_a_savepoint_rolled_back_does_not_spare_the_outer_transaction_its_bump() -> None:
    with transaction.atomic():
        try:
            with transaction.atomic():
                data_bump_once("m")
                raise RuntimeError
        except RuntimeError:
            pass
        data_bump_once("m")
    assert data_version("m") != 0


@pytest.mark.django_db(transaction=True)  # a real transaction: in a savepoint every write bumps
def test_a_write_after_a_cached_read_in_the_same_transaction_moves_the_version() -> None:
    with transaction.atomic():
        data_bump_once("m")
        compute = Counter()
        data_cached(("m",), ("card",), compute)
        data_bump_once("m")  # a second write, after the read
        assert data_cached(("m",), ("card",), compute) == 2


def test_a_lazy_scope_is_keyed_by_the_scope_it_holds() -> None:
    # An unevaluated lazy object's repr names its function's address, which another request's
    # lazy scope may reuse.
    data_bump("m")
    compute = Counter()
    everything = Scope.everything()
    data_cached(("m",), ("card", SimpleLazyObject(lambda: everything)), compute)
    assert data_cached(("m",), ("card", everything), compute) == 1
