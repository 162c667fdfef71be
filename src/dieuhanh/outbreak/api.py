"""REST endpoints of the epidemic response: tracing (persons, cases, check-ins) and care."""

from __future__ import annotations

from ninja import Router

from dieuhanh.outbreak.api_care import router as care_router
from dieuhanh.outbreak.api_tracing import router as tracing_router

router = Router(tags=["outbreak"])
router.add_router("", tracing_router)
router.add_router("", care_router)
