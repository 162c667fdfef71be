"""Reads of what the check-in page keeps: the health declarations with a yes-answer (khai báo có
triệu chứng / về từ vùng dịch) that the health officers of the venue's unit follow up, and the
open check-in a phone's cookie names."""

from __future__ import annotations

import re

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


_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,32}")


def open_checkin_by_token(*, token: str, venue_id: int) -> tuple[int, int] | None:
    """(person id, check-in time in epoch seconds) of the check-in at `venue_id` whose declaration
    holds `token`, the key the phone's cookie keeps; None for no such check-in."""
    if not _TOKEN.fullmatch(token):
        return None
    row = (
        HealthDeclaration.objects.filter(checkin_token=token, venue_id=venue_id)
        .values_list("person_id", "declared_at")
        .first()
    )
    return None if row is None else (row[0], int(row[1].timestamp()))
