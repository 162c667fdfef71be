"""Pages of direction, one module per topic as in `services` and `selectors` (docs/design.md
§2). Each page checks the role's module first (`module_required`), then reads through the
selectors with the caller's scope."""
