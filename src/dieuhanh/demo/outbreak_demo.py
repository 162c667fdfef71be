"""The demo's outbreak data (Chư Sê, 2021). Loading is idempotent."""

from __future__ import annotations


def outbreak_demo_load() -> int:
    """Load the outbreak demo records; returns how many were created."""
    return 0
