"""REST endpoints of indicators, one module (and router) per topic as in `services` and `selectors`
(docs/design.md §2): the review table, rule violations, data-entry forms and their cycle, import and
export. Each endpoint checks the role's module first, then filters by the caller's scope."""

from __future__ import annotations

from ninja import Router

from dieuhanh.indicators.api import (
    completeness,
    forms,
    imports,
    review,
    rules,
)

router = Router()
for topic in (
    review,
    rules,
    forms,
    imports,
    completeness,
):
    router.add_router("", topic.router)
