"""Counters in the Django cache that concurrent requests on several nodes may raise at once
(the check-in page's rate limits).

`cache.incr` is atomic in the local-memory cache (a lock) and in Redis (INCR), but Django's
database cache reads the value and writes it back: two requests that read together both write
n + 1 and one hit is lost, so a burst passes a limit. Here the database cache's read and write
run in one transaction that holds the row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the
IMMEDIATE transaction mode of our settings already takes the write lock at BEGIN), and the
write keeps the counter's own timeout."""

from __future__ import annotations

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


def cache_count(name: str, *, timeout: int, alias: str = "default") -> int:
    """Add one to the counter `name` (created at 0, living `timeout` seconds) and return it."""
    cache = caches[alias]
    cache.add(name, 0, timeout=timeout)
    if not isinstance(cache, DatabaseCache):
        return _incr(cache, name, timeout)
    db = router.db_for_write(cache.cache_model_class)
    connection = connections[db]
    with transaction.atomic(using=db):
        if connection.features.has_select_for_update:
            table = connection.ops.quote_name(cache.cache_model_class._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608
                    [cache.make_and_validate_key(name)],
                )
        # Read and written back here, not by `incr`: the database cache's `incr` writes with the
        # default timeout (300 s), which would end a 600-s window's counter half-way.
        value = int(cache.get(name) or 0) + 1
        cache.set(name, value, timeout=timeout)
        return value


def _incr(cache: BaseCache, name: str, timeout: int) -> int:
    try:
        return int(cache.incr(name))
    except ValueError:  # expired between add and incr: this is the window's first
        cache.set(name, 1, timeout=timeout)
        return 1
