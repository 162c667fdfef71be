"""Pages of indicators, one module per topic as in `services` and `selectors` (docs/design.md
§2): the review table, data-entry forms and their cycle, the history of values, import and
templates. Every page checks the role's module first."""
