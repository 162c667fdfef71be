"""The sections of the review report, each composed from one module's review selectors:
`indicators` (figures, the key-indicator table, the structure chart), `ntm`, `outbreak`,
`direction` (security, the political system, directions and the task tables)."""
