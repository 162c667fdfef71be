"""DATABASE_URL → Django's DATABASES entry, with libpq's multi-host form for failover.

`postgres://user@10.0.0.1:5432,10.0.0.2:5432/dieuhanh?target_session_attrs=read-write` names
the primary and its standby; libpq (through psycopg 3) tries them in order and keeps the first
that accepts writes, so after the standby is promoted and the old primary stopped the next
connection reaches the new primary without a configuration change. dj-database-url reads a
single host:port only (it fails on the ports of a list), so the list is taken apart here and
handed to Django as HOST="h1,h2", PORT="p1,p2", which psycopg passes to libpq as they are.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dj_database_url

# libpq's connect_timeout applies to each host in turn: a stopped primary whose address still
# answers fails at once (connection refused); one that does not answer is skipped after this.
MULTI_HOST_CONNECT_TIMEOUT = 3


def _host_port(item: str) -> tuple[str, str]:
    if item.startswith("["):  # [::1]:5432
        host, _, rest = item[1:].partition("]")
        return host, rest.removeprefix(":")
    host, _, port = item.partition(":")
    return host, port


def parse(url: str, *, conn_max_age: int = 60) -> dict[str, Any]:
    """The DATABASES entry of a database URL (one host, or a comma-separated list of hosts)."""
    parts = urlsplit(url)
    userinfo, at, hosts_text = parts.netloc.rpartition("@")
    if "," not in hosts_text:
        return dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    hosts = [_host_port(item) for item in hosts_text.split(",") if item]
    host0 = f"[{hosts[0][0]}]" if ":" in hosts[0][0] else hosts[0][0]
    first = urlunsplit(parts._replace(netloc=f"{userinfo}{at}{host0}"))
    config: dict[str, Any] = dict(dj_database_url.parse(first, conn_max_age=conn_max_age))
    config["HOST"] = ",".join(host for host, _ in hosts)
    if any(port for _, port in hosts):
        config["PORT"] = ",".join(port or "5432" for _, port in hosts)
    options = dict(config.get("OPTIONS") or {})
    options.setdefault("connect_timeout", MULTI_HOST_CONNECT_TIMEOUT)
    config["OPTIONS"] = options
    # A kept connection to a server that has gone (failover) is found dead before a request
    # uses it, and a new one is opened through the list.
    config["CONN_HEALTH_CHECKS"] = True
    return config
