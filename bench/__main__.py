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
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DIEUHANH_VAR_DIR", str(VAR))
    os.environ.setdefault("DIEUHANH_DB", str(VAR / f"bench-{args.scale}.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench import (
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
    values = generate.ensure(args.scale)
    from django.db import connection

    from bench.harness import merge_results

    cases = (
        cases_orgunits.cases()
        + cases_indicators.cases(values)
        + cases_import.cases()
        + cases_outbreak.cases(args.scale)
        + cases_reports.cases()
    )
    report(cases, VAR / f"results-{args.scale}-{connection.vendor}.json")
    merge_results(cases, VAR / "results.json", scale=args.scale, database=connection.vendor)


if __name__ == "__main__":
    main()
