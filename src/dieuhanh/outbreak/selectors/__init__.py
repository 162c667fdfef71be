"""Reads of the epidemic response, one module per topic (docs/design.md §2). Every selector
filters by the caller's scope.

Identities (họ tên, CCCD, điện thoại, địa chỉ) are shown only to roles with the PERSONAL_DATA
module whose scope covers the person's unit (the unit or one of its ancestors); everybody else
with OUTBREAK read sees counts only (`persons.identity_visible`).
"""
