"""DATABASE_URL with several hosts (libpq failover) and with one."""

from __future__ import annotations

from dieuhanh.config import dburl

MULTI = "postgres://dieuhanh@10.0.0.1:5432,10.0.0.2:5433/dieuhanh?target_session_attrs=read-write"


def test_multi_host_url_lists_hosts_for_libpq() -> None:
    config = dburl.parse(MULTI)
    assert config["HOST"] == "10.0.0.1,10.0.0.2"


def test_multi_host_url_lists_ports_in_the_same_order() -> None:
    assert dburl.parse(MULTI)["PORT"] == "5432,5433"


def test_multi_host_url_keeps_target_session_attrs() -> None:
    assert dburl.parse(MULTI)["OPTIONS"]["target_session_attrs"] == "read-write"


def test_multi_host_url_checks_a_kept_connection_before_use() -> None:
    assert dburl.parse(MULTI)["CONN_HEALTH_CHECKS"] is True


def test_multi_host_url_times_out_each_host() -> None:
    assert dburl.parse(MULTI)["OPTIONS"]["connect_timeout"] == dburl.MULTI_HOST_CONNECT_TIMEOUT


def test_multi_host_url_without_ports_leaves_the_default() -> None:
    assert dburl.parse("postgres://u@h1,h2/db")["PORT"] == ""


def test_multi_host_url_with_one_port_fills_the_default_for_the_other() -> None:
    assert dburl.parse("postgres://u@h1:6432,h2/db")["PORT"] == "6432,5432"


def test_multi_host_url_keeps_user_password_and_name() -> None:
    config = dburl.parse("postgres://u:secret@[::1]:5432,h2:5432/db")
    assert (config["USER"], config["PASSWORD"], config["NAME"], config["HOST"]) == (
        "u",
        "secret",
        "db",
        "::1,h2",
    )


def test_single_host_url_is_dj_database_url_s() -> None:
    config = dburl.parse("postgres://u@h:5432/db", conn_max_age=60)
    assert (config["HOST"], config["PORT"], config["CONN_MAX_AGE"]) == ("h", 5432, 60)
