"""Administrative units (đơn vị hành chính), versioned over time, and their succession.

A unit is identified by its code *on a date*: codes are reused across the 2025 reform (23941
was Thị trấn Chư Sê until 30 June 2025 and is Xã Chư Sê from 1 July 2025). Each row is one
version, valid from `valid_from` to `valid_to` (inclusive; null: still valid).
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.db import models
from django.db.models import Q, signals
from django.db.models.base import ModelState
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import TimeStampedModel

CODE_SYSTEM_START = datetime.date(2004, 1, 1)
"""The start of the national code list of administrative units (Decision 124/2004/QĐ-TTg):
the earliest day the system answers for. The versions of a dataset's oldest snapshot are
stored as valid from this day, and a day before the snapshot is answered with that tree,
flagged as assumed (`selectors.assumed_as_of`)."""


@functools.cache
def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


def _init_listened(model: type[models.Model]) -> bool:
    # The receiver lists are empty unless some model's init is listened to (an ImageField, a
    # GenericForeignKey): then ask, per sender, the slower way.
    if not signals.pre_init.receivers and not signals.post_init.receivers:
        return False
    return signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    MUNICIPALITY = "municipality", _("Centrally-run city")
    DISTRICT = "district", _("District")
    URBAN_DISTRICT = "urban_district", _("Urban district")
    TOWN = "town", _("Town")
    CITY = "city", _("Provincial city")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    TOWNSHIP = "township", _("Township")
    SPECIAL_ZONE = "special_zone", _("Special zone")


class UnitLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province level")
    DISTRICT = 2, _("District level")
    COMMUNE = 3, _("Commune level")


class OrgUnit(TimeStampedModel):
    code = models.CharField(_("code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=UnitLevel.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of "code:validfrom" segments, e.g. "/64:20190101/633:20190101/":
    # "every unit under X" is one indexed prefix query on SQLite and PostgreSQL alike.
    path = models.CharField(_("path"), max_length=255, unique=True)
    search_key = models.CharField(max_length=255, editable=False)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    sort_key = models.CharField(max_length=800, editable=False)
    # Centroid (WGS 84 degrees) and area of the unit, where the dataset gives them (the
    # official post-2025 list does; older snapshots mostly do not): the unit page and the
    # outbreak maps read them. Null: not known.
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="orgunit_code_version"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_range",
            ),
        ]
        indexes = [
            models.Index(fields=["valid_from", "valid_to"], name="orgunit_validity"),
            models.Index(fields=["parent", "sort_key"], name="orgunit_children"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> OrgUnit:
        """A unit read with all its columns, built without `Model.__init__`.

        Units are read by the hundred on every page (a district's communes, a province's
        subtree); `__init__` walks its 17 fields through their descriptors for each row and was
        the largest Python cost of the subtree read on PostgreSQL (issue 21). The instance is
        the same: each column's value under its attribute name, a state saying "from `db`, not
        adding". Django's path is kept for a partial read (`only`/`defer`) and whenever a
        receiver listens to the model's init signals."""
        attnames = _attnames(cls)
        if len(values) != len(attnames) or _init_listened(cls):
            unit: OrgUnit = super().from_db(db, field_names, values)
            return unit
        new = cls.__new__(cls)
        new.__dict__.update(zip(attnames, values, strict=True))
        state = ModelState()
        state.adding = False
        state.db = db
        new._state = state
        return new

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class SuccessionKind(models.TextChoices):
    MERGED = "merged", _("merged into")
    RENAMED = "renamed", _("renamed / changed type")
    UNCHANGED = "unchanged", _("continued")
    PARTIAL = "partial", _("part moved to")
    DISSOLVED = "dissolved", _("level abolished; units moved to")
    SPLIT = "split", _("split into")
    UPGRADED = "upgraded", _("became a ward or township")
    MOVED = "moved", _("moved to another district")


class Succession(TimeStampedModel):
    """One crosswalk edge: `predecessor` (an old version) went to `successor`, wholly or partly."""

    predecessor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="successions_out"
    )
    successor = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="successions_in")
    date = models.DateField(_("date of change"))
    kind = models.CharField(_("kind"), max_length=20, choices=SuccessionKind.choices)
    basis = models.CharField(_("legal basis"), max_length=100, blank=True)
    basis_date = models.DateField(_("date of the legal basis"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The date is the later snapshot's, not the resolution's effective date (no source gave
    # that): the change happened on or before `date`, after the snapshot before it.
    approximate = models.BooleanField(_("approximate date"), default=False)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_unique_edge"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.date})"


class OrgUnitDataset(models.Model):
    """Which packaged dataset was loaded, so loading again is a no-op."""

    sha256 = models.CharField(max_length=64, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)
    units = models.PositiveIntegerField()
    successions = models.PositiveIntegerField()
    # The date of the dataset's oldest snapshot. Its units are stored as valid from
    # CODE_SYSTEM_START (2004-01-01); a day before `observed_from` is answered with that tree,
    # flagged as assumed (`selectors.assumed_as_of`). Null: a dataset loaded before this field.
    observed_from = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("loaded unit dataset")
        verbose_name_plural = _("loaded unit datasets")

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.loaded_at:%Y-%m-%d})"


class UnitDataVersion(models.Model):
    """The version of the units table (issue 21): one row (id 1) whose `version` a database
    trigger sets to a new random number on every write to `orgunits_orgunit` — a service, a bulk
    load, the admin, raw SQL, a fixture alike (statement-level on PostgreSQL, with TRUNCATE; per
    row on SQLite, which has no other kind). The per-process unit tree
    (`orgunits.tree`) is kept under it: reading it is the one query a cached subtree costs.
    Random, not the last plus one, so a rolled-back write or a restored database never meets a
    tree cached for another state under the same number. A missing row (a flushed database):
    no version, nothing is cached until the next write makes one."""

    id = models.PositiveSmallIntegerField(primary_key=True)
    version = models.BigIntegerField()

    class Meta:
        verbose_name = _("unit data version")
        verbose_name_plural = _("unit data versions")

    def __str__(self) -> str:
        return f"units = {self.version}"
