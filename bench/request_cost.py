"""CPU time and queries per request of what `make soak` drives (issue 21 point 7).

The soak's p95 on a saturated 2-core machine is mostly queueing, so the lever is the CPU one
request costs. This drives the same five requests through Django's test client in one process
(no server, no network): each is run `--runs` times after a warm-up, and the median CPU time of
this process (user + system: wall time on a shared machine measures the neighbours; on
PostgreSQL the database server's own CPU is not counted) and the number of queries are printed.

    DIEUHANH_DB=/tmp/copy-of-demo.sqlite3 python -m bench.request_cost [--runs 15] [--profile KIND]

Never point it at a database you care about: the save requests write values (as the soak does).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import resource
import statistics
import sys
from collections.abc import Callable

LEADER = "lanhdao.chuse"
OFFICER_UNIT = "26038"  # a commune of Chư Sê (overridable: --unit)
FORM = "/api/forms/KTXH_THANG/{unit}/202101"
PAGES = {
    "dashboard": "/",
    "review": "/indicators/?unit=633&period=2021S1",
    "report": "/reports/?unit=633&period=2021S1",
}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _backend_cpu(pid: int | None) -> float:
    """CPU seconds of the PostgreSQL backend serving this connection (same machine; 0 where
    unreadable): the database's share of a request, which this process's CPU does not hold."""
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--unit", default=None, help="commune code of the officer's form")
    parser.add_argument(
        "--profile", help="cProfile one kind (dashboard, form, save, review, report)"
    )
    parser.add_argument("--only", help="comma-separated kinds")
    parser.add_argument(
        "--warm", action="store_true",
        help="leave the figures version alone between requests (the soak saves about ten "
        "values a second, so by default it is moved before each request, as a save moves it)",
    )  # fmt: skip
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dieuhanh.accounts.models import User
    from dieuhanh.accounts.services import token_issue
    from dieuhanh.indicators.figures_cache import figures_bump
    from dieuhanh.orgunits.models import OrgUnit

    unit = args.unit
    if unit is None:
        district = OrgUnit.objects.filter(code="633").first()
        child = (
            OrgUnit.objects.filter(parent=district).order_by("code").first() if district else None
        )
        unit = child.code if child else OFFICER_UNIT
    leader = Client(HTTP_HOST="127.0.0.1")
    leader.force_login(User.objects.get(username=LEADER))
    api = Client(
        HTTP_HOST="127.0.0.1",
        HTTP_AUTHORIZATION=f"Bearer {token_issue(user=User.objects.get(username='admin'))}",
    )
    form_path = FORM.format(unit=unit)
    rng = random.Random(7)  # noqa: S311 (load shape)

    def page(path: str) -> Callable[[], int]:
        return lambda: leader.get(path).status_code

    def form() -> int:
        return api.get(form_path).status_code

    def save() -> int:
        read = api.get(form_path)
        fields = [f for f in read.json()["fields"] if f["option"] is None]
        chosen = rng.choice(fields)
        payload = {"values": [{"indicator": chosen["indicator"], "value": str(rng.randint(1, 95)),
                               "version": chosen["version"], "comment": "soak"}]}  # fmt: skip
        done = api.post(form_path, json.dumps(payload), content_type="application/json")
        return done.status_code

    def save_alone() -> int:  # the POST without the GET before it (what the soak times as "save")
        read = api.get(form_path)
        fields = [f for f in read.json()["fields"] if f["option"] is None]
        chosen = rng.choice(fields)
        payload = {"values": [{"indicator": chosen["indicator"], "value": str(rng.randint(1, 95)),
                               "version": chosen["version"], "comment": "soak"}]}  # fmt: skip
        start = _cpu()
        with CaptureQueriesContext(connection) as queries:
            status = api.post(
                form_path, json.dumps(payload), content_type="application/json"
            ).status_code
        save_alone.cost = (_cpu() - start, len(queries))  # type: ignore[attr-defined]
        return status

    kinds: dict[str, Callable[[], int]] = {
        "dashboard": page(PAGES["dashboard"]),
        "form": form,
        "save": save_alone,
        "review": page(PAGES["review"]),
        "report": page(PAGES["report"]),
    }
    if args.profile:
        run = kinds[args.profile] if args.profile != "save" else save
        run()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            if not args.warm:
                profiler.disable()
                figures_bump()
                profiler.enable()
            run()
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(
            os.environ.get("PSTATS_SORT", "cumulative")
        ).print_stats(os.environ.get("PSTATS_FILTER", ""), 60)
        return 0
    only = args.only.split(",") if args.only else list(kinds)
    backend: int | None = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = int(cursor.fetchone()[0])
    print(
        f"{'request':<10} {'cpu ms':>8} {'min':>7} {'max':>7} {'queries':>8} {'db cpu ms':>10}"
        f"  ({connection.vendor})"
    )
    for kind in only:
        run = kinds[kind]
        assert run() == 200, f"{kind}: not 200"  # warm-up
        costs, counts, db = [], [], []
        for _ in range(args.runs):
            if not args.warm:
                figures_bump()  # a save by someone else in between (autocommit)
            start, db_start = _cpu(), _backend_cpu(backend)
            with CaptureQueriesContext(connection) as queries:
                status = run()
            db.append((_backend_cpu(backend) - db_start) * 1000)
            assert status == 200, f"{kind}: {status}"
            if kind == "save":
                cost, n = save_alone.cost  # type: ignore[attr-defined]
            else:
                cost, n = _cpu() - start, len(queries)
            costs.append(cost * 1000)
            counts.append(n)
        print(
            f"{kind:<10} {statistics.median(costs):>8.1f} {min(costs):>7.1f} {max(costs):>7.1f} "
            f"{statistics.median(counts):>8.0f} {statistics.mean(db):>10.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
