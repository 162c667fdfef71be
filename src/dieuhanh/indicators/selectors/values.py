"""The history of values (lịch sử thay đổi): who changed what, when, from what to what."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import DataValue, DataValueChange
from dieuhanh.orgunits.models import OrgUnit


def value_history(*, unit: OrgUnit, scope: Scope, limit: int = 50) -> list[DataValueChange]:
    """The newest changes of the values of a unit and the units below it that the scope sees
    (who, when, where, from what to what), newest first: a district's history shows its
    communes' changes.

    The creation of a value by an import that has not been changed since is recorded by the
    import (ValueImport), not by a history row: it is shown here as the row the import would
    have written — the import's time and user, action "import", no old value."""
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=unit.code
        )
    changes = list(
        DataValueChange.objects.filter(scope.within_q(unit.path, "unit__path"))
        .select_related("indicator", "option", "user", "unit")
        .order_by("-at", "-id")[:limit]
    )
    imported = [
        DataValueChange(
            data_value=dv,
            indicator=dv.indicator,
            option=dv.option,
            unit=dv.unit,
            period=dv.period,
            at=dv.created_by_import.at,
            user=dv.created_by_import.user,
            action="import",
            old_value=None,
            new_value=dv.value,
            old_status="",
            new_status=dv.status,
        )
        for dv in DataValue.objects.filter(
            scope.within_q(unit.path, "unit__path"), created_by_import__isnull=False
        )
        .select_related("indicator", "option", "unit", "created_by_import__user")
        .order_by("-created_by_import__at", "-id")[:limit]
        if dv.created_by_import is not None
    ]
    if not imported:
        return changes
    # Newest first; at the same time an import's creations come after (below) later rows.
    return sorted(
        [*changes, *imported], key=lambda c: (c.at, c.pk is not None, c.pk or 0), reverse=True
    )[:limit]
