"""Reads of direction, one module per topic as in `services` (docs/design.md §2). Every selector
filters by the caller's scope; a unit's territory includes the units it was formed from."""
