"""REST endpoints of new-rural development, one module (and router) per topic as in `services` and
`selectors` (docs/design.md §2): the summary and matrix, assessments, recognitions, the workbook.
Each endpoint checks the role's module first, then filters by the caller's scope."""

from __future__ import annotations

from ninja import Router

from dieuhanh.ntm.api import (
    assessments,
    exchange,
    recognitions,
    summary,
)

router = Router()
for topic in (
    summary,
    assessments,
    recognitions,
    exchange,
):
    router.add_router("", topic.router)
