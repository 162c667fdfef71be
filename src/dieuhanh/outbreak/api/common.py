"""What the outbreak endpoints share: names shown only where the caller may see them (each read
logged), row ids, paging bounds."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from dieuhanh.accounts.access import request_user
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import PersonalDataAction
from dieuhanh.outbreak.selectors.persons import persons_names
from dieuhanh.outbreak.services.persons import person_access_log

TRACE_LIMIT = 1000

TRACE_LIMIT_MAX = 10_000


def page_bounds(offset: int, limit: int) -> None:
    """Refuse an offset below 0 or a limit outside 1…TRACE_LIMIT_MAX (400, in both languages)."""
    if offset < 0:
        raise ValidationFailed(_("offset must be 0 or more, not %(value)s."), value=offset)
    if not 1 <= limit <= TRACE_LIMIT_MAX:
        raise ValidationFailed(
            _("limit must be between 1 and %(max)s, not %(value)s."),
            max=TRACE_LIMIT_MAX,
            value=limit,
        )


def shown_names(request: HttpRequest, scope: Scope, ids: list[int]) -> dict[int, str]:
    names = persons_names(user=request_user(request), scope=scope, ids=ids)
    if names:
        person_access_log(
            actor=request_user(request), persons=list(names), action=PersonalDataAction.LIST
        )
    return names


# Ids are 64-bit database keys: a larger number is refused as input (422), never sent to SQL.
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]
