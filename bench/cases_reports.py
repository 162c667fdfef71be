"""The review report of the demo district (Chư Sê, 2021S1) as DOCX and PDF, against the review
table alone.

The report needs the demo's catalogue and values, not the generated bench data, so the case runs
in a child process over its own demo database (var/bench/demo.sqlite3, built once); both the
report and its baseline are measured there, in the same run.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from bench.harness import Case, Figure, measure

VAR = Path("var/bench").resolve()


def _child() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dieuhanh.core.scope import Scope
    from dieuhanh.demo.services import demo_load
    from dieuhanh.indicators.selectors.review import review_table
    from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
    from dieuhanh.periods import parse_period
    from dieuhanh.reports.pure.document import Document
    from dieuhanh.reports.render.files import ReportFile, review_file
    from dieuhanh.reports.selectors import ReviewRequest, review_document

    call_command("migrate", interactive=False, verbosity=0)
    demo_load()
    scope = Scope.everything()
    period = parse_period("2021S1")
    request = ReviewRequest("633", "2021S1", "party")
    today = period.end

    def compose() -> Document:
        return review_document(scope=scope, role="admin", request=request, today=today)

    def table() -> None:
        unit = unit_resolve(code="633", on=period, scope=scope, policy=UnitPolicy.IN_PERIOD)
        review_table(unit=unit, period=period, scope=scope)

    cases = []
    for fmt, runs in (("docx", 7), ("pdf", 5)):
        case = Case(
            f"reports.review.{fmt}",
            f"the half-year review of Chư Sê 2021S1 as {fmt.upper()}, composed and rendered",
            connection.vendor,
        )

        def render(f: str = fmt) -> ReportFile:
            return review_file(compose(), f)

        case.figures.append(measure(f"system: review {fmt}", render, runs))
        case.figures.append(measure("baseline: review table alone", table, runs))
        cases.append(case)
    print(json.dumps([asdict(c) for c in cases]))


def _demo_database() -> Path:
    """The demo database of the packaged unit dataset: named by the dataset's hash, so a new
    dataset builds a new one (loading it over a database of the old one would duplicate units;
    `dieuhanh orgunits upgrade-data` is the way for a real database)."""
    dataset = Path("src/dieuhanh/orgunits/data/units.json.gz").read_bytes()
    return VAR / f"demo-{hashlib.sha256(dataset).hexdigest()[:12]}.sqlite3"


def cases() -> list[Case]:
    """Run the child against the demo database and bring its figures back."""
    env = {
        **os.environ,
        "DIEUHANH_DB": str(_demo_database()),
        "DJANGO_SETTINGS_MODULE": "dieuhanh.config.settings",
    }
    env.pop("DATABASE_URL", None)  # the demo database is SQLite; the case says so
    result = subprocess.run(
        [sys.executable, "-m", "bench.cases_reports"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if result.returncode != 0:  # the child's traceback, not only its exit status
        sys.stderr.write(result.stderr)
        result.check_returncode()
    out = []
    for raw in json.loads(result.stdout.strip().splitlines()[-1]):
        figures = [Figure(**f) for f in raw.pop("figures")]
        out.append(Case(**raw, figures=figures))
    return out


if __name__ == "__main__":
    _child()
