"""The units table's version row and the triggers that move it on every write (issue 21)."""

import os

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# PostgreSQL: one bump per statement (a bulk load of 16,000 units is a few statements), and
# TRUNCATE too (Django's flush). 2^62 possible values: a rolled-back bump is never met again.
PG_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION orgunits_unit_data_bump() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO orgunits_unitdataversion (id, version)
        VALUES (1, floor(random() * 4611686018427387903)::bigint + 1)
        ON CONFLICT (id) DO UPDATE SET version = excluded.version;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER orgunits_unit_data_write
    AFTER INSERT OR UPDATE OR DELETE ON orgunits_orgunit
    FOR EACH STATEMENT EXECUTE FUNCTION orgunits_unit_data_bump()
    """,
    """
    CREATE TRIGGER orgunits_unit_data_truncate
    AFTER TRUNCATE ON orgunits_orgunit
    FOR EACH STATEMENT EXECUTE FUNCTION orgunits_unit_data_bump()
    """,
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS orgunits_unit_data_truncate ON orgunits_orgunit",
    "DROP TRIGGER IF EXISTS orgunits_unit_data_write ON orgunits_orgunit",
    "DROP FUNCTION IF EXISTS orgunits_unit_data_bump()",
]

# SQLite has row triggers only (a bump per row written: a few microseconds each). random() is a
# 64-bit signed integer. Note: SQLite drops a table's triggers with the table, and Django
# remakes a table to alter it there: a later migration that alters OrgUnit must create these
# again (tests/orgunits/test_tree.py fails without them).
SQLITE_BUMP = (
    "INSERT OR REPLACE INTO orgunits_unitdataversion (id, version) VALUES (1, random())"
)
SQLITE_FORWARD = [
    f"CREATE TRIGGER orgunits_unit_data_{event.lower()} AFTER {event} ON orgunits_orgunit "
    f"BEGIN {SQLITE_BUMP}; END"
    for event in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS orgunits_unit_data_{event}" for event in ("insert", "update", "delete")
]


def _run(schema_editor: BaseDatabaseSchemaEditor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_FORWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    else:  # pragma: no cover - the two databases the system runs on
        raise NotImplementedError(f"no unit data trigger for {vendor}")
    # The first version: whatever units are already there are this state.
    schema_editor.execute(
        "INSERT INTO orgunits_unitdataversion (id, version) VALUES (1, %s)",
        [int.from_bytes(os.urandom(7), "big") + 1],
    )


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    _run(schema_editor, PG_BACKWARD if vendor == "postgresql" else SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("orgunits", "0003_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitDataVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "unit data version",
                "verbose_name_plural": "unit data versions",
            },
        ),
        migrations.RunPython(forward, backward),
    ]
