"""New-rural development (nông thôn mới): criteria sets, commune assessments, recognitions.

Criteria sets are data shipped with the app (`ntm/data/*.json`) and completed by administrators
in the admin where the decision's sub-indicator tables are not yet in the data: a target with no
threshold is "not known", never guessed. Assessments and recognitions are kept per unit version
(the code *on a date*), so a commune formed in 2025 never inherits its predecessors' records.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import TimeStampedModel
from dieuhanh.orgunits.dating import UnitDating
from dieuhanh.orgunits.models import OrgUnit


class Level(models.TextChoices):
    """Recognition level (mức công nhận)."""

    STANDARD = "standard", _("Meets the new-rural standard")
    ADVANCED = "advanced", _("Advanced new-rural")
    MODEL = "model", _("Model new-rural")


LEVEL_RANK: dict[str, int] = {Level.STANDARD: 1, Level.ADVANCED: 2, Level.MODEL: 3}


class UnitTier(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    DISTRICT = "district", _("District")


class Region(models.TextChoices):
    """The regions of Decisions 1980/QĐ-TTg and 318/QĐ-TTg; the groups of Decision 51/2025."""

    ALL = "ALL", _("All regions")
    MIDLANDS_NORTH = "TDMNPB", _("Northern midlands and mountains")
    RED_RIVER = "DBSH", _("Red River Delta")
    NORTH_CENTRAL = "BTB", _("North Central Coast")
    SOUTH_CENTRAL = "DHNTB", _("South Central Coast")
    HIGHLANDS = "TN", _("Central Highlands")
    SOUTHEAST = "DNB", _("Southeast")
    MEKONG = "DBSCL", _("Mekong Delta")
    GROUP_1 = "G1", _("Commune group 1")
    GROUP_2 = "G2", _("Commune group 2")
    GROUP_3 = "G3", _("Commune group 3")


class RegionBasis(models.TextChoices):
    REGION = "region", _("By region")
    GROUP = "group", _("By commune group")


class CriteriaSet(TimeStampedModel):
    """One national set of criteria (bộ tiêu chí), e.g. Decision 318/QĐ-TTg for communes."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    decision = models.CharField(_("decision"), max_length=60)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    period_from = models.PositiveSmallIntegerField(_("first year"))
    period_to = models.PositiveSmallIntegerField(_("last year"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    tier = models.CharField(_("for"), max_length=10, choices=UnitTier.choices)
    region_basis = models.CharField(
        _("targets differ"), max_length=10, choices=RegionBasis.choices, default=RegionBasis.REGION
    )
    expected_criteria = models.PositiveSmallIntegerField(_("criteria in the decision"), default=0)
    complete = models.BooleanField(
        _("complete"),
        default=False,
        help_text=_("Every criterion and target of the decision is in the data."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["period_from", "tier", "level", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")), name="ntm_set_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision} ({self.period_from}–{self.period_to}) · {self.get_level_display()}"


class Criterion(TimeStampedModel):
    """A criterion (tiêu chí) of a set, e.g. 17 "Environment and food safety"."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("set")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    group = models.CharField(_("group"), max_length=120, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "number"], name="ntm_criterion_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class IndicatorKind(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percentage")
    YES_NO = "yes_no", _("Yes/no")


class Comparison(models.TextChoices):
    GE = ">=", "≥"
    GT = ">", ">"
    LE = "<=", "≤"
    LT = "<", "<"
    EQ = "=", "="


class CriterionIndicator(TimeStampedModel):
    """An indicator (chỉ tiêu) of a criterion, e.g. 15.1 share of people with health insurance."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("criterion")
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name (Vietnamese)"), max_length=400)
    name_en = models.CharField(_("name (English)"), max_length=400, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    comparison = models.CharField(
        _("comparison"), max_length=2, choices=Comparison.choices, default=Comparison.GE
    )
    unit_label = models.CharField(_("unit of measure"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion indicator")
        verbose_name_plural = _("criterion indicators")
        ordering = ["criterion", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "code"], name="ntm_indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorTarget(TimeStampedModel):
    """The target of an indicator for a region or group (or every region: `ALL`).

    No threshold for a number or percentage means the target is not known yet.
    """

    indicator = models.ForeignKey(
        CriterionIndicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indicator"),
    )
    region = models.CharField(_("region or group"), max_length=8, choices=Region.choices)
    threshold = models.DecimalField(
        _("threshold"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    expected_yes = models.BooleanField(_("expected answer is yes"), default=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region"], name="ntm_target_region")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.region}: {self.threshold}"


class CommuneProfile(TimeStampedModel):
    """The region and group a commune (one unit version) is assessed by."""

    unit = models.OneToOneField(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    region = models.CharField(_("region"), max_length=8, choices=Region.choices)
    group = models.CharField(_("commune group"), max_length=8, choices=Region.choices, blank=True)

    class Meta:
        verbose_name = _("commune profile")
        verbose_name_plural = _("commune profiles")

    def __str__(self) -> str:
        return f"{self.unit}: {self.region} {self.group}".strip()


class Assessment(TimeStampedModel):
    """A commune's assessment (đánh giá) against a criteria set for one year."""

    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", year="year"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("criteria set")
    )
    plan_year = models.PositiveSmallIntegerField(
        _("planned year to meet the standard"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["unit__sort_key", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "criteria_set"], name="ntm_assessment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}"


class IndicatorValue(models.Model):
    """The value of one indicator in an assessment, with its evidence note."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(CriterionIndicator, on_delete=models.PROTECT, related_name="+")
    number = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    answer = models.BooleanField(_("answer"), null=True, blank=True)
    note = models.CharField(_("evidence"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="ntm_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.answer if self.number is None else self.number}"


class CriterionResult(models.Model):
    """What the appraisal recorded for a criterion (thẩm định), with its evidence note.

    Used when the criterion cannot be computed from its indicators (targets not in the data).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    declared_met = models.BooleanField(_("met (as appraised)"), null=True, blank=True)
    note = models.CharField(_("evidence"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="ntm_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.declared_met}"


class Attachment(TimeStampedModel):
    """A file of evidence for an assessment (stored by Django's default storage)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="ntm/evidence/%Y/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Recognition(TimeStampedModel):
    """A decision recognising a unit (công nhận đạt chuẩn), and its revocation (thu hồi)."""

    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", year="year"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("recognised for year"))
    criteria_set = models.ForeignKey(
        CriteriaSet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("criteria set"),
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_decision = models.CharField(_("revocation decision"), max_length=60, blank=True)
    revocation_reason = models.CharField(_("revocation reason"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["decision_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "level", "decision_number"], name="ntm_recognition_unique"
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=models.F("decision_date")),
                name="ntm_recognition_revocation_after",
            ),
        ]
        indexes = [models.Index(fields=["unit", "decision_date"], name="ntm_recognition_unit")]

    def __str__(self) -> str:
        return f"{self.unit.name}: {self.decision_number}"
