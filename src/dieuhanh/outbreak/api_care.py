"""REST endpoints of the epidemic response (care)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["outbreak"])
