"""The `dieuhanh` command as a user runs it: separate processes against a demo database."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dieuhanh import cli
from dieuhanh.demo.services import DEMO_ACCOUNTS


def dieuhanh(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dieuhanh.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_demo_prints_the_logins_and_is_idempotent(demo_env: dict[str, str]) -> None:
    result = dieuhanh(demo_env, "demo", "--no-serve")
    assert result.returncode == 0
    assert "0 units, 0 accounts and 0 values created" in result.stdout
    assert all(a.username in result.stdout for a in DEMO_ACCOUNTS)


def test_demo_makes_the_database_cache_tables(demo_env: dict[str, str]) -> None:
    """Several nodes share the database cache: the demo traces a case through its trace cache,
    so `demo` makes the cache's tables before it loads (the cluster's start failed on this)."""
    result = dieuhanh({**demo_env, "DIEUHANH_CACHE": "database"}, "demo", "--no-serve")
    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(Path(demo_env["DIEUHANH_VAR_DIR"]) / "dieuhanh.sqlite3") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"dieuhanh_cache", "dieuhanh_trace_cache"} <= tables


def test_show_json_prints_one_document(demo_env: dict[str, str]) -> None:
    result = dieuhanh(demo_env, "orgunits", "show", "633", "--on", "2021-07-01", "--json")
    body = json.loads(result.stdout)
    assert (body["code"], body["kind"], body["parent"], len(body["children"])) == (
        "633",
        "district",
        "64",
        15,
    )


def test_show_resolves_a_reused_code_by_date(demo_env: dict[str, str]) -> None:
    result = dieuhanh(demo_env, "orgunits", "show", "23941", "--on", "2025-07-01", "--json")
    body = json.loads(result.stdout)
    assert (body["name"], body["valid_from"], len(body["predecessors"])) == (
        "Xã Chư Sê",
        "2025-07-01",
        5,
    )


def test_show_lists_successors_with_date_and_basis(demo_env: dict[str, str]) -> None:
    result = dieuhanh(demo_env, "orgunits", "show", "23968", "--on", "2021-07-01", "--json")
    successor = json.loads(result.stdout)["successors"][0]
    assert (successor["code"], successor["date"], successor["basis"]) == (
        "23971",
        "2025-07-01",
        "1664/NQ-UBTVQH15",
    )


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("orgunits", "show", "99999", "--json"), "99999"),
        (("orgunits", "show", "64", "--on", "1990-01-01", "--json"), "1990-01-01"),
        (("orgunits", "show", "64", "--on", "2021-13-01"), "YYYY-MM-DD"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(
    demo_env: dict[str, str], args: tuple[str, ...], needle: str
) -> None:
    result = dieuhanh(demo_env, *args)
    assert result.returncode != 0 and result.stdout == ""
    assert needle in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_users_add_then_token_then_api(demo_env: dict[str, str]) -> None:
    added = dieuhanh(
        demo_env,
        "users",
        "add",
        "canbo.iako",
        "--role",
        "data_officer",
        "--capture",
        "23977",
        "--on",
        "2021-07-01",
        "--password-stdin",
        stdin="Ia-Ko@2021!\n",
    )
    token = dieuhanh(demo_env, "users", "token", "canbo.iako")
    assert added.returncode == 0 and token.stdout.strip().startswith("dh_")


def test_users_add_refuses_a_weak_password(demo_env: dict[str, str]) -> None:
    result = dieuhanh(
        demo_env,
        "users",
        "add",
        "yeu",
        "--role",
        "viewer",
        "--view",
        "64",
        "--on",
        "2021-07-01",
        "--password-stdin",
        stdin="123\n",
    )
    again = dieuhanh(demo_env, "users", "token", "yeu")
    assert result.returncode != 0 and again.returncode != 0


def test_users_add_refuses_an_unknown_unit(demo_env: dict[str, str]) -> None:
    result = dieuhanh(
        demo_env,
        "users",
        "add",
        "ai.do",
        "--role",
        "viewer",
        "--view",
        "99999",
        "--password-stdin",
        stdin="Ia-Ko@2021!\n",
    )
    assert result.returncode != 0 and "99999" in result.stderr


def test_demo_refuses_a_database_with_real_users(demo_env: dict[str, str]) -> None:
    dieuhanh(
        demo_env,
        "users",
        "add",
        "that.nguoi",
        "--role",
        "viewer",
        "--view",
        "64",
        "--on",
        "2021-07-01",
        "--password-stdin",
        stdin="Ia-Ko@2021!\n",
    )
    refused = dieuhanh(demo_env, "demo", "--no-serve")
    forced = dieuhanh(demo_env, "demo", "--no-serve", "--force")
    assert refused.returncode != 0 and "--force" in refused.stderr and forced.returncode == 0


# Modules a read command must not load (issue 20: `dieuhanh` took ~1.8 s, most of it importing
# every API module through the URL checks): the URLconf, the API and its libraries, the admin.
HEAVY = (
    "dieuhanh.config.urls",
    "dieuhanh.config.api",
    "ninja",
    "pydantic",
    "openpyxl",
    "docx",
    "dieuhanh.outbreak.admin",
    "dieuhanh.indicators.admin",
)

_LOADED = (
    "import sys; from dieuhanh.cli import main; main(sys.argv[1:]); "
    "print(); print('LOADED', *sorted(sys.modules))"
)


def _loaded(env: dict[str, str], *args: str) -> list[str]:
    """Which of HEAVY are in memory after `dieuhanh ARGS` ran in one process."""
    result = subprocess.run(
        [sys.executable, "-c", _LOADED, *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("LOADED ")
    modules = line.split()[1:]
    return [h for h in HEAVY if any(m == h or m.startswith(h + ".") for m in modules)]


def test_periods_show_loads_no_pages_api_or_admin(demo_env: dict[str, str]) -> None:
    assert _loaded(demo_env, "periods", "show", "2021S1") == []


def test_orgunits_show_loads_no_pages_api_or_admin(demo_env: dict[str, str]) -> None:
    assert _loaded(demo_env, "orgunits", "show", "633", "--on", "2021-07-01") == []


def test_values_loads_no_pages_api_or_admin(demo_env: dict[str, str]) -> None:
    assert _loaded(demo_env, "values", "--unit", "633", "--period", "2021S1") == []


def test_read_commands_start_without_the_admin_and_axes(demo_env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _LOADED, "periods", "show", "2021S1"],
        env=demo_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    modules = result.stdout.strip().splitlines()[-1].split()[1:]
    assert not [m for m in modules if m.startswith(("django.contrib.admin", "axes"))]


def test_the_lean_flag_does_not_outlive_the_command(db: None) -> None:
    cli.main(["periods", "show", "2021S1"])
    assert "DIEUHANH_LEAN_CONSOLE" not in os.environ


def test_check_still_discovers_the_admin(demo_env: dict[str, str]) -> None:
    """Django's own commands keep the admin (its checks read the registrations)."""
    assert "dieuhanh.outbreak.admin" in _loaded(demo_env, "check")
