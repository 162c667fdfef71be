"""Pages of new-rural development, one module per topic as in `services` and `selectors`
(docs/design.md §2). Every page checks the role's module first."""
