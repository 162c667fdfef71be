"""PostgreSQL only: timestamps with time zone are read by psycopg's C parser (core/pg_types.py),
with the value Django's own loader gives: an aware datetime in UTC."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from dieuhanh.core import pg_types
from dieuhanh.core.models import AuditEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL connections"),
]


def test_the_connection_reads_timestamps_with_the_fast_loader(db: None) -> None:
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(1184, 0)  # timestamptz, text
    assert loader is pg_types._LOADER


def test_a_timestamp_reads_back_as_the_same_instant_in_utc(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT '2021-07-01 03:04:05.123456+07'::timestamptz")
        (value,) = cursor.fetchone()
    assert value == datetime.datetime(2021, 6, 30, 20, 4, 5, 123456, tzinfo=datetime.UTC)
    assert value.tzinfo is datetime.UTC


def test_a_model_timestamp_round_trips(db: None) -> None:
    event = AuditEvent.objects.create(action="test.pg_types", object_repr="x")
    assert AuditEvent.objects.get(pk=event.pk).at == event.at
