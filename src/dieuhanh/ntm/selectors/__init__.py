"""Reads of new-rural development, one module per topic as in `services` (docs/design.md §2),
plus `summary` (the commune × criterion matrix, the district's progress, the dashboard and the
review report's section). Every selector that returns units takes the caller's scope."""
