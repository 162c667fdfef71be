"""REST endpoints of the epidemic response (tracing)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["outbreak"])
