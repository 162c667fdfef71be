"""Reads of the "4 tại chỗ" readiness of units."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.models import READINESS_ITEMS, ReadinessItem, ReadinessPillar
from dieuhanh.outbreak.pure.risk import Gap

PILLAR_ORDER = [p.value for p in ReadinessPillar]

ITEM_LABELS = {code: label for items in READINESS_ITEMS.values() for code, label in items}

ITEM_UNITS_VI = {
    "steering_members": "người",
    "health_staff": "người",
    "police": "người",
    "militia": "người",
    "volunteers": "người",
    "vehicles": "phương tiện",
    "equipment": "bộ",
    "test_kits": "bộ",
    "supplies": "suất",
    "beds": "giường",
}
"""What each readiness item is counted in, as a report writes it: "thiếu 2.100 bộ"."""


@dataclass(frozen=True)
class ReadinessLine:
    item: ReadinessItem
    gap: Gap

    @property
    def label(self) -> str:
        return str(ITEM_LABELS.get(self.item.item, self.item.item))


@dataclass
class UnitReadiness:
    unit: OrgUnit
    pillars: dict[str, list[ReadinessLine]]

    @property
    def missing_items(self) -> int:
        return sum(1 for lines in self.pillars.values() for ln in lines if ln.gap.missing)


def readiness_table(*, scope: Scope, unit: OrgUnit) -> list[UnitReadiness]:
    """Readiness of `unit` and of every unit below it that has records, in path order."""
    items = (
        ReadinessItem.objects.filter(scope.within_q(unit.path, "unit_path"))
        .select_related("unit")
        .order_by("unit_path", "pillar", "item")
    )
    by_unit: dict[int, UnitReadiness] = {}
    for it in items:
        entry = by_unit.setdefault(it.unit_id, UnitReadiness(it.unit, defaultdict(list)))
        entry.pillars[it.pillar].append(ReadinessLine(it, Gap(it.required, it.available)))
    out = list(by_unit.values())
    for entry in out:
        entry.pillars = {p: entry.pillars.get(p, []) for p in PILLAR_ORDER}
    out.sort(key=lambda e: (e.unit.level, e.unit.sort_key, e.unit.code))
    return out


def readiness_item_get(*, scope: Scope, item_id: int) -> ReadinessItem:
    it = ReadinessItem.objects.filter(scope.view_q("unit_path"), pk=item_id).first()
    if it is None:
        raise NotFound(_("No readiness item %(id)s in your units."), id=item_id)
    return it
