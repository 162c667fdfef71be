"""REST endpoints of direction, one module (and router) per topic as in `services` and `selectors`
(docs/design.md §2): tasks and the leaders' table, conferences and resolutions, Party inspection,
the public-order log, public opinion and campaigns. Each endpoint checks the role's module first,
then filters by the caller's scope."""

from __future__ import annotations

from ninja import Router

from dieuhanh.direction.api import (
    conferences,
    inspection,
    opinion,
    public_order,
    tasks,
)

router = Router()
for topic in (
    tasks,
    conferences,
    inspection,
    public_order,
    opinion,
):
    router.add_router("", topic.router)
