"""The standby router and its read-your-writes rule (dieuhanh.core.replica).

The database side (LSNs) is replaced here; tests/cluster/ checks it against a real standby."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from dieuhanh.accounts.models import User
from dieuhanh.core import replica
from dieuhanh.indicators.models import DataValue

factory = RequestFactory()


def _view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


marked_view = replica.reads_from_replica(lambda request: HttpResponse("ok"))


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def standby(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A standby that has replayed up to `replayed` (an int position), and is reachable."""
    state: dict[str, Any] = {"replayed": 10, "up": True, "primary": 12}
    monkeypatch.setattr(
        replica, "replica_has_replayed", lambda lsn: state["up"] and state["replayed"] >= int(lsn)
    )
    monkeypatch.setattr(replica, "replica_available", lambda: state["up"])
    monkeypatch.setattr(replica, "primary_lsn", lambda: str(state["primary"]))
    return state


def _get(path: str = "/", authorization: str | None = None) -> HttpRequest:
    if authorization is None:
        return factory.get(path)
    return factory.get(path, HTTP_AUTHORIZATION=authorization)


def _with_session(request: HttpRequest, key: str = "abc") -> HttpRequest:
    request.COOKIES["sessionid"] = key
    return request


def test_router_reads_from_the_primary_by_default() -> None:
    assert replica.ReplicaRouter().db_for_read(DataValue) == "default"


def test_router_reads_from_the_standby_in_a_marked_request() -> None:
    token = replica._reading_replica.set(True)
    try:
        assert replica.ReplicaRouter().db_for_read(DataValue) == "replica"
    finally:
        replica._reading_replica.reset(token)


def test_router_reads_users_from_the_primary_even_in_a_marked_request() -> None:
    token = replica._reading_replica.set(True)
    try:
        assert replica.ReplicaRouter().db_for_read(User) == "default"
    finally:
        replica._reading_replica.reset(token)


def test_router_writes_to_the_primary_in_a_marked_request() -> None:
    token = replica._reading_replica.set(True)
    try:
        assert replica.ReplicaRouter().db_for_write(DataValue) == "default"
    finally:
        replica._reading_replica.reset(token)


def test_router_migrates_the_primary_only() -> None:
    router = replica.ReplicaRouter()
    assert (
        router.allow_migrate("default", "indicators"),
        router.allow_migrate("replica", "x"),
    ) == (
        True,
        False,
    )


def test_unmarked_view_reads_from_the_primary(standby: dict[str, Any]) -> None:
    assert replica.choose_replica(_with_session(_get()), _view) is False


def test_marked_view_reads_from_the_standby(standby: dict[str, Any]) -> None:
    assert replica.choose_replica(_with_session(_get()), marked_view) is True


def test_marked_view_posted_to_reads_from_the_primary(standby: dict[str, Any]) -> None:
    assert replica.choose_replica(_with_session(factory.post("/")), marked_view) is False


def test_marked_api_path_reads_from_the_standby(standby: dict[str, Any]) -> None:
    request = _get("/api/values?unit=633&period=2021S1", authorization="Bearer t")
    assert replica.choose_replica(request, _view) is True


def test_unreachable_standby_sends_reads_to_the_primary(standby: dict[str, Any]) -> None:
    standby["up"] = False
    assert replica.choose_replica(_with_session(_get()), marked_view) is False


def _write(key: str = "abc") -> None:
    replica.ReplicaMiddleware.remember_write(_with_session(factory.post("/"), key))


def test_after_a_write_the_standby_behind_it_is_not_read(standby: dict[str, Any]) -> None:
    _write()  # the primary is at 12, the standby at 10
    assert replica.choose_replica(_with_session(_get()), marked_view) is False


def test_after_a_write_the_standby_that_replayed_it_is_read(standby: dict[str, Any]) -> None:
    _write()
    standby["replayed"] = 12
    assert replica.choose_replica(_with_session(_get()), marked_view) is True


def test_another_session_s_write_does_not_hold_this_one_back(standby: dict[str, Any]) -> None:
    _write("someone-else")
    assert replica.choose_replica(_with_session(_get(), "abc"), marked_view) is True


def test_an_api_token_s_write_holds_its_own_reads_back(standby: dict[str, Any]) -> None:
    replica.ReplicaMiddleware.remember_write(factory.post("/", HTTP_AUTHORIZATION="Bearer t"))
    request = _get("/api/values", authorization="Bearer t")
    assert replica.choose_replica(request, _view) is False


def test_client_key_does_not_store_the_token_itself() -> None:
    key = replica.client_key(_get(authorization="Bearer secret-token"))
    assert key is not None and "secret-token" not in key


def test_anonymous_client_has_no_key() -> None:
    assert replica.client_key(_get()) is None


def test_middleware_is_left_out_without_a_replica() -> None:
    from django.core.exceptions import MiddlewareNotUsed

    get_response: Callable[[HttpRequest], HttpResponse] = _view
    with pytest.raises(MiddlewareNotUsed):
        replica.ReplicaMiddleware(get_response)
