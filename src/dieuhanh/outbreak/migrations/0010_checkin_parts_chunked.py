"""Parts of the check-in store become chunked: a part row per chunk of keys (64 venues × a day,
256 persons × a 64-day span) instead of per key (`outbreak.pure.checkin_chunks`).

Parts an existing store holds are MIGRATED: the per-key part tables are renamed aside, the
chunked tables created, every per-key part read back, packed again as chunk rows (a key's
several parts of one bucket become one run of records) and written, and the old tables dropped.
Blocks are not touched. Going back is refused while chunked parts exist (run
`dieuhanh checkins compact` first): the old tables come back empty.
"""

from django.db import migrations, models

from dieuhanh.outbreak.pure.checkin_blocks import (
    PERSON_BUCKET,
    VENUE_BUCKET,
    pack_person_blocks,
    pack_venue_blocks,
    unpack,
)
from dieuhanh.outbreak.pure.checkin_chunks import (
    PERSON_CHUNK_SHIFT,
    VENUE_CHUNK_SHIFT,
    chunk_blocks,
)

# (old table, new table, old key column, bucket column, bucket seconds, venue side, shift)
_SIDES = (
    (
        "outbreak_checkinvenuepartbykey",
        "outbreak_checkinvenuepart",
        "venue_id",
        "day",
        VENUE_BUCKET,
        True,
        VENUE_CHUNK_SHIFT,
    ),
    (
        "outbreak_checkinpersonpartbykey",
        "outbreak_checkinpersonpart",
        "person_id",
        "span",
        PERSON_BUCKET,
        False,
        PERSON_CHUNK_SHIFT,
    ),
)

_KEYS_PER_BATCH = 16_384  # whole chunks (a multiple of 256 and 64)


def _chunk_old_parts(apps, schema_editor):  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        for old, new, key_col, bucket_col, seconds, venue_side, shift in _SIDES:
            cursor.execute(f"SELECT MIN({key_col}), MAX({key_col}) FROM {old}")  # noqa: S608
            low, high = cursor.fetchone()
            if low is None:
                continue
            lo = (int(low) >> shift) << shift
            while lo <= int(high):
                hi = lo + _KEYS_PER_BATCH - 1
                cursor.execute(
                    f"SELECT {key_col}, {bucket_col}, data FROM {old} "  # noqa: S608
                    f"WHERE {key_col} BETWEEN %s AND %s ORDER BY {key_col}, {bucket_col}, id",
                    [lo, hi],
                )
                found = [(int(k), int(b), bytes(d)) for k, b, d in cursor.fetchall()]
                cursor.execute(
                    f"SELECT MIN({key_col}) FROM {old} WHERE {key_col} > %s",  # noqa: S608
                    [hi],
                )
                (following,) = cursor.fetchone()
                lo = hi + 1 if following is None else (int(following) >> shift) << shift
                if not found:
                    continue
                columns = unpack(found, bucket_seconds=seconds, venue_side=venue_side)
                packer = pack_venue_blocks if venue_side else pack_person_blocks
                rows = chunk_blocks(packer(columns), shift=shift, bucket_seconds=seconds)
                cursor.executemany(
                    f"INSERT INTO {new} (chunk, {bucket_col}, count, last_end, data) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s, %s)",
                    rows.rows(),
                )


def _refuse_chunked_parts(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Going back drops the chunked tables: refuse while they hold check-ins not yet merged."""
    with schema_editor.connection.cursor() as cursor:
        for _old, new, *_rest in _SIDES:
            cursor.execute(f"SELECT 1 FROM {new} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                raise RuntimeError(
                    "Có lượt quét mã chưa gộp: chạy `dieuhanh checkins compact` trước / "
                    "check-ins not yet merged: run `dieuhanh checkins compact` first"
                )


class Migration(migrations.Migration):
    dependencies = [
        ("outbreak", "0009_healthdeclaration_checkin_token"),
    ]

    operations = [
        migrations.RenameModel("CheckInVenuePart", "CheckInVenuePartByKey"),
        migrations.RenameModel("CheckInPersonPart", "CheckInPersonPartByKey"),
        migrations.CreateModel(
            name="CheckInPersonPart",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("count", models.IntegerField(verbose_name="check-ins")),
                ("last_end", models.BigIntegerField()),
                ("data", models.BinaryField()),
                ("chunk", models.BigIntegerField(verbose_name="chunk")),
                ("span", models.IntegerField(verbose_name="span")),
            ],
            options={
                "verbose_name": "check-in part of a person",
                "verbose_name_plural": "check-in parts of persons",
                "indexes": [
                    models.Index(fields=["chunk", "span"], name="checkin_chunk_person_span")
                ],
            },
        ),
        migrations.CreateModel(
            name="CheckInVenuePart",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("count", models.IntegerField(verbose_name="check-ins")),
                ("last_end", models.BigIntegerField()),
                ("data", models.BinaryField()),
                ("chunk", models.BigIntegerField(verbose_name="chunk")),
                ("day", models.IntegerField(verbose_name="day")),
            ],
            options={
                "verbose_name": "check-in part of a venue",
                "verbose_name_plural": "check-in parts of venues",
                "indexes": [models.Index(fields=["chunk", "day"], name="checkin_chunk_venue_day")],
            },
        ),
        migrations.RunPython(_chunk_old_parts, migrations.RunPython.noop),
        migrations.DeleteModel("CheckInVenuePartByKey"),
        migrations.DeleteModel("CheckInPersonPartByKey"),
        # last: going back, it runs first, before the tables are dropped
        migrations.RunPython(migrations.RunPython.noop, _refuse_chunked_parts),
    ]
