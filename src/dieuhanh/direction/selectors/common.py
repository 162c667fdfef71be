"""What the direction reads share: a task's status in words, and the rows of a unit's territory (the
units it was formed from included)."""

from __future__ import annotations

import functools

from django.db.models import Q
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from dieuhanh.core.scope import path_prefix_q
from dieuhanh.direction.pure.status import TaskStatus
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import predecessor_paths


def status_label(status: str) -> str:
    """The status in the active language (English msgids, Vietnamese catalogue)."""
    return status_labels(get_language() or "")[TaskStatus(status)]


@functools.lru_cache(maxsize=8)
def status_labels(language: str) -> dict[TaskStatus, str]:
    return {
        TaskStatus.NEW: _("New"),
        TaskStatus.IN_PROGRESS: _("In progress"),
        TaskStatus.DONE: pgettext("task status", "Done"),
        TaskStatus.OVERDUE: _("Overdue"),
        TaskStatus.DONE_LATE: _("Done late"),
    }


def territory_q(field: str, unit: OrgUnit) -> Q:
    """Records of `unit`'s subtree and of the units that went into it: since the 2025 reform
    Xã Chư Sê also answers for what Thị trấn Chư Sê and the communes merged into it left open."""
    q = path_prefix_q(field, unit.path)
    for path in sorted(predecessor_paths(units=[unit])):
        q |= path_prefix_q(field, path)
    return q
