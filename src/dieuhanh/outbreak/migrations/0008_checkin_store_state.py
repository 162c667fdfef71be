from django.db import migrations, models


def _state_row(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The one state row (id 1), so every write bumps it with a plain UPDATE."""
    apps.get_model("outbreak", "CheckInStoreState").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("outbreak", "0007_checkin_page"),
    ]

    operations = [
        migrations.CreateModel(
            name="CheckInStoreState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=0, verbose_name="version")),
                (
                    "purged_before",
                    models.DateField(
                        blank=True, null=True, verbose_name="check-ins deleted before"
                    ),
                ),
                (
                    "purged_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="last purge"),
                ),
            ],
            options={
                "verbose_name": "check-in store state",
                "verbose_name_plural": "check-in store state",
            },
        ),
        migrations.RunPython(_state_row, migrations.RunPython.noop),
    ]
