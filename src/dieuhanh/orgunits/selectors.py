"""Reads of administrative units. Every selector that returns units takes the caller's scope."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import AccessDenied, NotFound, ValidationFailed
from dieuhanh.core.memo import memoised
from dieuhanh.core.scope import Scope, path_prefix_q
from dieuhanh.orgunits.models import (
    CODE_SYSTEM_START,
    OrgUnit,
    OrgUnitDataset,
    Succession,
    SuccessionKind,
)
from dieuhanh.orgunits.tree import unit_tree
from dieuhanh.periods import Period
from dieuhanh.vn import fold, matches


def valid_on_q(day: datetime.date, prefix: str = "") -> Q:
    """Versions valid on `day` (valid_to is inclusive)."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def data_start() -> datetime.date | None:
    """The first date any unit is known for."""
    first: datetime.date | None = OrgUnit.objects.aggregate(first=Min("valid_from"))["first"]
    return first


def observed_from() -> datetime.date | None:
    """The date of the oldest snapshot of the loaded dataset: the tree of an earlier day is
    assumed to be that one (None: every day the data answers for is observed)."""
    latest = OrgUnitDataset.objects.order_by("-loaded_at", "-id").values("observed_from").first()
    return latest["observed_from"] if latest else None


def assumed_as_of(day: datetime.date) -> datetime.date | None:
    """When `day` lies before the oldest snapshot (and on or after CODE_SYSTEM_START, the
    earliest day answered at all), the snapshot's date: the tree shown for `day` is the one of
    that date, assumed unchanged since 2004 (cây đơn vị giả định như ngày …). Else None.

    The one rule for days before the data: the loader stores the oldest snapshot's versions
    from CODE_SYSTEM_START, every lookup answers with them, and callers that show a tree say
    so with this date."""
    first = observed_from()
    return first if first is not None and CODE_SYSTEM_START <= day < first else None


def _check_date(day: datetime.date) -> None:
    first = data_start()
    if first is None:
        raise NotFound(_("No administrative units are loaded yet. Run: dieuhanh orgunits load"))
    if day < first:
        raise ValidationFailed(
            _(
                "No administrative unit data before %(first)s (asked for %(day)s): the national "
                "code list of units starts in 2004."
            ),
            first=first.isoformat(),
            day=day.isoformat(),
        )


class UnitPolicy(enum.Enum):
    """Which version of a unit code a caller means (mã đơn vị dùng lại qua các thời kỳ: codes
    are reused across the 2025 reform, so a code alone names several units)."""

    VALID_ON = "valid_on"
    """The version valid on the day (of a period: on its last day). The default."""

    IN_PERIOD = "in_period"
    """The version valid on the period's last day, else on its first (a period is reported on
    the unit it ended with: 2025S2 → Xã Chư Sê, 2025S1 → Thị trấn Chư Sê)."""

    LATEST_BEFORE = "latest_before"
    """The version valid on the day; when none is, the latest that began before it (a district
    abolished in 2025 is still what its 2021 tasks belong to), else the earliest."""

    LATEST_VISIBLE = "latest_visible"
    """The version valid on the day when the scope sees it, else the latest version inside the
    scope (a 2021 commune after the 2025 reform, for a user granted the 2021 district)."""


def unit_resolve(
    *,
    code: str,
    on: datetime.date | Period,
    scope: Scope,
    policy: UnitPolicy = UnitPolicy.VALID_ON,
) -> OrgUnit:
    """The unit version `code` names on `on` by `policy`, if the scope may see it.

    404 for a code that does not exist (or has no version valid then), 403 for a unit outside
    the scope, 400 for a day before the data."""
    code = code.strip()
    first, last = (on.start, on.end) if isinstance(on, Period) else (on, on)
    if policy is UnitPolicy.LATEST_BEFORE:
        return _latest_before(code, last, scope)
    try:
        unit = _valid_on(code, last, scope)
        if unit is None and policy is UnitPolicy.IN_PERIOD and first != last:
            unit = _valid_on(code, first, scope)
        if unit is None:
            _refuse_missing(code, last)
        assert unit is not None
        if not scope.can_view_path(unit.path):
            raise AccessDenied(
                _("Unit %(code)s is outside the units you are allowed to see."), code=code
            )
        return unit
    except (NotFound, AccessDenied):
        if policy is not UnitPolicy.LATEST_VISIBLE:
            raise
        latest = OrgUnit.objects.filter(scope.view_q(), code=code).order_by("-valid_from").first()
        if latest is None:
            raise
        return latest


def _valid_on(code: str, day: datetime.date, scope: Scope) -> OrgUnit | None:
    # From the cached unit tree (a query and its compile cost more than the page's other
    # reads of units), once per GET request (core.memo: the composed report resolved its unit
    # 13 times); the caller checks the scope on every call.
    def read() -> OrgUnit | None:
        tree = unit_tree()
        if tree is None:  # no version row (a flushed database): read the table
            return _valid_on_query(code, day)
        return tree.version_of(code, day)

    return memoised(("orgunits.valid_on", code, day), read)


def _valid_on_query(code: str, day: datetime.date) -> OrgUnit | None:
    return OrgUnit.objects.select_related("parent").filter(valid_on_q(day), code=code).first()


def _refuse_missing(code: str, day: datetime.date) -> None:
    _check_date(day)  # only a miss needs to know why: before the data, or no such unit
    if OrgUnit.objects.filter(code=code).exists():
        raise NotFound(
            _("Unit code %(code)s exists, but no version of it is valid on %(day)s."),
            code=code,
            day=day.isoformat(),
        )
    raise NotFound(_("Unknown administrative unit code: %(code)s."), code=code)


def _latest_before(code: str, day: datetime.date, scope: Scope) -> OrgUnit:
    versions = list(
        OrgUnit.objects.select_related("parent").filter(code=code).order_by("valid_from")
    )
    if not versions:
        raise NotFound(_("Unknown administrative unit code: %(code)s."), code=code)
    valid = [v for v in versions if v.is_valid_on(day)]
    before = [v for v in versions if v.valid_from <= day]
    unit = valid[0] if valid else before[-1] if before else versions[0]
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=code
        )
    return unit


def units_visible(*, on: datetime.date, scope: Scope) -> QuerySet[OrgUnit]:
    """All unit versions valid on `on` that the scope may see.

    A day before the code list (CODE_SYSTEM_START) is refused without a query; a later day
    before the loaded data can only find nothing, and callers that must say why (a unit code
    not found, an empty tree) ask `_check_date` then. Asking the data's first day on every read
    was a round trip per subtree and per search (issue 21)."""
    if on < CODE_SYSTEM_START:
        _check_date(on)
    return OrgUnit.objects.filter(valid_on_q(on) & scope.view_q())


def unit_children(*, unit: OrgUnit, on: datetime.date, scope: Scope) -> list[OrgUnit]:
    """Direct children of `unit` valid on `on`, in Vietnamese order: from the cached unit tree
    (as `unit_descendants`), new instances each call."""
    if on < CODE_SYSTEM_START:
        _check_date(on)
    tree = unit_tree()
    if tree is None:  # no version row (a flushed database): read the table
        return list(unit_children_query(unit=unit, on=on, scope=scope))
    return tree.below(unit.path, on=on, scope=scope, exclude_pk=unit.pk, parent_pk=unit.pk)


def unit_children_query(*, unit: OrgUnit, on: datetime.date, scope: Scope) -> QuerySet[OrgUnit]:
    """`unit_children` as one query (uncached)."""
    return units_visible(on=on, scope=scope).filter(parent=unit).order_by("sort_key", "code")


def unit_descendants(
    *, unit: OrgUnit, on: datetime.date, scope: Scope, level: int | None = None
) -> list[OrgUnit]:
    """Every unit below `unit` valid on `on` that the scope may see (of `level` when given), in
    Vietnamese order: a slice of the unit tree cached per process at the units table's version
    (`orgunits.tree`; one tiny query, none again within a GET request), new instances each
    call. The same units as `unit_descendants_query`."""
    if on < CODE_SYSTEM_START:
        _check_date(on)
    tree = unit_tree()
    if tree is None:  # no version row (a flushed database): read the table
        return list(unit_descendants_query(unit=unit, on=on, scope=scope, level=level))
    keep_self = level is not None and level != unit.level  # the level alone leaves it out
    return tree.below(
        unit.path, on=on, scope=scope, level=level, exclude_pk=None if keep_self else unit.pk
    )


def unit_descendants_query(
    *, unit: OrgUnit, on: datetime.date, scope: Scope, level: int | None = None
) -> QuerySet[OrgUnit]:
    """`unit_descendants` as one indexed prefix query on the path (uncached)."""
    below = path_prefix_q("path", unit.path)
    if level is None or level == unit.level:  # else the level alone leaves the unit out
        below &= ~Q(pk=unit.pk)
    if level is not None:
        below &= Q(level=level)
    return units_visible(on=on, scope=scope).filter(below).order_by("sort_key", "code")


def unit_roots(*, on: datetime.date, scope: Scope) -> list[OrgUnit]:
    """The top of the tree the scope sees: provinces for administrators, else the granted units."""
    visible = units_visible(on=on, scope=scope)
    if scope.unrestricted:
        roots = list(visible.filter(parent__isnull=True).order_by("sort_key", "code"))
        if not roots:
            _check_date(on)  # say why: no unit loaded yet, or a day before the data
        return roots
    units = list(visible.filter(path__in=set(scope.view_paths)))
    # Drop a granted unit that lies under another granted unit: it is shown inside that one.
    tops = [u for u in units if not any(u.path.startswith(o.path) and u != o for o in units)]
    return sorted(tops, key=lambda u: (u.sort_key, u.code))


def scope_last_day(*, scope: Scope) -> datetime.date | None:
    """The last day any unit granted to the scope exists (None: one still does, or the scope is
    everything): a user of a district abolished in 2025 sees its tree on 30 June 2025."""
    if scope.unrestricted:
        return None
    ends = list(
        OrgUnit.objects.filter(path__in=set(scope.capture_paths or scope.view_paths)).values_list(
            "valid_to", flat=True
        )
    )
    if not ends or any(end is None for end in ends):
        return None
    return max(end for end in ends if end is not None)


def units_search(*, query: str, on: datetime.date, scope: Scope, limit: int = 50) -> list[OrgUnit]:
    """Units valid on `on` whose name matches every word of `query`, accents and case ignored."""
    words = fold(query).split()
    if not words:
        return []
    qs = units_visible(on=on, scope=scope).select_related("parent")
    for word in words:
        qs = qs.filter(search_key__contains=" " + word)
    found = [
        u for u in qs.order_by("sort_key", "level", "code")[: limit * 4] if matches(query, u.name)
    ]
    return found[:limit]


@dataclass(frozen=True)
class SuccessionLink:
    """One step across a reorganisation, seen from one side."""

    unit: OrgUnit
    date: datetime.date
    kind: str
    kind_label: str
    basis: str
    basis_date: datetime.date | None
    approximate: bool = False


def unit_predecessors(*, unit: OrgUnit, scope: Scope | None = None) -> list[SuccessionLink]:
    """The units that formed `unit`. A dissolved district is not one: it shows among the
    successors of the district only (its communes are the predecessors here)."""
    edges = (
        Succession.objects.filter(successor=unit)
        .exclude(kind=SuccessionKind.DISSOLVED)
        .filter(scope.view_q("predecessor__path") if scope else Q())
        .select_related("predecessor")
        .order_by("predecessor__sort_key", "predecessor__code")
    )
    return [
        SuccessionLink(
            e.predecessor,
            e.date,
            e.kind,
            str(e.get_kind_display()),
            e.basis,
            e.basis_date,
            e.approximate,
        )
        for e in edges
    ]


def unit_successors(*, unit: OrgUnit, scope: Scope) -> list[SuccessionLink]:
    edges = (
        Succession.objects.filter(predecessor=unit)
        .filter(scope.view_q("successor__path"))
        .select_related("successor")
        .order_by("successor__sort_key", "successor__code")
    )
    return [
        SuccessionLink(
            e.successor,
            e.date,
            e.kind,
            str(e.get_kind_display()),
            e.basis,
            e.basis_date,
            e.approximate,
        )
        for e in edges
    ]


def unit_ancestors(*, unit: OrgUnit, scope: Scope) -> list[OrgUnit]:
    """From the top of the tree down to the unit's parent, those the scope may see; one query
    (the ancestors' paths are the prefixes of the unit's own)."""
    segments = unit.path.strip("/").split("/")[:-1]
    prefixes = ["/" + "/".join(segments[: i + 1]) + "/" for i in range(len(segments))]
    found = OrgUnit.objects.filter(path__in=prefixes).filter(scope.view_q())
    return sorted(found, key=lambda u: len(u.path))


@dataclass(frozen=True)
class UnitDetail:
    """A unit version with what surrounds it on a date: the shape of `orgunits show`."""

    unit: OrgUnit
    on: datetime.date
    ancestors: list[OrgUnit]
    children: list[OrgUnit]
    predecessors: list[SuccessionLink]
    successors: list[SuccessionLink]
    assumed_as_of: datetime.date | None = None
    """Set when `on` is before the oldest snapshot: the tree shown is the one of this date."""


def unit_detail(*, code: str, on: datetime.date, scope: Scope) -> UnitDetail:
    unit = unit_resolve(code=code, on=on, scope=scope)
    return UnitDetail(
        assumed_as_of=assumed_as_of(on),
        unit=unit,
        on=on,
        ancestors=unit_ancestors(unit=unit, scope=scope),
        children=unit_children(unit=unit, on=on, scope=scope),
        predecessors=unit_predecessors(unit=unit, scope=scope),
        successors=unit_successors(unit=unit, scope=scope),
    )


def unit_brief(unit: OrgUnit) -> dict[str, object]:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "level": unit.level,
        "valid_from": unit.valid_from.isoformat(),
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
    }


def _link_dict(link: SuccessionLink) -> dict[str, object]:
    return {
        **unit_brief(link.unit),
        "date": link.date.isoformat(),
        "change": link.kind,
        "basis": link.basis,
        "basis_date": link.basis_date.isoformat() if link.basis_date else None,
        "approximate": link.approximate,
    }


def unit_detail_dict(detail: UnitDetail) -> dict[str, object]:
    """The JSON document of `dieuhanh orgunits show --json` and GET /api/orgunits/{code}."""
    unit = detail.unit
    return {
        **unit_brief(unit),
        "on": detail.on.isoformat(),
        "assumed_as_of": detail.assumed_as_of.isoformat() if detail.assumed_as_of else None,
        "lat": unit.lat,
        "lng": unit.lng,
        "area_km2": unit.area_km2,
        "parent": unit.parent.code if unit.parent else None,
        "parent_name": unit.parent.name if unit.parent else None,
        "ancestors": [unit_brief(a) for a in detail.ancestors],
        "children": [unit_brief(c) for c in detail.children],
        "predecessors": [_link_dict(p) for p in detail.predecessors],
        "successors": [_link_dict(s) for s in detail.successors],
    }


def unit_counts_by_level(*, on: datetime.date, scope: Scope) -> dict[int, int]:
    """How many units of each level the scope sees on `on`."""
    rows = units_visible(on=on, scope=scope).values("level").annotate(n=Count("id"))
    return {int(r["level"]): int(r["n"]) for r in rows}


@dataclass(frozen=True)
class UnitSpan:
    """A unit version whose subtree's data counts for [start, end] (inclusive)."""

    unit: OrgUnit
    start: datetime.date
    end: datetime.date


def unit_sources(*, unit: OrgUnit, start: datetime.date, end: datetime.date) -> list[UnitSpan]:
    """Whose data makes up `unit` over [start, end], across reorganisations.

    The unit itself for the part of the span it existed; before its valid_from, the units it
    was formed from (their subtrees), recursively. So Xã Chư Sê (from 2025-07-01) over 2024S2
    is Thị trấn Chư Sê, Dun, Ia Blang, Ia Pal and Ia Glai over 2024S2. A unit that only got
    part of a predecessor ("partial") still counts that predecessor whole: the records say
    no more (callers flag the comparison as built from predecessors).
    """
    spans: list[UnitSpan] = []
    seen: set[int] = set()

    def visit(u: OrgUnit, lo: datetime.date, hi: datetime.date) -> None:
        if u.pk in seen or lo > hi:
            return
        seen.add(u.pk)
        own_lo = max(lo, u.valid_from)
        own_hi = min(hi, u.valid_to) if u.valid_to else hi
        if own_lo <= own_hi:
            spans.append(UnitSpan(u, own_lo, own_hi))
        if lo < u.valid_from:
            for link in unit_predecessors(unit=u):
                visit(link.unit, lo, min(hi, u.valid_from - datetime.timedelta(days=1)))

    visit(unit, start, end)
    return spans


def predecessor_paths(*, units: list[OrgUnit], whole_only: bool = False) -> set[str]:
    """The paths of every unit that went, wholly or partly, into `units`, transitively
    (a district abolished into communes is not one). One query per generation.

    `whole_only` leaves out a unit only part of which went (`PARTIAL`): its people are not all
    the successor's (the personal-data scope, docs/security.md)."""
    key = ("orgunits.predecessor_paths", tuple(u.pk for u in units), whole_only)
    return set(memoised(key, lambda: frozenset(_predecessor_paths(units, whole_only))))


def _predecessor_paths(units: list[OrgUnit], whole_only: bool) -> set[str]:
    found: set[str] = set()
    frontier = [u.pk for u in units]
    seen = set(frontier)
    left_out = [SuccessionKind.DISSOLVED] + ([SuccessionKind.PARTIAL] if whole_only else [])
    while frontier:
        rows = list(
            Succession.objects.filter(successor_id__in=frontier)
            .exclude(kind__in=left_out)
            .values_list("predecessor_id", "predecessor__path")
        )
        frontier = [pk for pk, _path in rows if pk not in seen]
        seen.update(frontier)
        found.update(path for _pk, path in rows)
    return found
