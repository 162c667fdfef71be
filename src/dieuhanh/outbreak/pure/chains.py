"""Chains of transmission (chuỗi lây nhiễm) as a graph: components, clusters, size, duration.

Nodes are persons, edges are exposures `source → exposed`. A chain is a connected component of
that graph; a cluster (ổ dịch) is a chain holding at least `cluster_min_cases` confirmed cases.
Generations are the shortest distance from a case (cases are generation 0).
No Django; linear in nodes + edges.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    start: int
    end: int


@dataclass
class Chain:
    """One independent chain: its persons, cases, edges and time span."""

    id: int
    persons: list[int] = field(default_factory=list)
    cases: list[int] = field(default_factory=list)
    edges: int = 0
    start: int | None = None
    end: int | None = None
    cluster: bool = False

    @property
    def size(self) -> int:
        return len(self.persons)

    @property
    def duration_days(self) -> int:
        if self.start is None or self.end is None:
            return 0
        return max(0, -(-(self.end - self.start) // 86400))


@dataclass
class ChainGraph:
    chains: list[Chain]
    chain_of: dict[int, int]
    generation: dict[int, int]
    edges: list[Edge]


def _find(parent: dict[int, int], x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


def chain_graph(
    *,
    cases: Iterable[int],
    edges: Sequence[Edge],
    persons: Iterable[int] = (),
    cluster_min_cases: int = 2,
) -> ChainGraph:
    """Group persons into chains, compute generations and each chain's size and duration.

    Chains are numbered from 1, largest first (ties: earliest start, then smallest person id).
    """
    case_set = set(cases)
    parent: dict[int, int] = {}
    for p in (*case_set, *persons):
        parent.setdefault(p, p)
    adjacency: dict[int, list[int]] = {}
    for e in edges:
        parent.setdefault(e.source, e.source)
        parent.setdefault(e.target, e.target)
        a, b = _find(parent, e.source), _find(parent, e.target)
        if a != b:
            parent[max(a, b)] = min(a, b)
        adjacency.setdefault(e.source, []).append(e.target)

    groups: dict[int, Chain] = {}
    for p in parent:
        root = _find(parent, p)
        chain = groups.setdefault(root, Chain(id=0))
        chain.persons.append(p)
        if p in case_set:
            chain.cases.append(p)
    for e in edges:
        chain = groups[_find(parent, e.source)]
        chain.edges += 1
        chain.start = e.start if chain.start is None else min(chain.start, e.start)
        chain.end = e.end if chain.end is None else max(chain.end, e.end)

    ordered = sorted(
        groups.values(),
        key=lambda c: (-c.size, c.start if c.start is not None else 2**62, min(c.persons)),
    )
    chain_of: dict[int, int] = {}
    for number, chain in enumerate(ordered, start=1):
        chain.id = number
        chain.persons.sort()
        chain.cases.sort()
        chain.cluster = len(chain.cases) >= cluster_min_cases
        for p in chain.persons:
            chain_of[p] = number

    generation: dict[int, int] = {c: 0 for c in case_set}
    queue = deque(sorted(case_set))
    while queue:
        p = queue.popleft()
        for q in adjacency.get(p, ()):
            if q not in generation:
                generation[q] = generation[p] + 1
                queue.append(q)
    return ChainGraph(chains=ordered, chain_of=chain_of, generation=generation, edges=list(edges))
