"""The demo's direction data (Chư Sê, 2021). Loading is idempotent."""

from __future__ import annotations


def direction_demo_load() -> int:
    """Load the direction demo records; returns how many were created."""
    return 0
