"""Indicator semantics: `direction` (higher/lower better, none) and `kind` (flow, stock, rate,
count). Existing indicators get what their stored fields imply: a percentage is a rate, a whole
number kept as its last value is a count; everything else stays a flow, higher better, until an
administrator says otherwise."""

from django.db import migrations, models


def _infer_kind(apps, schema_editor) -> None:
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(value_type="percent").update(kind="rate")
    Indicator.objects.filter(value_type="integer", time_aggregation="last").update(kind="count")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_rollup_single_indexes_dropped"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="direction",
            field=models.CharField(
                choices=[
                    ("higher_better", "Higher is better"),
                    ("lower_better", "Lower is better"),
                    ("none", "Neither (no judgement)"),
                ],
                default="higher_better",
                help_text="Whether a higher or a lower figure is better; decides met / not met",
                max_length=15,
                verbose_name="direction",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="kind",
            field=models.CharField(
                choices=[
                    ("flow", "Flow (amount over the period)"),
                    ("stock", "Stock (level at the period's end)"),
                    ("rate", "Rate (percentage; changes in points)"),
                    ("count", "Count (changes by the difference)"),
                ],
                default="flow",
                help_text="Flow, stock, rate or count; decides how change and plan are stated",
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(_infer_kind, migrations.RunPython.noop),
    ]
