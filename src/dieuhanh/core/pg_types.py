"""PostgreSQL: read `timestamp with time zone` columns with psycopg's C parser.

Django registers its own loader for timestamptz, a Python subclass of psycopg's pure-Python
loader, so every `created_at`/`updated_at` read is parsed in Python (a third of the time of
reading 218 units into models, issue 21). When the connection's time zone is UTC (Django's
setting for the connection whenever the database's TIME_ZONE is unset, as here), psycopg's C
loader returns the same value, an aware datetime in UTC; this loader delegates to it and keeps
the `timezone` attribute Django's cursor checks.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

UTC = datetime.UTC


def _utc_loader() -> type[Any] | None:
    try:
        from psycopg import adapters
        from psycopg.adapt import Loader
        from psycopg.types.datetime import TimestamptzLoader
    except ImportError:  # psycopg 2, or no PostgreSQL driver at all
        return None
    fast: type[Any] = adapters._get_optimised(TimestamptzLoader)  # C when psycopg-binary
    if fast is TimestamptzLoader:
        return None  # no C implementation: Django's loader is as good

    class UtcTimestamptzLoader(Loader):
        timezone = UTC  # what django.db.backends.postgresql compares with its own

        def __init__(self, oid: int, context: Any = None) -> None:
            super().__init__(oid, context)
            self._fast = fast(oid, context)

        def load(self, data: Any) -> datetime.datetime:
            value: datetime.datetime = self._fast.load(data)
            return value if value.tzinfo is UTC else value.astimezone(UTC)

    return UtcTimestamptzLoader


_LOADER = _utc_loader()


def use_fast_timestamptz(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """On each new PostgreSQL connection whose time zone is UTC."""
    if _LOADER is None or connection.vendor != "postgresql" or connection.timezone is not UTC:
        return
    connection.connection.adapters.register_loader("timestamptz", _LOADER)


connection_created.connect(use_fast_timestamptz, dispatch_uid="dieuhanh-fast-timestamptz")
