"""What people add to the generated review: narrative per section and period, and the settings of
the issuing unit (header, signer, recipients)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import TimeStampedModel
from dieuhanh.indicators.models import Indicator
from dieuhanh.orgunits.dating import UnitDating
from dieuhanh.orgunits.models import OrgUnit


class Section(models.TextChoices):
    """The customary outline of a half-year review (đề cương báo cáo sơ kết)."""

    OVERVIEW = "overview", _("Overall situation (opening of part I)")
    ECONOMY = "economy", _("Economy")
    BUDGET = "budget", _("State budget")
    NEW_RURAL = "new_rural", _("New-rural development")
    SOCIAL = "social", _("Health, culture, education and society")
    EPIDEMIC = "epidemic", _("Epidemic prevention")
    SECURITY = "security", _("Defence, security and order")
    POLITICS = "politics", _("Building the political system")
    PARTY = "party", _("Party building, inspection and supervision (Party layout only)")
    LIMITATIONS = "limitations", _("Limitations and their causes")
    DIRECTIONS = "directions", _("Directions and tasks for the next period")


class SectionNote(TimeStampedModel):
    """The narrative only people can write (nhận định, đánh giá), per unit, period and section."""

    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", period="period"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=10)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    text = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("section note")
        verbose_name_plural = _("section notes")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "section"], name="reports_note_unit_period_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.period} {self.section}"


class IssuerSettings(TimeStampedModel):
    """How a unit signs its reports; a blank field takes the layout's default for the unit."""

    unit = models.OneToOneField(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place of signing"), max_length=100, blank=True)
    party_issuer_lines = models.TextField(
        _("Party header lines (top left), one per line"), blank=True
    )
    party_number = models.CharField(_("Party document number"), max_length=50, blank=True)
    party_signature_lines = models.TextField(_("Party signature lines"), blank=True)
    party_signer = models.CharField(_("Party signer"), max_length=100, blank=True)
    party_recipients = models.TextField(_("Party recipients, one per line"), blank=True)
    admin_issuer_lines = models.TextField(
        _("administrative header lines (top left), one per line"), blank=True
    )
    admin_number = models.CharField(_("administrative document number"), max_length=50, blank=True)
    admin_signature_lines = models.TextField(_("administrative signature lines"), blank=True)
    admin_signer = models.CharField(_("administrative signer"), max_length=100, blank=True)
    admin_recipients = models.TextField(_("administrative recipients, one per line"), blank=True)

    class Meta:
        verbose_name = _("issuer settings")
        verbose_name_plural = _("issuer settings")

    def __str__(self) -> str:
        return f"{self.unit.code} {self.unit.name}"


class StructurePlan(TimeStampedModel):
    """The plan's target structure of a total (cơ cấu kinh tế mục tiêu): e.g. the shares the
    district's 2020–2025 Party Congress resolution sets for 2025. The review judges the period's
    shift against it."""

    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", year="year"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    total = models.ForeignKey(
        Indicator,
        verbose_name=_("total whose parts form the structure"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("target year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    source = models.CharField(_("source (the resolution or plan)"), max_length=300, blank=True)
    remainder_label = models.CharField(
        _("name of what the parts leave of the total (e.g. product taxes)"),
        max_length=100,
        blank=True,
        help_text=_(
            "Blank: shares are taken over the sum of the parts. Set: over the total, the rest "
            "named thus."
        ),
    )

    class Meta:
        verbose_name = _("target structure")
        verbose_name_plural = _("target structures")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "total", "year"], name="reports_structure_plan_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.total.code} {self.year}"


class StructurePlanShare(models.Model):
    """One part's target share (%) in a target structure."""

    plan = models.ForeignKey(StructurePlan, on_delete=models.CASCADE, related_name="shares")
    part = models.ForeignKey(
        Indicator, verbose_name=_("part"), on_delete=models.PROTECT, related_name="+"
    )
    share_pct = models.DecimalField(
        _("target share (%)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("target share")
        verbose_name_plural = _("target shares")
        constraints = [
            models.UniqueConstraint(fields=["plan", "part"], name="reports_structure_share_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.part.code} {self.share_pct}"
