"""Administrative-unit cases: subtree on a date, accent-insensitive search."""

from __future__ import annotations

import datetime

from django.db import connection

from bench.harness import Case, measure
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import unit_descendants, unit_resolve, units_search, valid_on_q
from dieuhanh.vn import fold, matches

ON = datetime.date(2021, 7, 1)
ALL = Scope.everything()


def _naive_descendants(unit: OrgUnit) -> list[OrgUnit]:
    """What one writes without a materialised path: a query per node, walking down."""
    found, frontier = [], [unit]
    while frontier:
        children = list(OrgUnit.objects.filter(valid_on_q(ON), parent__in=frontier))
        found += children
        frontier = children
    return [u for u in found if u.level == 3]


def cases() -> list[Case]:
    database = connection.vendor
    country_communes = OrgUnit.objects.filter(valid_on_q(ON), level=3).count()
    gia_lai = unit_resolve(code="64", on=ON, scope=ALL)

    subtree = Case("orgunits.subtree", "communes under Gia Lai (64) on 2021-07-01", database)
    subtree.figures.append(
        measure(
            "system: unit_descendants",
            lambda: list(unit_descendants(unit=gia_lai, on=ON, scope=ALL, level=3)),
        )
    )

    def floor() -> list[tuple[object, ...]]:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT id, code, name FROM orgunits_orgunit WHERE path LIKE %s AND level = 3 "
                "AND valid_from <= %s AND (valid_to IS NULL OR valid_to >= %s) ORDER BY sort_key",
                [gia_lai.path + "%", ON, ON],
            )
            found: list[tuple[object, ...]] = cur.fetchall()
            return found

    subtree.figures.append(measure("floor: hand-written SQL", floor))
    subtree.figures.append(
        measure("naive: query per tree level", lambda: _naive_descendants(gia_lai))
    )

    search = Case(
        "orgunits.search", f"'chu se' among {country_communes} commune-level units", database
    )
    search.figures.append(
        measure("system: units_search", lambda: units_search(query="chu se", on=ON, scope=ALL))
    )

    def naive_search() -> list[OrgUnit]:
        return [u for u in OrgUnit.objects.filter(valid_on_q(ON)) if matches("chu se", u.name)]

    search.figures.append(measure("naive: fold every name in Python", naive_search))
    words = fold("chu se").split()

    def floor_search() -> list[tuple[object, ...]]:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT id FROM orgunits_orgunit WHERE search_key LIKE %s AND search_key LIKE %s "
                "AND valid_from <= %s AND (valid_to IS NULL OR valid_to >= %s)",
                [f"% {words[0]}%", f"% {words[1]}%", ON, ON],
            )
            found: list[tuple[object, ...]] = cur.fetchall()
            return found

    search.figures.append(measure("floor: hand-written SQL", floor_search))
    return [subtree, search]
