"""Chains of transmission: components, clusters, generations, duration."""

from __future__ import annotations

from dieuhanh.outbreak.pure.chains import Edge, chain_graph

DAY = 86400


def test_two_independent_chains_are_kept_apart() -> None:
    graph = chain_graph(cases=[1, 10], edges=[Edge(1, 2, 0, 1), Edge(10, 11, 0, 1)])
    assert sorted(c.persons for c in graph.chains) == [[1, 2], [10, 11]]


def test_chain_with_two_cases_is_a_cluster() -> None:
    graph = chain_graph(cases=[1, 3], edges=[Edge(1, 2, 0, 1), Edge(2, 3, 0, 1)])
    assert graph.chains[0].cluster


def test_single_case_chain_is_not_a_cluster() -> None:
    graph = chain_graph(cases=[1], edges=[Edge(1, 2, 0, 1)])
    assert not graph.chains[0].cluster


def test_generation_is_the_shortest_distance_from_a_case() -> None:
    graph = chain_graph(cases=[1], edges=[Edge(1, 2, 0, 1), Edge(2, 3, 0, 1), Edge(1, 3, 0, 1)])
    assert graph.generation == {1: 0, 2: 1, 3: 1}


def test_duration_counts_started_days() -> None:
    graph = chain_graph(cases=[1], edges=[Edge(1, 2, 0, 1), Edge(2, 3, DAY, DAY + 5)])
    assert graph.chains[0].duration_days == 2


def test_largest_chain_is_numbered_first() -> None:
    graph = chain_graph(
        cases=[1, 10], edges=[Edge(1, 2, 0, 1), Edge(10, 11, 0, 1), Edge(10, 12, 0, 1)]
    )
    assert graph.chains[0].persons == [10, 11, 12] and graph.chain_of[10] == 1
