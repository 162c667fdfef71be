"""The review's outbreak section, read through that app's selectors (temporary until they land)."""

from __future__ import annotations

import datetime

from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit


def paragraphs(
    *, scope: Scope, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[str] | None:
    return None
