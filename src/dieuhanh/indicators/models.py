"""Indicators (chỉ tiêu): catalogue, disaggregations, data sets, targets, values, approval.

After DHIS2's aggregate model: an indicator is a data element with at most one disaggregation
(category) whose options split its values (e.g. price basis: current / constant 2010). Values
are stored per unit version, period and option; everything above is computed live.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dieuhanh.core.models import TimeStampedModel
from dieuhanh.orgunits.dating import UnitDating
from dieuhanh.orgunits.models import OrgUnit


class Disaggregation(TimeStampedModel):
    """A way of splitting values (DHIS2 category), e.g. PRICE_BASIS with CURRENT, CONSTANT2010."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    growth_option = models.ForeignKey(
        "DisaggregationOption",
        verbose_name=_("option used for growth"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("e.g. constant 2010 prices: growth is computed on this option"),
    )
    share_option = models.ForeignKey(
        "DisaggregationOption",
        verbose_name=_("option used for structure shares"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("e.g. current prices: shares of the parent are computed on this option"),
    )

    class Meta:
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")

    def __str__(self) -> str:
        return self.code


class DisaggregationOption(models.Model):
    disaggregation = models.ForeignKey(
        Disaggregation, on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("code"), max_length=40)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("disaggregation option")
        verbose_name_plural = _("disaggregation options")
        ordering = ["disaggregation", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["disaggregation", "code"], name="option_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.disaggregation.code}:{self.code}"


class ValueType(models.TextChoices):
    NUMBER = "number", _("Number")
    INTEGER = "integer", _("Whole number")
    PERCENT = "percent", _("Percentage")


class UnitAggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    NONE = "none", _("Not aggregated")


class TimeAggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    LAST = "last", _("Last value")


class ReportSection(models.TextChoices):
    """Where an indicator's figures appear in the half-year review (mục của báo cáo sơ kết)."""

    ECONOMY = "economy", _("Economy")
    BUDGET = "budget", _("State budget")
    NEW_RURAL = "new_rural", _("New-rural development")
    SOCIAL = "social", _("Health, culture, education and society")
    EPIDEMIC = "epidemic", _("Epidemic prevention")
    SECURITY = "security", _("Defence, security and order")
    POLITICS = "politics", _("Political system")
    NONE = "none", _("Not in the report")


class Direction(models.TextChoices):
    """Which way is better (chiều đánh giá): decides "đạt"/"chưa đạt" against a plan."""

    HIGHER_BETTER = "higher_better", _("Higher is better")
    LOWER_BETTER = "lower_better", _("Lower is better")
    NONE = "none", _("Neither (no judgement)")


class IndicatorKind(models.TextChoices):
    """What a figure measures (loại chỉ tiêu): decides how its change and its plan are said
    (docs/design.md §6, the phrase table)."""

    FLOW = "flow", _("Flow (amount over the period)")
    STOCK = "stock", _("Stock (level at the period's end)")
    RATE = "rate", _("Rate (percentage; changes in points)")
    COUNT = "count", _("Count (changes by the difference)")


class Indicator(TimeStampedModel):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    value_type = models.CharField(
        _("value type"), max_length=10, choices=ValueType.choices, default=ValueType.NUMBER
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=2)
    unit_aggregation = models.CharField(
        _("aggregation over units"),
        max_length=10,
        choices=UnitAggregation.choices,
        default=UnitAggregation.SUM,
    )
    time_aggregation = models.CharField(
        _("aggregation over time"),
        max_length=10,
        choices=TimeAggregation.choices,
        default=TimeAggregation.SUM,
    )
    disaggregation = models.ForeignKey(
        Disaggregation,
        verbose_name=_("disaggregation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("total it is a part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    entered_overrides_rollup = models.BooleanField(
        _("a value entered at a higher unit replaces the rollup"), default=False
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    is_key = models.BooleanField(_("shown on the dashboard"), default=False)
    report_section = models.CharField(
        _("section of the review report"),
        max_length=20,
        choices=ReportSection.choices,
        default=ReportSection.ECONOMY,
    )
    direction = models.CharField(
        pgettext_lazy("indicator", "direction"),
        max_length=15,
        choices=Direction.choices,
        default=Direction.HIGHER_BETTER,
        help_text=_("Whether a higher or a lower figure is better; decides met / not met"),
    )
    kind = models.CharField(
        pgettext_lazy("indicator", "kind"),
        max_length=10,
        choices=IndicatorKind.choices,
        default=IndicatorKind.FLOW,
        help_text=_("Flow, stock, rate or count; decides how change and plan are stated"),
    )
    # Data quality (kiểm tra tính hợp lý, pure/quality.py): a value outside min–max, or outside
    # what the unit's history makes plausible, is saved only with a comment confirming it.
    min_value = models.DecimalField(
        _("smallest plausible value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest plausible value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    may_be_negative = models.BooleanField(
        _("may be negative"),
        default=False,
        help_text=_("no for sums of money, areas and counts: a negative value is refused"),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name_vi}"


class PeriodType(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    HALF_YEAR = "half_year", _("Half-yearly")
    YEAR = "year", _("Yearly")


class DataSet(TimeStampedModel):
    """A form: which indicators, entered how often, by which units, due when."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255)
    period_type = models.CharField(_("period type"), max_length=10, choices=PeriodType.choices)
    indicators: models.ManyToManyField[Indicator, DataSetIndicator] = models.ManyToManyField(
        Indicator, through="DataSetIndicator", related_name="+"
    )
    unit_level = models.PositiveSmallIntegerField(
        _("level of the units that enter it"),
        default=3,
        help_text=_("1 province, 2 district, 3 commune"),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline, days after the Decree 09 cut-off"), default=5
    )

    class Meta:
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")

    def __str__(self) -> str:
        return f"{self.code} — {self.name_vi}"


class DataSetIndicator(models.Model):
    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="members")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["data_set", "indicator"], name="dataset_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.data_set.code}/{self.indicator.code}"


class Target(TimeStampedModel):
    """Plan (kế hoạch): a target per indicator, unit and year (or half-year)."""

    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", period="period"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    option = models.ForeignKey(
        DisaggregationOption, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=10, help_text=_("2021 or 2021S1"))
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=6)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            # Two constraints, not nulls_distinct=False: SQLite would ignore that and let two
            # targets without an option coexist.
            models.UniqueConstraint(
                fields=["indicator", "option", "unit", "period"],
                condition=Q(option__isnull=False),
                name="target_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"],
                condition=Q(option__isnull=True),
                name="target_unique_no_option",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.code} {self.period}: {self.value}"


class ValueStatus(models.TextChoices):
    ESTIMATE = "estimate", _("Estimate")
    ACTUAL = "actual", _("Actual")


class ValueImport(models.Model):
    """One import of a values file (DHIS2 CSV/JSON, Excel template): who, when, which file.

    The values an import creates point at it (`DataValue.created_by_import`) instead of each
    getting a history row: their creation — this import's time and user, no old value, the
    value as stored — is read from here (selectors.value_history) until the value is first
    changed, when the services write it into DataValueChange before the change itself."""

    at = models.DateTimeField(_("imported at"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    rows = models.PositiveIntegerField(_("rows in the file"))
    created = models.PositiveIntegerField(_("values created"))
    updated = models.PositiveIntegerField(_("values updated"))
    unchanged = models.PositiveIntegerField(_("values unchanged"))

    class Meta:
        verbose_name = _("values import")
        verbose_name_plural = _("values imports")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.at:%Y-%m-%d %H:%M})"


class DataValue(models.Model):
    """One value of an indicator (and option) for a unit version and a period."""

    # No single-column indexes on the keys: the composite indexes below lead with indicator
    # and unit, and every extra index slows each import (the target is 100,000 values/s).
    # None leads with indicator and period: no query reads values that way (the review, the
    # form, the export and the rollups read by unit; an import by the unique key).
    unit_dating: ClassVar[tuple[UnitDating, ...]] = (
        UnitDating("unit", start="period_start", end="period_end"),
    )
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    option = models.ForeignKey(
        DisaggregationOption,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", db_index=False)
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.ACTUAL
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    # Codes of pure.quality.Flag, comma-separated: the value was confirmed with its comment.
    # A database default too: imports and the demo insert values with raw SQL (bulk.py).
    flags = models.CharField(
        _("quality flags"), max_length=100, blank=True, default="", db_default=""
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_by_import = models.ForeignKey(
        ValueImport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )  # the import that created the value, while its creation is recorded only there

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "option", "unit", "period"],
                condition=Q(option__isnull=False),
                name="datavalue_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"],
                condition=Q(option__isnull=True),
                name="datavalue_unique_no_option",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "period_start"], name="datavalue_unit_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.period} = {self.value}"


class DataValueChange(models.Model):
    """History of a data value (DHIS2's data value audit): who, when, from what, to what."""

    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", period="period"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    data_value = models.ForeignKey(
        DataValue, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    option = models.ForeignKey(
        DisaggregationOption,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", db_index=False)
    period = models.CharField(max_length=10)
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(max_length=10)  # create | update | delete | import
    old_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    new_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    old_status = models.CharField(max_length=10, blank=True)
    new_status = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["unit", "period"], name="valuechange_unit_period")]
        verbose_name = _("data value change")
        verbose_name_plural = _("data value changes")

    def __str__(self) -> str:
        return f"{self.action} {self.old_value} → {self.new_value}"


class FormState(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved (locked)")


class DataSetReport(TimeStampedModel):
    """The state of one form: data set × unit × period (open → submitted → approved)."""

    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", period="period"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    data_set = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=10)
    state = models.CharField(
        _("state"), max_length=10, choices=FormState.choices, default=FormState.OPEN
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The last return (trả lại): a submitted form sent back to its unit, open again, with why.
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["data_set", "unit", "period"], name="report_unique")
        ]
        verbose_name = _("form state")
        verbose_name_plural = _("form states")

    def __str__(self) -> str:
        return f"{self.data_set.code} {self.unit.code} {self.period}: {self.state}"


class Operator(models.TextChoices):
    EQ = "==", "=="
    NE = "!=", "!="
    LE = "<=", "<="
    GE = ">=", ">="
    LT = "<", "<"
    GT = ">", ">"


class Severity(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")


class ValidationRule(TimeStampedModel):
    """`left operator right` over indicator codes, e.g. GTSX[current] == GTSX_NLTS[current] + …"""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255)
    left = models.CharField(_("left side"), max_length=1000)
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("right side"), max_length=1000)
    tolerance = models.DecimalField(_("tolerance"), max_digits=20, decimal_places=6, default=0)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.ERROR
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        constraints = [
            models.CheckConstraint(condition=~Q(left=""), name="rule_left_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.left} {self.operator} {self.right}"


class ValueRollup(models.Model):
    """Running totals of the values below each unit, kept in the same transaction as every
    write to DataValue (so always current: no batch job), one row per ancestor, indicator,
    option and stored sub-period. `option_key` is the option's id, 0 for none."""

    # No single-column indexes: rollup_key and the covering index both lead with the ancestor,
    # and an indicator is almost never deleted (PROTECT's check may scan). Each index costs
    # every write of a value (an import writes several totals per value).
    ancestor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    option_key = models.PositiveIntegerField()
    period_start = models.DateField()
    period_end = models.DateField()
    total = models.DecimalField(max_digits=24, decimal_places=6)
    n_values = models.IntegerField()
    n_estimates = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ancestor", "indicator", "option_key", "period_start", "period_end"],
                name="rollup_key",
            )
        ]
        indexes = [
            # Covers the review's read (rollups.rollup_sums): one unit's totals over a date
            # range, every indicator, without touching the table.
            models.Index(
                fields=[
                    "ancestor",
                    "period_start",
                    "period_end",
                    "indicator",
                    "option_key",
                    "n_values",
                    "total",
                    "n_estimates",
                ],
                name="rollup_ancestor_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ancestor_id} {self.indicator_id}/{self.option_key} {self.period_start}"


class FiguresVersion(models.Model):
    """A counter the cached figures are keyed by (issue 21): it moves in the same transaction
    as every write of the running totals (a saved, imported or deleted value, a rebuild) and
    with every change of the catalogue or of a target, so a cached figure is never read after
    the data under it changed. One row per `name`; never deleted; every value is random, not
    the last plus one, so a database restored or a transaction rolled back does not meet the
    figures cached for another database state under the same number."""

    name = models.CharField(max_length=40, primary_key=True)
    version = models.BigIntegerField()

    class Meta:
        verbose_name = _("figures version")
        verbose_name_plural = _("figures versions")

    def __str__(self) -> str:
        return f"{self.name} = {self.version}"
