"""The demo's ntm data (Chư Sê, 2021). Loading is idempotent."""

from __future__ import annotations


def ntm_demo_load() -> int:
    """Load the ntm demo records; returns how many were created."""
    return 0
