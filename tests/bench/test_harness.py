"""The benchmark harness itself: medians of repeated runs, ratios, one results file per run."""

from __future__ import annotations

import json
from pathlib import Path

from bench.harness import Case, Figure, measure, merge_results


def test_measure_runs_at_least_five_times_and_orders_its_figures() -> None:
    calls: list[int] = []
    figure = measure("system", lambda: calls.append(1), runs=5)
    assert len(calls) == 5 + 2  # a warm-up and the memory run besides the timed ones
    assert figure.runs == 5
    assert figure.min_ms <= figure.median_ms <= figure.max_ms


def test_ratios_are_baseline_over_system() -> None:
    case = Case("c", "what", "sqlite")
    case.figures += [Figure("system", 10.0, 9, 11, 0, 5), Figure("floor", 25.0, 24, 26, 0, 5)]
    assert case.ratios() == {"floor": 2.5}


def test_results_keep_the_latest_run_of_each_database(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    sqlite = Case("c", "what", "sqlite", [Figure("system", 1.0, 1, 1, 0, 5)])
    postgres = Case("c", "what", "postgresql", [Figure("system", 2.0, 2, 2, 0, 5)])
    merge_results([sqlite], out, scale="default", database="sqlite")
    merge_results([postgres], out, scale="default", database="postgresql")
    document = json.loads(out.read_text())
    assert sorted(document["databases"]) == ["postgresql", "sqlite"]
    assert document["machine"]["cpus"] >= 1


def test_another_scale_starts_a_new_document(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    case = Case("c", "what", "sqlite", [Figure("system", 1.0, 1, 1, 0, 5)])
    merge_results([case], out, scale="default", database="sqlite")
    merge_results([case], out, scale="full", database="postgresql")
    assert list(json.loads(out.read_text())["databases"]) == ["postgresql"]
