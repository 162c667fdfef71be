"""The client's address behind trusted proxies (core/net.client_address)."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import RequestFactory
from pytest_django.fixtures import Settings

from dieuhanh.core.net import client_address


def _request(remote: str, forwarded: str | None = None) -> HttpRequest:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_trusted_proxies_the_header_is_ignored(settings: Settings) -> None:
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_from_a_trusted_proxy_the_client_is_the_forwarded_address(settings: Settings) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(_request("127.0.0.1", "198.51.100.1")) == "198.51.100.1"


def test_a_forged_left_part_of_the_header_is_not_believed(settings: Settings) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    address = client_address(_request("127.0.0.1", "10.9.9.9, 198.51.100.1"))
    assert address == "198.51.100.1"


def test_a_request_not_from_a_trusted_proxy_keeps_its_own_address(settings: Settings) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_proxies_named_as_a_network_are_skipped(settings: Settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request("10.0.0.2", "198.51.100.1, 10.0.0.7")) == "198.51.100.1"


@pytest.mark.parametrize("header", ["", "not-an-address"])
def test_an_empty_or_garbled_header_gives_the_proxy(settings: Settings, header: str) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(_request("127.0.0.1", header)) == "127.0.0.1"
