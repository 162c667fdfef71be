"""The units a user may see or change, as plain data every selector filters by.

A scope is a set of materialised paths: a unit is inside when its path starts with one of
them. `accounts` builds it from the user's grants; domain selectors take it as an argument,
so no domain app needs to import `accounts` and no object is fetched by id alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q


def path_prefix_q(field: str, prefix: str) -> Q:
    """Rows whose materialised path `field` starts with `prefix` ("/64:20190101/").

    On SQLite a LIKE with ESCAPE cannot use an index, so the prefix becomes the equivalent
    range (paths hold only digits, ":" and "/", and "/" < "0" in binary order). PostgreSQL keeps
    LIKE 'prefix%', which its pattern-ops index serves whatever the database collation.
    """
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix[:-1] + "0"})
    return Q(**{f"{field}__startswith": prefix})


@dataclass(frozen=True)
class Scope:
    """`unrestricted` for system administrators; otherwise the path prefixes granted."""

    view_paths: tuple[str, ...] = ()
    capture_paths: tuple[str, ...] = ()
    unrestricted: bool = False
    # Where persons' identities may be seen, when narrower than `view_paths`: a unit formed in
    # part from an old one sees that old unit's figures, not all of its people. None: the same.
    identity_paths: tuple[str, ...] | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls(unrestricted=True)

    @classmethod
    def nothing(cls) -> Scope:
        return cls()

    def can_view_path(self, path: str) -> bool:
        return self.unrestricted or any(path.startswith(p) for p in self.view_paths)

    def can_capture_path(self, path: str) -> bool:
        return self.unrestricted or any(path.startswith(p) for p in self.capture_paths)

    def view_q(self, path_field: str = "path") -> Q:
        """A filter for querysets whose `path_field` is a unit's materialised path."""
        return self._q(self.view_paths, path_field)

    def within_q(self, path: str, path_field: str = "path") -> Q:
        """Rows under the unit whose materialised path is `path` (itself included) that the
        scope may see: a page about a unit shows its subtree, cut to the scope."""
        return path_prefix_q(path_field, path) & self.view_q(path_field)

    def identity_q(self, path_field: str = "path") -> Q:
        """A filter for persons (and rows naming them) whose identity the scope may show."""
        paths = self.view_paths if self.identity_paths is None else self.identity_paths
        return self._q(paths, path_field)

    def can_see_identity_path(self, path: str) -> bool:
        paths = self.view_paths if self.identity_paths is None else self.identity_paths
        return self.unrestricted or any(path.startswith(p) for p in paths)

    def capture_q(self, path_field: str = "path") -> Q:
        return self._q(self.capture_paths, path_field)

    def _q(self, paths: tuple[str, ...], path_field: str) -> Q:
        if self.unrestricted:
            return Q()
        if not paths:
            return Q(pk__in=[])
        q = Q()
        for p in paths:
            q |= path_prefix_q(path_field, p)
        return q


def request_scope(request: object) -> Scope:
    """The scope `accounts` attached to the request (see accounts.middleware)."""
    scope: Scope | None = getattr(request, "scope", None)  # a lazy Scope, or no middleware
    if scope is None:
        return Scope.nothing()
    return scope
