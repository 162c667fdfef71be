"""Discovery of every page (Django URL resolver) and every API operation (the OpenAPI schema),
and the table of sample values that fills their parameters with objects of scope A.

A parameter name with no sample is an error (`MissingSample`): a new endpoint is never skipped
silently. Add its sample to `SAMPLES` (or `SAMPLES_BY_ROUTE` when the name is ambiguous).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from tests.trust.conftest import NAME_A, ON, UNIT_A, UNIT_B

Sample = str | Callable[[], str]

# URL prefixes left out of the page sweep, each with its reason.
EXCLUDED_PREFIXES: dict[str, str] = {
    "api/": "API operations are enumerated from the OpenAPI schema, with their methods",
    "c/": "the public QR check-in page: no login, shows a venue's name, address and unit as its "
    "printed poster does, reached only by the poster's random token (tests/outbreak/views/"
    "test_checkin_page.py covers unknown and replaced tokens)",
    "admin/": "the admin needs is_staff, given only to the ADMIN role (every unit); "
    "test_admin_refuses_every_other_role covers it",
}


def _object_outside_b(label: str, *unit_fields: str, with_file: str = "") -> Callable[[], str]:
    """The id of a `label` object in scope A if there is one, else of one outside scope B."""

    def pick() -> str:
        model = apps.get_model(label)
        unit_model = apps.get_model("orgunits.OrgUnit")
        a_path = unit_model.objects.filter(code=UNIT_A).values_list("path", flat=True).first()
        b_path = unit_model.objects.filter(code=UNIT_B).values_list("path", flat=True).first()
        qs = model.objects.order_by("pk")
        if with_file:
            qs = qs.exclude(**{with_file: ""})
        for unit_field in unit_fields:
            found = qs.filter(**{f"{unit_field}__path__startswith": a_path}).first()
            if found is not None:
                return str(found.pk)
        for unit_field in unit_fields:
            found = qs.exclude(**{f"{unit_field}__path__startswith": b_path}).first()
            if found is not None:
                return str(found.pk)
        raise LookupError(f"no {label} outside scope B in the demo: add one to the demo data")

    return pick


def _job_of(username: str) -> str:
    """The id of the finished job (with its result file) the world makes for `username`."""
    model = apps.get_model("jobs.Job")
    found = model.objects.filter(owner__username=username).exclude(result_path="").first()
    if found is None:
        raise LookupError(f"no job of {username}: the world makes one")
    return str(found.pk)


def _case_person_outside_b() -> str:
    """The person id of a case in scope A (the trace by person names the case by its person)."""
    case_id = _object_outside_b("outbreak.Case", "person__unit")()
    return str(apps.get_model("outbreak.Case").objects.get(pk=case_id).person_id)


def _spare_token() -> str:
    """The id of the token of scope A's viewer that no test authenticates with (the world's
    last): an administrator's sweep may revoke it, and nobody else may."""
    model = apps.get_model("accounts.ApiToken")
    found = model.objects.filter(user__username="trust_A_viewer").order_by("-pk").first()
    if found is None:
        raise LookupError("no API token of trust_A_viewer: the world issues one")
    return str(found.pk)


# Sample value of each parameter name (path or query), chosen in scope A (Xã Ia Blang, 2021).
SAMPLES: dict[str, Sample] = {
    "code": UNIT_A,
    "unit": UNIT_A,
    "unit_code": UNIT_A,
    "orgunit": UNIT_A,
    "period": "202106",
    "data_set": "KTXH_THANG",
    "on": ON.isoformat(),
    "date": ON.isoformat(),
    "q": NAME_A.split()[-1],  # "Blang": finds Ia Blang, yet an echo of it is not the name
    "limit": "50",
    "format": "dhis2-csv",
    "fmt": "md",
    "layout": "party",
    "dry_run": "false",
    "action": "submit",
    "task_id": _object_outside_b("direction.Task", "lead_unit"),
    "progress_id": _object_outside_b(
        "direction.TaskProgress", "task__lead_unit", with_file="attachment"
    ),
    "conference_id": _object_outside_b("direction.Conference", "unit"),
    "decision_id": _object_outside_b("direction.Decision", "unit"),
    "document_id": _object_outside_b("direction.ConferenceDocument", "conference__unit"),
    "item_id": _object_outside_b("direction.InspectionItem", "programme__unit"),
    "year": "2021",
    "start": "2021-01-01",
    "end": "2021-06-30",
    "rid": _object_outside_b("ntm.Recognition", "unit"),
    "person_id": _object_outside_b("outbreak.Person", "unit"),
    "case_id": _object_outside_b("outbreak.Case", "person__unit"),
    "quarantine_id": _object_outside_b("outbreak.Quarantine", "person__unit"),
    "sample_id": _object_outside_b("outbreak.Sample", "person__unit", "pool__unit"),
    "zone_id": _object_outside_b("outbreak.Zone", "unit"),
    "venue_id": _object_outside_b("outbreak.Venue", "unit"),
    "assessment_id": _object_outside_b("ntm.Assessment", "unit"),
    "token_id": _spare_token,
    "job_id": lambda: _job_of("trust_A_leader"),
}

# Where one name means different things: (route as listed by discovery, name) -> sample.
SAMPLES_BY_ROUTE: dict[tuple[str, str], Sample] = {
    ("/api/periods/{code}", "code"): "202106",
    ("/api/reports/review", "format"): "md",
    ("/ntm/recognitions/<int:pk>/revoke/", "pk"): _object_outside_b("ntm.Recognition", "unit"),
    ("/ntm/attachments/<int:pk>/", "pk"): _object_outside_b("ntm.Attachment", "assessment__unit"),
    ("/api/outbreak/trace", "person"): _case_person_outside_b,
}

# Operations whose answer is the same for everyone (reference data, no unit in it).
GLOBAL_REFERENCE: dict[str, str] = {
    "/api/periods/{code}": "reporting periods are a calendar, the same for every unit",
}


class MissingSample(LookupError):
    pass


def sample(route: str, name: str) -> str:
    value = SAMPLES_BY_ROUTE.get((route, name), SAMPLES.get(name))
    if value is None:
        raise MissingSample(
            f"{route}: no sample value for the parameter “{name}”. Add one to SAMPLES in "
            f"tests/trust/endpoints.py (an object of scope A, Xã Ia Blang {UNIT_A}) so the "
            "scope-isolation test covers this endpoint."
        )
    return value() if callable(value) else value


@dataclass(frozen=True)
class Page:
    route: str  # "indicators/forms/<str:data_set>/<str:unit>/<str:period>/"
    params: tuple[str, ...]
    view: str

    @property
    def display(self) -> str:
        return "/" + self.route

    def url(self) -> str:
        def fill(match: re.Match[str]) -> str:
            return sample(self.display, match.group("name"))

        return "/" + re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, self.route)


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def pages() -> list[Page]:
    found = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if any(route.startswith(prefix) for prefix in EXCLUDED_PREFIXES):
            continue
        if not hasattr(pattern.pattern, "converters"):
            raise AssertionError(f"{route}: a regex URL pattern; give it a sample by hand")
        params = tuple(pattern.pattern.converters)
        found.append(Page(route, params, pattern.lookup_str))
    return found


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # "/api/forms/{data_set}/{unit}/{period}"
    operation: dict[str, Any]

    @property
    def display(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def path_params(self) -> list[str]:
        return [p["name"] for p in self.operation.get("parameters", []) if p["in"] == "path"]

    def query(self) -> dict[str, str]:
        """Every query parameter that has a sample; a required one without a sample fails."""
        out = {}
        for p in self.operation.get("parameters", []):
            if p["in"] != "query":
                continue
            if p.get("required") or p["name"] in SAMPLES:
                out[p["name"]] = sample(self.path, p["name"])
        return out

    def url(self) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: sample(self.path, m.group(1)), self.path)


def operations(schema: dict[str, Any]) -> list[Operation]:
    return [
        Operation(method, path, op)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def body_for(op: Operation, schema: dict[str, Any]) -> tuple[str, Any] | None:
    """A request body aimed at scope A: ("json", data) or ("multipart", fields); None if none."""
    content = op.operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return "json", _instance(content["application/json"]["schema"], schema, op.path, "")
    if "multipart/form-data" in content:
        fields = _instance(content["multipart/form-data"]["schema"], schema, op.path, "")
        return "multipart", fields
    return None


def _resolve(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _instance(node: dict[str, Any], schema: dict[str, Any], route: str, name: str) -> Any:
    node = _resolve(node, schema)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in node:
            options = [o for o in node[combined] if _resolve(o, schema).get("type") != "null"]
            return _instance(options[0], schema, route, name)
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return {
            key: _instance(sub, schema, route, key)
            for key, sub in node.get("properties", {}).items()
        }
    if kind == "array":
        return [_instance(node.get("items", {}), schema, route, name)]
    if "enum" in node:
        return node["enum"][0]
    if kind == "string" and node.get("format") == "binary":
        return None  # the caller supplies the file
    if name in SAMPLES or (route, name) in SAMPLES_BY_ROUTE:
        value = sample(route, name)
        if kind == "integer":
            return int(value) if value.isdigit() else 1
        return value
    return {"integer": 1, "number": 1.5, "boolean": False}.get(
        kind or "string", f"Kiểm thử <b>{name}</b>"
    )


# Tables that a read may legitimately write (sessions, login records, token use, access logs;
# the audit log is checked request by request in the sweep instead).
VOLATILE_TABLES = re.compile(
    r"^(django_session|core_auditevent|axes_.*|accounts_apitoken|django_admin_log|.*accesslog.*|"
    r".*personaldataaccess.*)$"
)


def database_digest() -> dict[str, str]:
    """A digest of every table's rows (volatile tables left out), to prove nothing changed.

    Each row is spelled out by the database itself (PostgreSQL's row text, SQLite's `quote()`
    of every column) and the rows are sorted there: a digest of the demo takes 0.27 s instead of
    1.4 s on PostgreSQL (0.47 s instead of 0.78 s on SQLite) when every row went through Python,
    and it is as strict — any change to any column of any row changes it."""
    digests = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if VOLATILE_TABLES.match(table):
                continue
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "
                    f"FROM {quote(table)} t"
                )
                digests[table] = str(cursor.fetchone()[0])
                continue
            cursor.execute(f"SELECT * FROM {quote(table)} LIMIT 0")
            row = " || ',' || ".join(f"quote({quote(c[0])})" for c in cursor.description)
            cursor.execute(
                f"SELECT group_concat(r, char(10)) FROM "
                f"(SELECT {row} AS r FROM {quote(table)} ORDER BY r)"
            )
            text = cursor.fetchone()[0] or ""
            digests[table] = hashlib.sha256(text.encode()).hexdigest()
    return digests


def page_query() -> dict[str, str]:
    """The query string every page is asked with: scope A's unit, period, date and search."""
    return {name: sample("/", name) for name in ("unit", "period", "on", "q", "data_set", "code")}


_page_query_defaults = page_query


def guarded(call: Callable[[], Any]) -> Any:
    """Make one request inside a savepoint. A database error in the view (a 500) would otherwise
    abort the test's whole transaction on PostgreSQL and fail every request after it."""
    from django.db import DatabaseError, transaction

    held: dict[str, Any] = {}
    try:
        with transaction.atomic():
            held["response"] = call()
    except DatabaseError:
        if "response" not in held:
            raise
    return held["response"]
