"""Writes of new-rural development (nông thôn mới), one module per topic (docs/design.md §2):
`criteria_sets` (the national sets and communes' regions), `assessments` (a commune's values and
results for a year, with evidence), `recognitions` (decisions that a commune meets a standard,
and their revocation), `exchange` (the assessment workbook imported back)."""
