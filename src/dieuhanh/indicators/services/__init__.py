"""Writes of indicators, one module per topic (docs/design.md §2): `values` (data entry, with
conflict detection and the running totals kept by every write), `forms` (submit, approve,
unlock), `rules` (validation rules), `imports` (DHIS2 JSON/CSV and the Excel template: every
row checked before anything is written)."""
