"""The demo's epidemic-care data (tests, quarantine, zones, readiness; Chư Sê 2021). Idempotent."""

from __future__ import annotations


def outbreak_care_demo_load() -> int:
    """Load the care demo records (after the cases); returns how many were created."""
    return 0
