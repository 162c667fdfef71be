"""The client's network address behind trusted reverse proxies (địa chỉ mạng của người dùng).

Behind nginx every request comes from the proxy's address, so a limit per address would count
all citizens of a province as one. The proxy passes the client in `X-Forwarded-For`; that
header is believed only when the request comes from a proxy named in
`DIEUHANH_TRUSTED_PROXIES` (addresses or networks, comma-separated), since anyone can send it.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(s, strict=False) for s in spec)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in n for n in networks)


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or — when that is a trusted proxy — the right-most address of
    X-Forwarded-For that is not a trusted proxy itself (the left part is what the client
    claims and may be forged)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = [a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not _trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:  # garbage in the header: stop at the last proxy we trust
                return remote
    return remote
