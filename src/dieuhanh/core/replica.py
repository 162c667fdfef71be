"""Read-only pages on the standby, with read-your-writes (issue 21).

With `DATABASE_REPLICA_URL` set, the settings add a `replica` database (a PostgreSQL streaming
standby) and this module's router. A request reads from the standby only when

- its view is marked `@reads_from_replica` (dashboards, review tables, reports, rates) or its
  path starts with one of `settings.REPLICA_READ_PATHS` (the read-only API endpoints: django-ninja
  dispatches through one view, so the API is marked by path), and it is a GET or HEAD;
- the model is not one that must always be fresh (sessions, users and their rights, login
  throttling, the cache table: `PRIMARY_ONLY_APPS`);
- and the standby has replayed this client's last write: after a request that may have written
  (any other method), the middleware stores the primary's `pg_current_wal_lsn()` in the
  shared cache under the client (its session, else its API token); a later marked request reads
  from the standby only if `pg_last_wal_replay_lsn()` there is at or past that position, else
  from the primary. "Save → the district total moves" holds whichever node serves the next page.

Writes always go to the primary. Without `DATABASE_REPLICA_URL` none of this is installed.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import DatabaseError, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"
# Read on the primary even inside a marked request: a login just written, a right just removed,
# the throttling counters and the cache table must never be read stale.
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "accounts", "axes", "contenttypes", "admin", "django_cache"}
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MARK = "reads_from_replica"
READ_HEADER = "X-Dieuhanh-Read"
# How long a client's last write position is kept: past it the standby has long replayed it.
LSN_SECONDS = 3600

_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "dieuhanh_reading_replica", default=False
)

F = TypeVar("F", bound=Callable[..., Any])


def reads_from_replica(view: F) -> F:
    """Mark a read-only view: its queries may be served by the standby (read-your-writes)."""
    setattr(view, MARK, True)
    return view


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def reading_replica() -> bool:
    """Whether this request's reads currently go to the standby."""
    return _reading_replica.get()


class ReplicaRouter:
    """Database router: marked reads to the standby, everything else to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if _reading_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the standby is a copy of the primary: the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


def client_key(request: HttpRequest) -> str | None:
    """Who wrote: the session (cookie), else the API token (Authorization header), hashed."""
    session = getattr(request, "session", None)
    raw = getattr(session, "session_key", None) or request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if raw:
        raw = "s:" + raw
    elif request.headers.get("Authorization"):
        raw = "t:" + request.headers["Authorization"]
    if not raw:
        return None
    return "dieuhanh:ryw:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def primary_lsn() -> str | None:
    """The primary's WAL write position: at or past the end of every transaction committed
    before it (PostgreSQL only)."""
    connection = connections[PRIMARY]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        row = cursor.fetchone()
    return str(row[0]) if row else None


def replica_has_replayed(lsn: str) -> bool:
    """Whether the standby has replayed the primary's WAL up to `lsn`. False when it cannot say
    (unreachable, or no longer a standby — promoted: then the primary URL reaches it anyway)."""
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            row = cursor.fetchone()
    except DatabaseError:
        log.warning("standby unreachable: reading from the primary", exc_info=True)
        connection.close()
        return False
    return bool(row and row[0])


def replica_available() -> bool:
    """The standby answers and is still a standby (no stored write to wait for)."""
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            row = cursor.fetchone()
    except DatabaseError:
        log.warning("standby unreachable: reading from the primary", exc_info=True)
        connection.close()
        return False
    return bool(row and row[0])


def _marked(request: HttpRequest, view: Callable[..., Any]) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if getattr(view, MARK, False):
        return True
    return any(request.path.startswith(p) for p in settings.REPLICA_READ_PATHS)


def choose_replica(request: HttpRequest, view: Callable[..., Any]) -> bool:
    """Whether this request reads from the standby (the read-your-writes rule)."""
    if not _marked(request, view):
        return False
    key = client_key(request)
    lsn = cache.get(key) if key else None
    if lsn is None:
        return replica_available()
    return replica_has_replayed(str(lsn))


class ReplicaMiddleware:
    """Routes a marked request's reads to the standby when it has the client's last write, and
    remembers the primary's position after a request that may have written."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not replica_configured():
            raise MiddlewareNotUsed  # one database: not even a check per request
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reading_replica.set(False)
        try:
            response = self.get_response(request)
            if getattr(request, "_dieuhanh_marked", False):
                # which database answered a marked request (operators, the cluster tests)
                response[READ_HEADER] = REPLICA if _reading_replica.get() else "primary"
        finally:
            _reading_replica.reset(token)
        if request.method not in SAFE_METHODS:  # a request may commit, then fail
            self.remember_write(request)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        if _marked(request, view):
            request._dieuhanh_marked = True  # type: ignore[attr-defined]  # a flag of ours
            if choose_replica(request, view):
                _reading_replica.set(True)

    @staticmethod
    def remember_write(request: HttpRequest) -> None:
        """Keep the primary's WAL position for this client: its reads go to the standby only
        once the standby has replayed that far (also called when a client sees its background
        job finished: the worker's writes are the client's too)."""
        key = client_key(request)
        if key is None:
            return
        try:
            lsn = primary_lsn()
        except DatabaseError:
            log.warning("cannot read the primary's WAL position", exc_info=True)
            return
        if lsn is not None:
            cache.set(key, lsn, LSN_SECONDS)
