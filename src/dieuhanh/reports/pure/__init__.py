"""Pure computations of the reports: phrasing, the document model, charts (no Django)."""
