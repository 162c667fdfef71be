"""Recognitions of communes and the level each held on a day, including what the units a commune was
formed from held before the 2025 reform."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import LEVEL_RANK, Level, Recognition
from dieuhanh.ntm.pure.evaluation import RecognitionSpan, levels_on
from dieuhanh.orgunits.models import OrgUnit, Succession, SuccessionKind, UnitKind, UnitLevel
from dieuhanh.orgunits.selectors import unit_descendants, unit_predecessors

RANK_LEVEL: dict[int, str] = {rank: level for level, rank in LEVEL_RANK.items()}


def level_label(level: str) -> str:
    return str(Level(level).label)


def communes_under(*, unit: OrgUnit, on: datetime.date, scope: Scope) -> list[OrgUnit]:
    """The communes (xã: rural communes, where the programme applies) under `unit` on `on`,
    in Vietnamese order; the unit itself when it is one."""
    if unit.level == UnitLevel.COMMUNE:
        return [unit] if unit.kind == UnitKind.COMMUNE else []
    return [
        u
        for u in unit_descendants(unit=unit, on=on, scope=scope, level=UnitLevel.COMMUNE)
        if u.kind == UnitKind.COMMUNE
    ]


def recognitions_of(units: Iterable[OrgUnit]) -> list[Recognition]:
    return list(
        Recognition.objects.filter(unit__in=list(units))
        .select_related("unit", "criteria_set")
        .order_by("decision_date", "id")
    )


def recognition_spans(recognitions: Iterable[Recognition]) -> list[RecognitionSpan]:
    return [
        RecognitionSpan(str(r.unit_id), LEVEL_RANK[r.level], r.decision_date, r.revoked_on)
        for r in recognitions
    ]


def unit_levels_on(*, units: list[OrgUnit], day: datetime.date) -> dict[int, str]:
    """unit id → the highest level it holds on `day` (absent: none)."""
    best = levels_on(recognition_spans(recognitions_of(units)), day)
    return {int(k): RANK_LEVEL[rank] for k, rank in best.items()}


@dataclass(frozen=True)
class FormedFrom:
    """One unit a post-2025 commune was formed from, with its recognitions as recorded."""

    unit: OrgUnit
    date: datetime.date
    basis: str
    recognitions: list[Recognition]
    level_at_merger: str | None


def formed_from(*, unit: OrgUnit, scope: Scope) -> list[FormedFrom]:
    """What the merged communes had been recognised as, on the eve of the merger. A statement
    of the record: the new commune holds no recognition unless one is recorded for it."""
    out: list[FormedFrom] = []
    for link in unit_predecessors(unit=unit, scope=scope):
        recs = recognitions_of([link.unit])
        eve = link.date - datetime.timedelta(days=1)
        best = levels_on(recognition_spans(recs), eve)
        rank = best.get(str(link.unit.pk))
        out.append(
            FormedFrom(link.unit, link.date, link.basis, recs, RANK_LEVEL[rank] if rank else None)
        )
    return out


def formed_from_many(*, units: list[OrgUnit], scope: Scope) -> dict[int, list[FormedFrom]]:
    """`formed_from` for many units in two queries (unit id → its predecessors' records)."""
    edges = list(
        Succession.objects.filter(successor__in=units)
        .exclude(kind=SuccessionKind.DISSOLVED)
        .filter(scope.view_q("predecessor__path"))
        .select_related("predecessor")
        .order_by("predecessor__sort_key", "predecessor__code")
    )
    if not edges:
        return {}
    by_unit: dict[int, list[Recognition]] = defaultdict(list)
    for r in recognitions_of([e.predecessor for e in edges]):
        by_unit[r.unit_id].append(r)
    out: dict[int, list[FormedFrom]] = defaultdict(list)
    for e in edges:
        recs = by_unit.get(e.predecessor_id, [])
        rank = levels_on(recognition_spans(recs), e.date - datetime.timedelta(days=1)).get(
            str(e.predecessor_id)
        )
        out[e.successor_id].append(
            FormedFrom(e.predecessor, e.date, e.basis, recs, RANK_LEVEL[rank] if rank else None)
        )
    return dict(out)
