"""Writes of the epidemic response, one module per topic (docs/design.md §2).

Tracing: `persons`, `cases`, `contacts`, `imports` (check-ins and cases from files; the check-in
store itself is `outbreak.checkin_store`). Care: `quarantine` (rules, facilities, quarantines,
health checks, arrivals), `testing` (samples, pools), `zones` (home locations, zones),
`readiness` (risk profiles, "4 tại chỗ"). Keyword-only, validated in full before writing, one
transaction; `actor=None` is the system (the console without --user).
"""
