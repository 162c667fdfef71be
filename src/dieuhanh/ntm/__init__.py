"""New-rural development: criteria sets, commune assessments, recognitions (nông thôn mới)."""
