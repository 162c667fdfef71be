"""The benchmark harness: each case is timed with its baselines in the same process and run.

Figures are medians of repeated runs and, above all, ratios to a baseline measured alongside,
so they hold on a noisy shared machine.
"""

from __future__ import annotations

import json
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Figure:
    name: str
    median_ms: float
    min_ms: float
    max_ms: float
    peak_kib: float
    runs: int


@dataclass
class Case:
    name: str
    what: str
    database: str
    figures: list[Figure] = field(default_factory=list)

    def ratios(self) -> dict[str, float]:
        system = self.figures[0].median_ms
        return {f.name: round(f.median_ms / system, 2) for f in self.figures[1:] if system > 0}


def measure(name: str, fn: Callable[[], Any], runs: int = 7) -> Figure:
    fn()  # warm-up: caches, prepared statements, imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Figure(
        name,
        round(statistics.median(times), 3),
        round(min(times), 3),
        round(max(times), 3),
        round(peak / 1024, 1),
        runs,
    )


def machine() -> dict[str, object]:
    import os
    import platform

    return {
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "system": platform.platform(terse=True),
        "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def merge_results(cases: list[Case], out: Path, *, scale: str, database: str) -> None:
    """Keep one document of the latest run per database (SQLite, PostgreSQL) in `out`."""
    document: dict[str, Any] = {}
    if out.exists():
        try:
            document = json.loads(out.read_text())
        except json.JSONDecodeError:
            document = {}
    if document.get("scale") != scale:
        document = {"scale": scale, "databases": {}}
    document["machine"] = machine()
    document.setdefault("databases", {})[database] = [
        {**asdict(c), "ratios": c.ratios()} for c in cases
    ]
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2))


def report(cases: list[Case], out: Path) -> None:
    for case in cases:
        print(f"\n{case.name} [{case.database}] — {case.what}")
        for f in case.figures:
            print(
                f"  {f.name:<34} median {f.median_ms:>9.3f} ms  min {f.min_ms:>9.3f}  "
                f"max {f.max_ms:>9.3f}  peak {f.peak_kib:>9.1f} KiB"
            )
        for name, ratio in case.ratios().items():
            print(f"  ratio {name} / system = {ratio}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            [{**asdict(c), "ratios": c.ratios()} for c in cases], ensure_ascii=False, indent=2
        )
    )
    print(f"\nwritten {out}")
