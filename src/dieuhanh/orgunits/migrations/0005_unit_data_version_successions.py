"""The unit-data version also moves with every write to the successions table (issue 21).

Cached figures and cards read a unit's predecessors (a merged commune's history), so an edge
loaded or removed must reach them at once, like a renamed unit: the same triggers as 0004 on
`orgunits_succession`. The unit tree reloads on such a write too (0.3 s, a few times a year).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "orgunits_succession"

# The function orgunits_unit_data_bump() is 0004's.
PG_FORWARD = [
    f"CREATE TRIGGER orgunits_succession_data_write AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION orgunits_unit_data_bump()",
    f"CREATE TRIGGER orgunits_succession_data_truncate AFTER TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION orgunits_unit_data_bump()",
]
PG_BACKWARD = [
    f"DROP TRIGGER IF EXISTS orgunits_succession_data_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS orgunits_succession_data_write ON {TABLE}",
]

# Row triggers (SQLite has no other kind). As for OrgUnit: a later migration that makes Django
# rebuild this table on SQLite must create them again (tests/orgunits/test_tree.py checks).
SQLITE_BUMP = "INSERT OR REPLACE INTO orgunits_unitdataversion (id, version) VALUES (1, random())"
SQLITE_FORWARD = [
    f"CREATE TRIGGER orgunits_succession_data_{event.lower()} AFTER {event} ON {TABLE} "
    f"BEGIN {SQLITE_BUMP}; END"
    for event in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS orgunits_succession_data_{event}"
    for event in ("insert", "update", "delete")
]


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in PG_FORWARD if postgres else SQLITE_FORWARD:
        schema_editor.execute(statement)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in PG_BACKWARD if postgres else SQLITE_BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("orgunits", "0004_unit_data_version"),
    ]

    operations = [migrations.RunPython(forward, backward)]
