"""The review's direction sections (temporary until the direction selectors land)."""

from __future__ import annotations

import datetime

from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.reports.pure.document import Table


def public_order_paragraphs(
    *, scope: Scope, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[str] | None:
    return None


def politics_paragraphs(
    *, scope: Scope, role: str, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[str] | None:
    return None


def directions_paragraphs(
    *,
    scope: Scope,
    unit: OrgUnit,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> list[str] | None:
    return None


def task_tables(
    *,
    scope: Scope,
    role: str,
    unit: OrgUnit,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> dict[str, Table]:
    empty = Table(title="", header=(), rows=(), numeric=())
    return {"tasks": empty, "task_units": empty}
