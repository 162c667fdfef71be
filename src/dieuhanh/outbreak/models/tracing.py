"""Persons, cases, venues, check-ins and exposures (tracing)."""

from __future__ import annotations

__all__: list[str] = []
