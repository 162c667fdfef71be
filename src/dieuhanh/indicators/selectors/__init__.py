"""Reads of indicators, one module per topic (docs/design.md §2): `figures` (any unit and period
from the running totals, live), `review` (the review table, trends), `rules` (violations),
`forms` (data-entry forms and their states), `values` (history), `imports` (export files and
the templates people fill and import back). Every selector that takes a scope filters by it."""
