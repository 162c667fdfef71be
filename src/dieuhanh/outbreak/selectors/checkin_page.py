"""Reads of what the check-in page keeps: the health declarations with a yes-answer (khai báo có
triệu chứng / về từ vùng dịch) that the health officers of the venue's unit follow up."""

from __future__ import annotations

from django.db.models import QuerySet

from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.models import HealthDeclaration


def declarations_flagged(
    *, scope: Scope, unit: OrgUnit, limit: int = 300
) -> QuerySet[HealthDeclaration]:
    """Declarations with any yes-answer made at venues of the unit's subtree that the scope may
    see, newest first. No date window: a declaration is kept only for the retention period."""
    return (
        HealthDeclaration.objects.filter(scope.within_q(unit.path, "unit_path"), flagged=True)
        .select_related("venue")
        .order_by("-declared_at", "-id")[:limit]
    )
