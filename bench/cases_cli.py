"""The console's read commands (`dieuhanh periods show`, `orgunits show`, `values`), each a whole
process from start to exit, against starting the interpreter alone (`python -c pass`) and
starting Django with dieuhanh's settings, apps, models and admin (`django.setup()`: what
every command pays before it runs), in the same run.

Issue 20 asks ≤ 0.5 s for these. The figures are the children's CPU time (user + system, from
`getrusage`), not wall time: on this shared 2-core machine a process waits for a core longer
than it runs, and its wall time says more about the neighbours than about the command. On a
quiet machine the two agree. The children run with bytecode caching allowed (as an installed
`dieuhanh` does), so the warm-up run pays the compilation once and the timed runs do not.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

import dieuhanh
from bench.harness import Case, Figure

SRC = Path(dieuhanh.__file__).resolve().parent.parent

COMMANDS: dict[str, list[str]] = {
    "periods": ["periods", "show", "2021S1"],
    "orgunits": ["orgunits", "show", "64", "--on", "2021-07-01"],
    "values": ["values", "--unit", "64", "--period", "2021S1"],
}


# Settings, apps and models as a read command loads them (without the admin's discovery).
SETUP_ONLY = (
    "from dieuhanh.core.app_configs import AdminConfig; AdminConfig.autodiscover = False; "
    "import django; django.setup()"
)


def _env() -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dieuhanh.config.settings"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(args: list[str]) -> None:
    subprocess.run(
        [sys.executable, *args], env=_env(), check=True, stdout=subprocess.DEVNULL, timeout=120
    )


def _cpu_ms(args: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _run(args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used * 1000


def measure(name: str, args: list[str], runs: int = 7) -> Figure:
    """Median CPU time of a child process over `runs` runs after a warm-up (peak memory: n/a)."""
    _run(args)
    times = [_cpu_ms(args) for _ in range(runs)]
    return Figure(
        name,
        round(statistics.median(times), 1),
        round(min(times), 1),
        round(max(times), 1),
        0.0,
        runs,
    )


def cases() -> list[Case]:
    out = []
    for name, argv in COMMANDS.items():
        case = Case(
            f"cli.{name}",
            f"`dieuhanh {' '.join(argv)}` as a process, start to exit",
            "sqlite" if "DATABASE_URL" not in os.environ else "postgresql",
        )
        case.figures.append(
            measure(f"system: dieuhanh {name} (CPU)", ["-m", "dieuhanh.cli", *argv])
        )
        case.figures.append(measure("floor: python -c pass (CPU)", ["-c", "pass"]))
        case.figures.append(measure("floor: django.setup() of dieuhanh (CPU)", ["-c", SETUP_ONLY]))
        out.append(case)
    return out
