"""Tests and pools, quarantine and its rules, arrivals, zones and readiness (care)."""

from __future__ import annotations

__all__: list[str] = []
