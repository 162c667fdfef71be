"""REST endpoints of the epidemic response, one module (and router) per topic as in `services`
and `selectors` (docs/design.md §2): tracing (persons, cases, the trace, contacts, chains, the
dashboard, imports) and care (quarantine, testing, zones, readiness). Each endpoint checks the
role's module first (`module_required`), then filters by the caller's scope."""

from __future__ import annotations

from ninja import Router

from dieuhanh.outbreak.api import (
    cases,
    chains,
    contacts,
    dashboard,
    imports,
    persons,
    quarantine,
    readiness,
    testing,
    tracing,
    venues,
    zones,
)

router = Router()
for topic in (
    persons,
    cases,
    tracing,
    contacts,
    chains,
    dashboard,
    imports,
    quarantine,
    testing,
    zones,
    readiness,
    venues,
):
    router.add_router("", topic.router)
