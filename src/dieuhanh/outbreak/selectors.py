"""Reads of the epidemic response (tracing part). Every selector filters by the caller's scope.

Identities (họ tên, CCCD, điện thoại, địa chỉ) are shown only to roles with the PERSONAL_DATA
module whose scope covers the person's unit (the unit or one of its ancestors); everybody else
with OUTBREAK read sees counts only.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.permissions import Module, role_can_read
from dieuhanh.core.errors import AccessDenied, NotFound
from dieuhanh.core.scope import Scope, path_prefix_q
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import unit_children, unit_resolve
from dieuhanh.outbreak.models import (
    Case,
    Contact,
    Exposure,
    Person,
    Quarantine,
    QuarantinePlace,
    Venue,
    Visit,
)
from dieuhanh.outbreak.pure.chains import ChainGraph, Edge, chain_graph
from dieuhanh.outbreak.pure.tracing import (
    LOCAL_TZ,
    OPEN_END,
    TraceColumns,
    TraceExposure,
    local_midnight,
    trace_columns,
    window_start,
)
from dieuhanh.vn import fold, sort_key

User = AbstractBaseUser | AnonymousUser | None


def identity_visible(*, user: User, scope: Scope, unit_path: str) -> bool:
    """Whether `user` may see the identity of a person registered in the unit at `unit_path`.

    Only health roles (module PERSONAL_DATA: health officers, administrators) whose view scope
    includes the person's unit or one of its ancestors qualify.
    """
    if user is None or not user.is_authenticated:
        return False
    role = getattr(user, "role", None)
    if not isinstance(role, str) or not role_can_read(role, Module.PERSONAL_DATA):
        return False
    return scope.can_view_path(unit_path)


def require_outbreak_read(user: User) -> None:
    """Refuse a role without the OUTBREAK module. `None` is the system (console): allowed."""
    if user is None:
        return
    role = getattr(user, "role", None)
    if not isinstance(role, str) or not role_can_read(role, Module.OUTBREAK):
        raise AccessDenied(_("Your role does not give access to this module."))


def require_identities(user: User) -> None:
    """Refuse a role that may not see personal data at all (leaders see counts only)."""
    role = getattr(user, "role", None)
    if not isinstance(role, str) or not role_can_read(role, Module.PERSONAL_DATA):
        raise AccessDenied(_("Your role sees counts only, not persons' identities."))


# ---------------------------------------------------------------------------------------------
# Persons


def person_duplicates(
    *, id_number: str, name_key: str, birth_year: int | None, phone_key: str
) -> list[int]:
    """Ids of persons that are probably the same: same ID number, or same name + birth year +
    phone (accents and spacing ignored). Not scoped: used by the register service only."""
    found: set[int] = set()
    if id_number:
        found.update(
            Person.objects.filter(id_number=id_number, anonymised=False).values_list(
                "pk", flat=True
            )
        )
    if name_key and birth_year is not None and phone_key:
        found.update(
            Person.objects.filter(
                name_key=name_key, birth_year=birth_year, phone_key=phone_key, anonymised=False
            ).values_list("pk", flat=True)
        )
    return sorted(found)


def persons_visible(*, user: User, scope: Scope) -> QuerySet[Person]:
    """Persons whose identity `user` may see (empty for roles without PERSONAL_DATA)."""
    role = getattr(user, "role", None)
    if not isinstance(role, str) or not role_can_read(role, Module.PERSONAL_DATA):
        return Person.objects.none()
    return Person.objects.filter(scope.view_q("unit_path"))


def person_get(*, user: User, scope: Scope, person_id: int) -> Person:
    """One person, if `user` may see their identity; NotFound otherwise (no existence leak)."""
    require_identities(user)
    person = (
        persons_visible(user=user, scope=scope).select_related("unit").filter(pk=person_id).first()
    )
    if person is None:
        raise NotFound(_("No person %(id)s in your units."), id=person_id)
    return person


def persons_search(*, user: User, scope: Scope, query: str = "", limit: int = 50) -> list[Person]:
    """Persons matching every word of `query` (accent-insensitive, name / ID / phone)."""
    require_identities(user)
    qs = persons_visible(user=user, scope=scope).select_related("unit")
    for word in fold(query).split():
        qs = (
            qs.filter(search_key__contains=" " + word)
            if word.isalpha()
            else qs.filter(search_key__contains=word)
        )
    people = list(qs.order_by("-id")[: limit * 4])
    people.sort(key=lambda p: sort_key(p.full_name))
    return people[:limit]


# ---------------------------------------------------------------------------------------------
# Cases


def cases_visible(*, user: User, scope: Scope) -> QuerySet[Case]:
    require_outbreak_read(user)
    return Case.objects.filter(scope.view_q("unit_path"))


def case_get(*, user: User, scope: Scope, case_id: int) -> Case:
    case = (
        cases_visible(user=user, scope=scope)
        .select_related("person", "person__unit")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound(_("No case %(id)s in your units."), id=case_id)
    return case


def case_for_person(*, user: User, scope: Scope, person_id: int) -> Case:
    case = (
        cases_visible(user=user, scope=scope)
        .select_related("person")
        .filter(person_id=person_id)
        .first()
    )
    if case is None:
        raise NotFound(_("Person %(id)s is not a confirmed case in your units."), id=person_id)
    return case


# ---------------------------------------------------------------------------------------------
# Tracing over the database


def _epoch(value: datetime.datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def case_window(case: Case) -> tuple[int, int]:
    """The case's infectious window `[start, end)` in epoch seconds (DESIGN §3)."""
    start = window_start(
        onset=case.onset_date,
        sampled_on=timezone.localdate(case.sampled_at) if case.sampled_at else None,
        confirmed_on=timezone.localdate(case.confirmed_at),
    )
    end = _epoch(case.isolated_at)
    return start, OPEN_END if end is None else end


@dataclass
class TraceResult:
    """A traced case: its window and the entries as columns (`TraceColumns`); `exposures`
    builds the tuples once, `page` only a slice (an F2 can hold a million entries)."""

    case: Case
    depth: int
    window: tuple[int, int]
    columns: TraceColumns

    @cached_property
    def exposures(self) -> list[TraceExposure]:
        return self.columns.rows()

    def page(self, offset: int, limit: int, generation: int | None = None) -> list[TraceExposure]:
        """Entries `offset … offset + limit` (of one generation when given)."""
        columns = self.columns
        if generation is not None:
            columns = columns.select(columns.generation == generation)
        return columns.rows(offset, offset + limit)

    def count(self, generation: int | None = None) -> int:
        """Entries (of one generation when given)."""
        if generation is None:
            return self.columns.size
        return int(np.count_nonzero(self.columns.generation == generation))

    def person_count(self, generation: int) -> int:
        """Distinct persons of a generation (F1 has an entry per exposure interval)."""
        return int(np.unique(self.columns.person[self.columns.generation == generation]).shape[0])


def trace_case(*, case: Case, depth: int = 1, source: DbCheckIns | None = None) -> TraceResult:
    """F1 (and F2) exposures of `case` from the check-in store. The caller checked access.

    For F2 an F1's window ends at its own isolation as a case, or at the first quarantine
    (cách ly) that starts after its exposure; a quarantine recorded by day is taken to start at
    the end of that day (a contact may have been out before being taken in)."""
    start, end = case_window(case)
    source = source or DbCheckIns()
    isolation: dict[int, int] = {}
    quarantines: dict[int, list[int]] = defaultdict(list)
    if depth == 2:
        for pid, iso in (
            Case.objects.filter(isolated_at__isnull=False)
            .exclude(person_id=case.person_id)
            .values_list("person_id", "isolated_at")
        ):
            if iso is not None:
                isolation[pid] = int(iso.timestamp())
        first_day = datetime.datetime.fromtimestamp(start, tz=LOCAL_TZ).date()
        # health monitoring at home leaves the person free to go out: it closes nothing
        for pid, day in (
            Quarantine.objects.filter(start__gte=first_day)
            .exclude(place=QuarantinePlace.MONITORING)
            .values_list("person_id", "start")
        ):
            quarantines[pid].append(local_midnight(day + datetime.timedelta(days=1)))
    found = trace_columns(
        source,
        case=case.person_id,
        start=start,
        end=end,
        depth=depth,
        isolation=isolation,
        quarantines=quarantines,
    )
    return TraceResult(case=case, depth=depth, window=(start, end), columns=found)


def _iso(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, tz=LOCAL_TZ).isoformat()


def exposure_documents(exposures: Iterable[TraceExposure]) -> list[dict[str, object]]:
    """Entries of a trace in the `trace --json` shape of DESIGN §3."""
    return [
        {
            "person_id": e.person_id,
            "generation": e.generation,
            "via": e.via,
            "venue_id": e.venue_id,
            "overlap_start": _iso(e.overlap_start),
            "overlap_end": _iso(e.overlap_end),
        }
        for e in exposures
    ]


def trace_document(result: TraceResult) -> dict[str, object]:
    """The `trace --json` shape of DESIGN §3 (the whole trace; pages: `exposure_documents`)."""
    return {"case": result.case.person_id, "exposures": exposure_documents(result.exposures)}


# ---------------------------------------------------------------------------------------------
# Investigation and chains


def case_visits(*, case: Case) -> list[Visit]:
    return list(case.visits.select_related("venue"))


def case_exposures(*, case: Case) -> list[Exposure]:
    return list(case_exposures_query(case=case))


def case_exposures_query(*, case: Case) -> QuerySet[Exposure]:
    """The case's exposures in order, unevaluated (pages of it)."""
    return case.exposures.select_related("venue").order_by("generation", "start", "id")


def case_contacts(*, case: Case) -> list[Contact]:
    return list(case_contacts_query(case=case))


def case_contacts_query(*, case: Case) -> QuerySet[Contact]:
    """The case's contacts in order, unevaluated (pages of it)."""
    return case.contacts.select_related("person").order_by("generation", "person_id")


def venues_all() -> list[Venue]:
    return sorted(Venue.objects.all(), key=lambda v: sort_key(v.name))


@dataclass
class ChainData:
    graph: ChainGraph
    case_ids: dict[int, int]  # person id → case id
    labels: dict[int, str]
    persons_total: int


def chains_data(*, user: User, scope: Scope, collapse_over: int = 60) -> dict[str, object]:
    """The chain graph of every case in scope, as plain data for the renderer.

    Chains larger than `collapse_over` persons are sent collapsed (a summary node) with their
    members' count; small chains are sent in full. Labels are names only for users who may see
    identities (and that listing is logged); others get "F0 <code>", "F1", "F2".
    """
    cases = list(cases_visible(user=user, scope=scope).values_list("pk", "person_id", "code"))
    case_ids = [c[0] for c in cases]
    rows = (
        list(
            Exposure.objects.filter(case_id__in=case_ids).values_list(
                "source_id", "exposed_id", "start", "end"
            )
        )
        if len(case_ids) < 900
        else list(
            Exposure.objects.filter(case__in=cases_visible(user=user, scope=scope)).values_list(
                "source_id", "exposed_id", "start", "end"
            )
        )
    )
    edges = [Edge(s, t, int(a.timestamp()), int(b.timestamp())) for s, t, a, b in rows]
    graph = chain_graph(cases=[c[1] for c in cases], edges=edges)
    code_of = {c[1]: (c[2] or f"F0 #{c[0]}") for c in cases}
    shown_names: dict[int, str] = {}
    role = getattr(user, "role", None)
    if isinstance(role, str) and role_can_read(role, Module.PERSONAL_DATA):
        small = [p for ch in graph.chains if ch.size <= collapse_over for p in ch.persons]
        for start in range(0, len(small), 900):
            for pk, name, path in Person.objects.filter(
                pk__in=small[start : start + 900]
            ).values_list("pk", "full_name", "unit_path"):
                if scope.can_view_path(path):
                    shown_names[pk] = name
    chains_out: list[dict[str, object]] = []
    nodes: list[dict[str, object]] = []
    links: list[list[int]] = []
    members: set[int] = set()
    for chain in graph.chains:
        chains_out.append(
            {
                "id": chain.id,
                "size": chain.size,
                "cases": len(chain.cases),
                "cluster": chain.cluster,
                "duration_days": chain.duration_days,
                "start": None if chain.start is None else _iso(chain.start)[:10],
                "end": None if chain.end is None else _iso(chain.end)[:10],
                "collapsed": chain.size > collapse_over,
            }
        )
        if chain.size > collapse_over:
            continue
        for p in chain.persons:
            members.add(p)
            g = graph.generation.get(p)
            label = shown_names.get(p) or (code_of.get(p) if g == 0 else f"F{g}" if g else "?")
            nodes.append({"id": p, "chain": chain.id, "g": g, "label": label})
    for e in graph.edges:
        if e.source in members and e.target in members:
            links.append([e.source, e.target])
    generations = Counter(graph.generation.values())
    return {
        "chains": chains_out,
        "nodes": nodes,
        "links": links,
        "totals": {
            "persons": len(graph.chain_of),
            "cases": len(cases),
            "chains": len(graph.chains),
            "clusters": sum(1 for c in graph.chains if c.cluster),
            "f1": generations.get(1, 0),
            "f2": generations.get(2, 0),
        },
        "names_shown": sorted(shown_names),
    }


# ---------------------------------------------------------------------------------------------
# Dashboard and review


@dataclass
class CurveDay:
    day: datetime.date
    onset: int
    confirmed: int


@dataclass
class UnitCount:
    name: str
    code: str
    cumulative: int
    in_period: int = 0


def epidemic_curve(*, user: User, scope: Scope) -> list[CurveDay]:
    """Cases per day by onset date and by confirmation date (Asia/Ho_Chi_Minh), no gaps."""
    onset: Counter[datetime.date] = Counter()
    confirmed: Counter[datetime.date] = Counter()
    for o, c in cases_visible(user=user, scope=scope).values_list("onset_date", "confirmed_at"):
        if o is not None:
            onset[o] += 1
        confirmed[timezone.localdate(c)] += 1
    days = set(onset) | set(confirmed)
    if not days:
        return []
    first, last = min(days), max(days)
    out = []
    day = first
    while day <= last:
        out.append(CurveDay(day, onset[day], confirmed[day]))
        day += datetime.timedelta(days=1)
    return out


def cases_by_unit(*, user: User, scope: Scope) -> list[UnitCount]:
    """Cumulative cases by the unit (commune) of the person, Vietnamese order."""
    rows = (
        cases_visible(user=user, scope=scope)
        .values("person__unit__name", "person__unit__code")
        .annotate(n=Count("id"))
    )
    out = [UnitCount(r["person__unit__name"], r["person__unit__code"], r["n"]) for r in rows]
    out.sort(key=lambda u: sort_key(u.name))
    return out


@dataclass
class DashboardCounts:
    cases: int
    cases_under_treatment: int
    contacts_following: int
    contacts_overdue: int
    f1: int
    f2: int


def dashboard_counts(
    *, user: User, scope: Scope, today: datetime.date | None = None
) -> DashboardCounts:
    today = today or timezone.localdate()
    cases = cases_visible(user=user, scope=scope)
    contacts = Contact.objects.filter(scope.view_q("unit_path"))
    following = contacts.filter(status="following")
    return DashboardCounts(
        cases=cases.count(),
        cases_under_treatment=cases.filter(outcome="treatment").count(),
        contacts_following=following.count(),
        contacts_overdue=following.filter(follow_up_until__lt=today).count(),
        f1=contacts.filter(generation=1).values("person_id").distinct().count(),
        f2=contacts.filter(generation=2).values("person_id").distinct().count(),
    )


@dataclass
class OutbreakReview:
    """Counts for the review report (no identities)."""

    unit_code: str
    unit_name: str
    start: datetime.date
    end: datetime.date
    cases_in_period: int
    cases_cumulative: int
    by_unit: list[UnitCount] = field(default_factory=list)
    contacts_f1: int = 0
    contacts_f2: int = 0
    chains: int = 0
    clusters: int = 0
    largest_chain: int = 0
    deaths_in_period: int = 0
    recovered_in_period: int = 0


def _local_bounds(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    lo = datetime.datetime.combine(start, datetime.time(0), tzinfo=LOCAL_TZ)
    hi = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time(0), tzinfo=LOCAL_TZ
    )
    return lo, hi


def outbreak_review(
    *, scope: Scope, unit_code: str, start: datetime.date, end: datetime.date
) -> OutbreakReview | None:
    """The epidemic section of the review report for `unit_code` (resolved on `end`) over
    `[start, end]`: cases confirmed in the period and cumulative, by child unit, contacts F1/F2
    traced, chains and clusters. None when the unit has never had a case up to `end`."""
    unit = unit_resolve(code=unit_code, on=end, scope=scope)
    lo, hi = _local_bounds(start, end)
    subtree = Case.objects.filter(path_prefix_q("unit_path", unit.path), confirmed_at__lt=hi)
    cumulative = list(
        subtree.values_list(
            "pk", "person_id", "unit_path", "confirmed_at", "outcome", "outcome_date"
        )
    )
    if not cumulative:
        return None
    in_period = [c for c in cumulative if c[3] >= lo]
    children: list[OrgUnit] = unit_children(unit=unit, on=end, scope=scope)
    by_unit: list[UnitCount] = []
    for child in children:
        cum = sum(1 for c in cumulative if c[2].startswith(child.path))
        if cum:
            per = sum(1 for c in in_period if c[2].startswith(child.path))
            by_unit.append(UnitCount(child.name, child.code, cum, per))
    by_unit.sort(key=lambda u: sort_key(u.name))
    case_ids = [c[0] for c in cumulative]
    contacts = Contact.objects.filter(case_id__in=case_ids, last_exposure_at__lt=hi)
    f1 = contacts.filter(generation=1).values("person_id").distinct().count()
    f2 = contacts.filter(generation=2).values("person_id").distinct().count()
    edges = [
        Edge(s, t, int(a.timestamp()), int(b.timestamp()))
        for s, t, a, b in Exposure.objects.filter(case_id__in=case_ids, start__lt=hi).values_list(
            "source_id", "exposed_id", "start", "end"
        )
    ]
    graph = chain_graph(cases=[c[1] for c in cumulative], edges=edges)
    return OutbreakReview(
        unit_code=unit.code,
        unit_name=unit.name,
        start=start,
        end=end,
        cases_in_period=len(in_period),
        cases_cumulative=len(cumulative),
        by_unit=by_unit,
        contacts_f1=f1,
        contacts_f2=f2,
        chains=len(graph.chains),
        clusters=sum(1 for c in graph.chains if c.cluster),
        largest_chain=max((c.size for c in graph.chains), default=0),
        deaths_in_period=sum(
            1 for c in cumulative if c[4] == "died" and c[5] and start <= c[5] <= end
        ),
        recovered_in_period=sum(
            1 for c in cumulative if c[4] == "recovered" and c[5] and start <= c[5] <= end
        ),
    )


def persons_names(*, user: User, scope: Scope, ids: Iterable[int]) -> dict[int, str]:
    """Names of the given persons that `user` may see (others are left out)."""
    wanted = sorted(set(ids))
    out: dict[int, str] = {}
    qs = persons_visible(user=user, scope=scope)
    for start in range(0, len(wanted), 900):
        out.update(qs.filter(pk__in=wanted[start : start + 900]).values_list("pk", "full_name"))
    return out


def contacts_by_case(*, user: User, scope: Scope) -> dict[int, list[int]]:
    """case id → person ids of its contacts, in scope."""
    out: dict[int, list[int]] = defaultdict(list)
    for case_id, pid in Contact.objects.filter(scope.view_q("unit_path")).values_list(
        "case_id", "person_id"
    ):
        out[case_id].append(pid)
    return dict(out)


# ---------------------------------------------------------------------------------------------
# Pages of a trace (the trace page, the API): a trace can hold a million entries, so what is
# shown, named and logged is one page of it, never the whole list.


@dataclass(frozen=True)
class TracePage:
    """One page of a trace: `exposures` are the entries `offset…offset+limit` of the chosen
    generation (all when None), in the engine's order.

    `total` counts the entries of that generation, `entries` all entries; `f1` and `f2` count
    persons (a person traced in both generations counts as F1)."""

    exposures: list[TraceExposure]
    offset: int
    limit: int
    total: int
    entries: int
    f1: int
    f2: int
    generation: int | None = None


def trace_page(
    result: TraceResult, *, offset: int = 0, limit: int = 1000, generation: int | None = None
) -> TracePage:
    """The page `offset…offset+limit` of `result`, of one generation or all, with the counts.

    Read from the trace's columns: only the page's entries become tuples (an F2 can hold a
    million entries); no query."""
    offset = max(offset, 0)
    return TracePage(
        exposures=result.page(offset, limit, generation),
        offset=offset,
        limit=limit,
        total=result.count(generation),
        entries=result.count(),
        f1=result.person_count(1),
        f2=result.person_count(2),
        generation=generation,
    )


def venue_names(*, ids: Iterable[int]) -> dict[int, str]:
    """venue id → name of the given venues (a page's worth, not the whole register)."""
    wanted = sorted(set(ids))
    out: dict[int, str] = {}
    for start in range(0, len(wanted), 900):
        out.update(
            Venue.objects.filter(pk__in=wanted[start : start + 900]).values_list("pk", "name")
        )
    return out


def contacts_of_persons(*, case: Case, person_ids: Iterable[int]) -> list[Contact]:
    """The contacts of `case` for the given persons (a page of them), by person id. The caller
    checked access to the case."""
    wanted = sorted(set(person_ids))
    out: list[Contact] = []
    for start in range(0, len(wanted), 900):
        out.extend(case.contacts.filter(person_id__in=wanted[start : start + 900]))
    out.sort(key=lambda c: c.person_id)
    return out
