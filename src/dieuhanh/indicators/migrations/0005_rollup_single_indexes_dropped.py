"""Drop the single-column ancestor/indicator indexes of the running totals: `rollup_key` and the
covering index already lead with the ancestor, and every index costs each write of a value.

The model change (db_index=False) would make SQLite copy the whole table once per field; the
database side only needs the two indexes dropped, found by introspection (their names are
generated)."""

import django.db.models.deletion
from django.db import migrations, models


def _single_column_indexes(schema_editor, table: str, columns: set[str]) -> list[str]:
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, info in constraints.items()
        if info["index"]
        and not info["unique"]
        and not info["primary_key"]
        and not info.get("foreign_key")
        and len(info["columns"]) == 1
        and info["columns"][0] in columns
    ]


def drop_indexes(apps, schema_editor) -> None:
    table = "indicators_valuerollup"
    for name in _single_column_indexes(schema_editor, table, {"ancestor_id", "indicator_id"}):
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_indexes(apps, schema_editor) -> None:
    for column in ("ancestor_id", "indicator_id"):
        schema_editor.execute(
            f"CREATE INDEX indicators_valuerollup_{column} ON indicators_valuerollup ({column})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_value_import"),
        ("orgunits", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="valuerollup",
                    name="ancestor",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgunits.orgunit",
                    ),
                ),
                migrations.AlterField(
                    model_name="valuerollup",
                    name="indicator",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="indicators.indicator",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
        )
    ]
