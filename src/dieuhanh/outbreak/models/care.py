"""Tests and pools, quarantine and its rules, arrivals, zones and readiness (care).

Glossary (docs/design.md §6): xét nghiệm (test, `Sample`), gộp mẫu (pooled samples, `Pool`), cách ly
(quarantine/isolation, `Quarantine`), khoanh vùng / phong tỏa (zoning / lockdown, `Zone`),
4 tại chỗ (four on-the-spot: command, forces, means, logistics, `ReadinessItem`).
Every row that belongs to a unit keeps that unit's materialised path (`unit_path`) so that
scope filters are one indexed prefix query.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import TimeStampedModel
from dieuhanh.orgunits.models import OrgUnit

__all__ = [
    "READINESS_ITEMS",
    "Arrival",
    "ArrivalOutcome",
    "Facility",
    "HealthCheck",
    "PersonLocation",
    "Pool",
    "Quarantine",
    "QuarantinePlace",
    "QuarantineRule",
    "ReadinessItem",
    "ReadinessPillar",
    "RiskCriteria",
    "RuleSubject",
    "Sample",
    "SampleKind",
    "SampleResult",
    "ScheduledTest",
    "ScheduledTestReason",
    "UnitHealthProfile",
    "Zone",
    "ZoneKind",
    "ZoneShape",
]


class RuleSubject(models.TextChoices):
    CONTACT = "f1", _("Contact (F1)")
    CONTACT2 = "f2", _("Contact of a contact (F2)")
    ARRIVAL = "arrival", _("Arrival from an epidemic area")


class QuarantineRule(TimeStampedModel):
    """A dated quarantine rule (quy định cách ly). Decisions keep the rule that made them."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    disease = models.CharField(_("disease"), max_length=20, default="covid19")
    subject = models.CharField(_("applies to"), max_length=20, choices=RuleSubject.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    vaccinated = models.BooleanField(
        _("vaccinated only"), null=True, blank=True, help_text=_("Empty: whatever the status.")
    )
    min_origin_risk = models.PositiveSmallIntegerField(_("minimum origin risk level"), default=0)
    facility_days = models.PositiveSmallIntegerField(_("days in a facility"), default=0)
    home_days = models.PositiveSmallIntegerField(_("days of home quarantine"), default=0)
    monitoring_days = models.PositiveSmallIntegerField(_("days of health monitoring"), default=0)
    test_days: models.JSONField[Any, Any] = models.JSONField(
        _("test days"), default=list, blank=True
    )
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quarantine rule")
        verbose_name_plural = _("quarantine rules")
        ordering = ["subject", "valid_from", "code"]

    def __str__(self) -> str:
        return self.code


class Facility(TimeStampedModel):
    """A concentrated quarantine facility (khu cách ly tập trung) with its capacity."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (beds)"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("quarantine facility")
        verbose_name_plural = _("quarantine facilities")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class QuarantinePlace(models.TextChoices):
    FACILITY = "facility", _("Facility")
    HOME = "home", _("At home")
    MONITORING = "monitoring", _("Health monitoring at home")


class Quarantine(TimeStampedModel):
    """One quarantine (or monitoring) of a person, with the dates the rule in force gave."""

    person = models.ForeignKey(
        "outbreak.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="quarantines",
    )
    contact = models.ForeignKey(
        "outbreak.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quarantines",
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    subject = models.CharField(_("reason"), max_length=20, choices=RuleSubject.choices)
    place = models.CharField(_("place"), max_length=20, choices=QuarantinePlace.choices)
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quarantines",
    )
    vaccinated = models.BooleanField(_("fully vaccinated"), default=False)
    start = models.DateField(_("start"))
    facility_end = models.DateField(_("leaves the facility"))
    planned_end = models.DateField(_("planned end"))
    monitoring_end = models.DateField(_("monitoring until"))
    rule = models.ForeignKey(
        QuarantineRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="+"
    )
    released_on = models.DateField(_("released on"), null=True, blank=True)
    release_note = models.CharField(_("release note"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("quarantine")
        verbose_name_plural = _("quarantines")
        ordering = ["-start", "id"]
        indexes = [
            models.Index(fields=["start", "released_on"], name="quarantine_dates"),
            # Covering the dashboard counts of a subtree (path range, then the dates).
            models.Index(
                fields=["unit_path", "planned_end", "start", "released_on", "place"],
                name="quarantine_scope_active",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("start")), name="quarantine_range"
            ),
            models.CheckConstraint(
                condition=~Q(place="facility") | Q(facility__isnull=False),
                name="quarantine_facility_given",
            ),
        ]

    def __str__(self) -> str:
        return f"Q#{self.pk} {self.start}"


class HealthCheck(TimeStampedModel):
    """A daily health check of a quarantined person (theo dõi sức khỏe hằng ngày)."""

    quarantine = models.ForeignKey(
        Quarantine, verbose_name=_("quarantine"), on_delete=models.CASCADE, related_name="checks"
    )
    day = models.DateField(_("day"))
    temperature = models.DecimalField(
        _("temperature (°C)"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    symptoms = models.BooleanField(_("symptoms"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["day", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quarantine", "day"], name="healthcheck_day"),
        ]

    def __str__(self) -> str:
        return f"{self.quarantine_id} {self.day}"


class SampleKind(models.TextChoices):
    PCR = "pcr", _("RT-PCR")
    RAPID = "rapid", _("Rapid antigen")


class SampleResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    NEGATIVE = "negative", _("Negative")
    POSITIVE = "positive", _("Positive")
    RETEST = "retest", _("Pool positive: retest alone")


class Pool(TimeStampedModel):
    """A pooled PCR test (mẫu gộp): one result for several samples."""

    code = models.CharField(_("pool code"), max_length=40, unique=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    collected_on = models.DateField(_("collected on"))
    result = models.CharField(
        _("result"), max_length=10, choices=SampleResult.choices, default=SampleResult.PENDING
    )
    result_on = models.DateField(_("result on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("pooled test")
        verbose_name_plural = _("pooled tests")
        ordering = ["-collected_on", "code"]

    def __str__(self) -> str:
        return self.code


class Sample(TimeStampedModel):
    """A sample taken from one person (mẫu xét nghiệm), tested alone or in a pool."""

    person = models.ForeignKey(
        "outbreak.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="samples",
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("test"), max_length=10, choices=SampleKind.choices)
    collected_on = models.DateField(_("collected on"), db_index=True)
    pool = models.ForeignKey(
        Pool,
        verbose_name=_("pool"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="samples",
    )
    result = models.CharField(
        _("result"), max_length=10, choices=SampleResult.choices, default=SampleResult.PENDING
    )
    result_on = models.DateField(_("result on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        ordering = ["-collected_on", "id"]
        indexes = [
            models.Index(
                fields=["unit_path", "result", "collected_on"], name="sample_scope_result"
            ),
        ]

    def __str__(self) -> str:
        return f"S#{self.pk} {self.kind} {self.collected_on}"


class ScheduledTestReason(models.TextChoices):
    SCHEDULE = "schedule", _("Quarantine schedule")
    POOL_RETEST = "pool_retest", _("Retest after a positive pool")
    ARRIVAL = "arrival", _("Arrival monitoring")


class ScheduledTest(TimeStampedModel):
    """A test a person is due for (lịch xét nghiệm), done when a sample covers it."""

    person = models.ForeignKey(
        "outbreak.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    quarantine = models.ForeignKey(
        Quarantine,
        verbose_name=_("quarantine"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scheduled_tests",
    )
    pool = models.ForeignKey(
        Pool, null=True, blank=True, on_delete=models.CASCADE, related_name="retests"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ScheduledTestReason.choices)
    day_number = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    due_on = models.DateField(_("due on"), db_index=True)
    done_sample = models.OneToOneField(
        Sample,
        verbose_name=_("sample"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scheduled",
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # Neither done nor cancelled: what "due" and "overdue" lists read (kept by the services).
    open = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("scheduled test")
        verbose_name_plural = _("scheduled tests")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["unit_path", "open", "due_on"],
                name="scheduled_scope_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.due_on}"


class ArrivalOutcome(models.TextChoices):
    QUARANTINE = "quarantine", _("Quarantine")
    MONITORING = "monitoring", _("Health monitoring")
    NO_RULE = "no_rule", _("No rule applies")


class Arrival(TimeStampedModel):
    """A person arriving from an epidemic area (người về từ vùng dịch)."""

    person = models.ForeignKey(
        "outbreak.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    origin = models.CharField(_("from"), max_length=200)
    origin_risk = models.PositiveSmallIntegerField(_("origin risk level"))
    arrived_on = models.DateField(_("arrived on"))
    vaccinated = models.BooleanField(_("fully vaccinated"), default=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ArrivalOutcome.choices)
    rule = models.ForeignKey(
        QuarantineRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quarantine = models.OneToOneField(
        Quarantine,
        verbose_name=_("quarantine"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="arrival",
    )

    class Meta:
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")
        ordering = ["-arrived_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(origin_risk__gte=1) & Q(origin_risk__lte=4), name="arrival_risk"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.origin} {self.arrived_on}"


class PersonLocation(TimeStampedModel):
    """Where a person lives on the map (household), for zones (vị trí hộ gia đình)."""

    person = models.OneToOneField(
        "outbreak.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    household = models.CharField(_("household"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("person location")
        verbose_name_plural = _("person locations")

    def __str__(self) -> str:
        return f"{self.person_id} ({self.latitude:.5f}, {self.longitude:.5f})"


class ZoneKind(models.TextChoices):
    LOCKDOWN = "lockdown", _("Lockdown (phong tỏa)")
    ZONING = "zoning", _("Zoning (khoanh vùng)")


class ZoneShape(models.TextChoices):
    CIRCLE = "circle", _("Circle")
    POLYGON = "polygon", _("Polygon")


class Zone(TimeStampedModel):
    """A containment zone drawn on the map: a narrow lockdown or a wider zoning."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ZoneKind.choices)
    shape = models.CharField(_("shape"), max_length=10, choices=ZoneShape.choices)
    center_lat = models.FloatField(_("centre latitude"), null=True, blank=True)
    center_lon = models.FloatField(_("centre longitude"), null=True, blank=True)
    radius_m = models.FloatField(_("radius (m)"), null=True, blank=True)
    polygon: models.JSONField[Any, Any] = models.JSONField(
        _("polygon"), default=list, blank=True, help_text=_("[[lat, lon], ...]")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households inside"), default=0)
    people = models.PositiveIntegerField(_("people inside"), default=0)
    note = models.CharField(_("note"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["-start", "id"]

    def __str__(self) -> str:
        return self.name


class RiskCriteria(TimeStampedModel):
    """The criteria of commune risk levels from a date (tiêu chí đánh giá cấp độ dịch)."""

    disease = models.CharField(_("disease"), max_length=20, default="covid19")
    valid_from = models.DateField(_("valid from"), unique=True)
    level2_from = models.FloatField(_("level 2 from (cases/100,000/week)"))
    level3_from = models.FloatField(_("level 3 from (cases/100,000/week)"))
    level4_from = models.FloatField(_("level 4 from (cases/100,000/week)"))
    relief_coverage = models.FloatField(
        _("vaccination coverage lowering a level"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("risk criteria")
        verbose_name_plural = _("risk criteria")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}"


class UnitHealthProfile(TimeStampedModel):
    """A unit's population and fully vaccinated people from a date (dân số, tiêm chủng)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"))
    population = models.PositiveIntegerField(_("population"))
    fully_vaccinated = models.PositiveIntegerField(_("fully vaccinated people"), default=0)
    # Where the unit's risk colour is drawn on the map (its centre; no boundaries are stored).
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit health profile")
        verbose_name_plural = _("unit health profiles")
        ordering = ["unit_path", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="healthprofile_unit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.valid_from}"


class ReadinessPillar(models.TextChoices):
    COMMAND = "command", _("Command")
    FORCES = "forces", _("Forces")
    MEANS = "means", _("Means")
    LOGISTICS = "logistics", _("Logistics")


# The items of each pillar (code, label) of "4 tại chỗ".
READINESS_ITEMS: dict[str, tuple[tuple[str, Any], ...]] = {
    ReadinessPillar.COMMAND: (("steering_members", _("Steering committee members")),),
    ReadinessPillar.FORCES: (
        ("health_staff", _("Health workers")),
        ("police", _("Police")),
        ("militia", _("Militia")),
        ("volunteers", _("Volunteers")),
    ),
    ReadinessPillar.MEANS: (
        ("vehicles", _("Vehicles")),
        ("equipment", _("Medical equipment")),
        ("test_kits", _("Test kits")),
    ),
    ReadinessPillar.LOGISTICS: (
        ("supplies", _("Supplies and necessities")),
        ("beds", _("Treatment and quarantine beds")),
    ),
}


class ReadinessItem(TimeStampedModel):
    """One line of a unit's "4 on-the-spot" readiness (4 tại chỗ): required against available."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    pillar = models.CharField(_("pillar"), max_length=20, choices=ReadinessPillar.choices)
    item = models.CharField(_("item"), max_length=40)
    required = models.PositiveIntegerField(_("required"))
    available = models.PositiveIntegerField(_("available"))
    as_of = models.DateField(_("as of"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("readiness item")
        verbose_name_plural = _("readiness items")
        ordering = ["unit_path", "pillar", "item"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "item"], name="readiness_unit_item"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.item}"
