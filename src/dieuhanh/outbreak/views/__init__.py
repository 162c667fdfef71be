"""Pages of the epidemic response, one module per topic as in `services` and `selectors`
(docs/design.md §2). Thin: every read goes through selectors, every write through services.

Every page needs module OUTBREAK; names appear only for roles that may see identities
(`selectors.persons.identity_visible`), and every list or record showing names is logged
(`services.persons.person_access_log`).
"""
