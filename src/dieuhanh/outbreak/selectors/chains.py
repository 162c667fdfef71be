"""Chains of transmission (chuỗi lây nhiễm): the graph data of the cases and contacts in scope."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from dieuhanh.accounts.permissions import Module, role_can_read
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import Exposure, Person
from dieuhanh.outbreak.pure.chains import ChainGraph, Edge, chain_graph
from dieuhanh.outbreak.selectors.cases import cases_visible
from dieuhanh.outbreak.selectors.persons import User
from dieuhanh.outbreak.selectors.tracing import iso_local


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
                "start": None if chain.start is None else iso_local(chain.start)[:10],
                "end": None if chain.end is None else iso_local(chain.end)[:10],
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
