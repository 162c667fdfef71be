"""Writes of direction (chỉ đạo, điều hành), one module per topic (docs/design.md §2):
`conferences` (conferences, their documents, resolutions and directives), `tasks` (assignment,
rescheduling, progress), `reminders` (deadlines and escalations), `inspection` (Party inspection
and supervision), `public_order` (the public-order log), `opinion` (public opinion and
propaganda). Every write checks the role's module first, then the unit against the scope."""
