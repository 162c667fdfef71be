"""The two database passes of the suite (`make test-sqlite`, `make test-pg`).

The PostgreSQL pass (`DIEUHANH_TEST_PASS=postgresql`, set by the Makefile) runs the tests whose
code reaches a database through Django — they use the test database (`django_db`, `db`,
`transactional_db`, `live_server`) — and those marked `postgres`, which drive a PostgreSQL
server of their own (served sites, backups). The rest use no database, or their own SQLite file
in a child process (the demo for the console, `serve`, report files): they give the same result
on both passes, so they run once, in the SQLite pass, and are reported as deselected here.
"""

from __future__ import annotations

import os

import pytest

DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def uses_a_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return (
        item.get_closest_marker("django_db") is not None
        or item.get_closest_marker("postgres") is not None
        or bool(DATABASE_FIXTURES & fixtures)
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres: drives a PostgreSQL server itself (kept in the PostgreSQL pass)"
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("DIEUHANH_TEST_PASS") != "postgresql":
        return
    kept = [item for item in items if uses_a_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if not uses_a_database(i)])
        items[:] = kept
