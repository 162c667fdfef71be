"""The dashboard's inbox (hộp việc): forms awaiting my approval, forms my units must still
submit (deadlines from the Decree 09 reporting calendar), overdue tasks led by my units.

A template tag, so the dashboard view stays as it is: `web/_inbox.html` asks for it with
`{% inbox as box %}`. Each list reads one app through its selectors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django import template
from django.utils.translation import get_language

from dieuhanh.accounts.models import Access, Role, User
from dieuhanh.accounts.permissions import Module, role_can_read, role_can_write
from dieuhanh.accounts.selectors import user_scopes
from dieuhanh.core.commands import today
from dieuhanh.core.scope import Scope, request_scope
from dieuhanh.core.versions import data_cached
from dieuhanh.direction.pure.status import TaskStatus
from dieuhanh.direction.selectors.tasks import TaskRow, task_rows
from dieuhanh.direction.versions import DIRECTION
from dieuhanh.indicators.selectors.forms import FormDue, forms_to_submit, reports_awaiting_approval
from dieuhanh.indicators.versions import FORMS
from dieuhanh.periods import PeriodError, parse_period

if TYPE_CHECKING:
    from dieuhanh.indicators.models import DataSetReport
    from dieuhanh.orgunits.models import OrgUnit

register = template.Library()

SHOWN = 6
"""Items shown per list; the rest behind a link to the full page."""


@dataclass(frozen=True)
class Awaiting:
    """A submitted form, with its period as people read it ("tháng 9 năm 2021")."""

    report: DataSetReport
    period_label: str


@dataclass
class Inbox:
    awaiting: list[Awaiting] = field(default_factory=list)
    awaiting_total: int = 0
    to_submit: list[FormDue] = field(default_factory=list)
    to_submit_total: int = 0
    overdue_tasks: list[TaskRow] = field(default_factory=list)
    overdue_tasks_total: int = 0

    @property
    def empty(self) -> bool:
        return not (self.awaiting_total or self.to_submit_total or self.overdue_tasks_total)


def _period_label(code: str) -> str:
    try:
        return parse_period(code).label_vi()
    except PeriodError:
        return code


@register.simple_tag(takes_context=True)
def inbox(context: template.Context) -> Inbox:
    request = context["request"]
    user = request.user
    box = Inbox()
    if not isinstance(user, User) or not user.is_authenticated:
        return box
    scope = request_scope(request)
    on = today()
    grants = list(user_scopes(user=user))
    # The forms' lists are cached under the forms' version (indicators.versions), which a
    # submission, an approval or a return moves and a saved value does not.
    if user.role in {Role.LEADER, Role.ADMIN} and role_can_read(user.role, Module.INDICATORS):
        awaiting = data_cached(
            (FORMS,),
            ("inbox.awaiting", scope),
            lambda: reports_awaiting_approval(scope=scope),
        )
        box.awaiting = [Awaiting(r, _period_label(r.period)) for r in awaiting[:SHOWN]]
        box.awaiting_total = len(awaiting)
    if role_can_write(user.role, Module.INDICATORS):
        capture = [g.unit for g in grants if g.access == Access.CAPTURE]
        due = data_cached(
            (FORMS,),
            ("inbox.to_submit", scope, tuple(u.pk for u in capture), on),
            lambda: forms_to_submit(units=capture, scope=scope, today=on),
        )
        box.to_submit, box.to_submit_total = due[:SHOWN], len(due)
    if role_can_read(user.role, Module.DIRECTION):
        units = [g.unit for g in grants]
        # Cached under the direction module's version (core.versions), keyed by the scope and
        # the granted units: no indicator save moves it.
        overdue = data_cached(
            (DIRECTION,),
            ("inbox.overdue", scope, tuple(u.pk for u in units), on, get_language()),
            lambda: _overdue_tasks(scope, units, on),
        )
        box.overdue_tasks, box.overdue_tasks_total = overdue[:SHOWN], len(overdue)
    return box


def _overdue_tasks(scope: Scope, units: list[OrgUnit], on: datetime.date) -> list[TaskRow]:
    seen: set[int] = set()
    overdue: list[TaskRow] = []
    for unit in units:
        for row in task_rows(scope=scope, unit=unit, today=on, status=TaskStatus.OVERDUE.value):
            if row.id not in seen:
                seen.add(row.id)
                overdue.append(row)
    overdue.sort(key=lambda r: (r.deadline, r.id))
    return overdue
