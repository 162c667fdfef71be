"""`core.counters.cache_count`: a counter in the Django cache that concurrent requests raise
without losing a hit, in the local-memory cache and in the database cache that several nodes
share."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from pytest_django.fixtures import Settings

from dieuhanh.core.counters import cache_count


def test_a_counter_counts_from_one() -> None:
    caches["default"].clear()
    assert [cache_count("c:test", timeout=60) for _ in range(3)] == [1, 2, 3]


@pytest.fixture
def database_cache(settings: Settings, transactional_db: None) -> Iterator[str]:
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dieuhanh_counter_test_cache",
        },
    }
    call_command("createcachetable", "dieuhanh_counter_test_cache")
    caches["shared"].clear()
    yield "shared"
    caches["shared"].clear()


def test_a_database_cache_counter_counts_from_one(database_cache: str) -> None:
    assert [cache_count("c:test", timeout=60, alias=database_cache) for _ in range(3)] == [1, 2, 3]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL in the test pass"
)
def test_concurrent_hits_on_a_database_cache_counter_are_all_counted(database_cache: str) -> None:
    threads, hits = 6, 25
    seen: list[int] = []
    lock = threading.Lock()

    def hit() -> None:
        try:
            mine = [cache_count("c:burst", timeout=60, alias=database_cache) for _ in range(hits)]
            with lock:
                seen.extend(mine)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=hit) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sorted(seen) == list(range(1, threads * hits + 1))


def test_a_database_cache_counter_keeps_its_own_timeout(database_cache: str) -> None:
    """Django's database cache `incr` writes with the default 300 s: a 600-s window's counter
    would vanish half-way and the limit start again at 0."""
    cache_count("c:long", timeout=600, alias=database_cache)
    cache_count("c:long", timeout=600, alias=database_cache)
    table = connection.ops.quote_name("dieuhanh_counter_test_cache")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {table}")
        (expires,) = cursor.fetchone()
    if timezone.is_naive(expires):  # SQLite: stored in UTC without the zone
        expires = expires.replace(tzinfo=datetime.UTC)
    left = (expires - timezone.now()).total_seconds()
    assert left > 500
