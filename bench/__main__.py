"""`make bench [SCALE=default|full]`: run every benchmark case and write var/bench/results.json.

The database is the one DATABASE_URL names (PostgreSQL), else a SQLite file cached under
var/bench/. The administrative-unit cases run on the whole packaged country at every scale.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

VAR = Path("var/bench").resolve()


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--scale", choices=["default", "full"], default="default")
    parser.add_argument(
        "--only",
        help="comma-separated groups to run (orgunits, indicators, import, outbreak, reports, "
        "cli; checkins_csv: only the check-in CSV cases, trace_layout: only the trace by layout "
        "case, which outbreak includes); a partial "
        "run prints its figures but leaves the results files alone",
    )
    args = parser.parse_args()
    groups = {"orgunits", "indicators", "import", "outbreak", "reports", "cli"}
    only = set(args.only.split(",")) if args.only else groups
    extra = {"checkins_csv", "trace_layout"}  # single cases the outbreak group includes
    if only - groups - extra:
        parser.error(f"unknown groups: {', '.join(sorted(only - groups - extra))}")
    VAR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DIEUHANH_VAR_DIR", str(VAR))
    os.environ.setdefault("DIEUHANH_DB", str(VAR / f"bench-{args.scale}.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench import (
        cases_checkins_csv,
        cases_cli,
        cases_import,
        cases_indicators,
        cases_orgunits,
        cases_outbreak,
        cases_reports,
        generate,
    )
    from bench.harness import report
    from dieuhanh.orgunits.services import orgunits_load

    call_command("migrate", interactive=False, verbosity=0)
    orgunits_load()
    print(f"scale: {args.scale}, database: {os.environ.get('DATABASE_URL', 'SQLite')}")
    needs_values = only & {"indicators", "import", "cli"}
    values = generate.ensure(args.scale) if needs_values else None
    from django.db import connection

    from bench.harness import merge_results

    cases = []
    if "orgunits" in only:
        cases += cases_orgunits.cases()
    if "indicators" in only:
        assert values is not None  # generated above for "indicators"
        cases += cases_indicators.cases(values)
    if "import" in only:
        cases += cases_import.cases()
    if "outbreak" in only:
        cases += cases_outbreak.cases(args.scale)
        cases += cases_checkins_csv.cases(VAR / "csv")
    else:
        if "checkins_csv" in only:
            cases += cases_checkins_csv.cases(VAR / "csv")
        if "trace_layout" in only:
            from bench.generate_checkins import SCALES

            cases += [cases_outbreak.layout_case(SCALES[args.scale])]
    if "reports" in only:
        cases += cases_reports.cases()
    if "cli" in only:
        cases += cases_cli.cases()
    if only != groups:
        report(cases, VAR / f"results-{args.scale}-{connection.vendor}-partial.json")
        return
    report(cases, VAR / f"results-{args.scale}-{connection.vendor}.json")
    merge_results(cases, VAR / "results.json", scale=args.scale, database=connection.vendor)


if __name__ == "__main__":
    main()
