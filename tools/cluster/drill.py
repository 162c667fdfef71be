"""The failover drill: `python tools/cluster/drill.py [--users 50 --duration 60 --at 20]`.

With the layout of cluster.py up: runs bench/soak.py through nginx against both nodes, and
`--at` seconds into the load promotes the standby (`pg_ctl promote`) and then stops the primary
(`pg_ctl stop -m fast`). The nodes are not told: their DATABASE_URL names both servers with
`target_session_attrs=read-write`, so their next connection finds the new primary.

Then it counts what the soak saw: acknowledged saves (HTTP 200 to a save), failed requests, and
the seconds between the first and the last failure (the outage as users saw it); and checks on
the new primary that every acknowledged save is there: for each form field saved, the stored
version is at least the last acknowledged one, and the field's history holds every acknowledged
value. Prints a summary and writes it to drill.json in the cluster directory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cluster  # noqa: E402  (the sibling script)


def _failover(at: float, marks: dict[str, float]) -> None:
    time.sleep(at)
    marks["promote"] = time.time()
    cluster.promote()
    marks["promoted"] = time.time()
    cluster.stop_primary()
    marks["primary_stopped"] = time.time()


def _verify(acks: list[dict[str, Any]], since: float) -> dict[str, Any]:
    """Every acknowledged save on the database the nodes now write to."""
    import django

    django.setup()
    import datetime

    from dieuhanh.indicators.models import DataValue, DataValueChange

    by_field: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for ack in acks:
        by_field[(ack["unit"], ack["period"], ack["indicator"])].append(ack)
    missing = []
    start = datetime.datetime.fromtimestamp(since - 5, tz=datetime.UTC)
    for (unit, period, indicator), saves in by_field.items():
        value = DataValue.objects.filter(
            unit__code=unit, period=period, indicator__code=indicator, option=None
        ).first()
        top = max(s["version"] for s in saves)
        if value is None or value.version < top:
            missing.append(f"{unit} {period} {indicator}: version {top} acknowledged")
            continue
        history = Counter(
            Decimal(v).normalize()
            for v in DataValueChange.objects.filter(
                unit__code=unit,
                period=period,
                indicator__code=indicator,
                option=None,
                at__gte=start,
            ).values_list("new_value", flat=True)
            if v is not None
        )
        wanted = Counter(Decimal(s["value"]).normalize() for s in saves)
        for amount, count in wanted.items():
            if history[amount] < count:
                missing.append(f"{unit} {period} {indicator}: {amount} saved {count}×")
    return {"fields": len(by_field), "missing": missing}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--at", type=float, default=20.0, help="seconds into the load")
    args = parser.parse_args(argv)

    state = cluster._load()
    env = cluster._env(state)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    os.environ["DJANGO_SETTINGS_MODULE"] = "dieuhanh.config.settings"
    sys.path.insert(0, str(cluster.ROOT / "src"))
    log = cluster.DIR / "drill-requests.jsonl"
    soak = subprocess.Popen(
        [sys.executable, "-m", "bench.soak", "--users", str(args.users),
         "--duration", str(args.duration), "--url", env["DIEUHANH_CLUSTER_URL"],
         "--log", str(log)],
        env=env, cwd=cluster.ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert soak.stdout is not None
    marks: dict[str, float] = {}
    trigger: threading.Thread | None = None
    output = []
    for line in soak.stdout:
        output.append(line)
        print(line, end="", flush=True)
        if line.startswith("load started") and trigger is None:
            # every user has logged in and warmed up: the measured window is open
            trigger = threading.Thread(target=_failover, args=(args.at, marks), daemon=True)
            trigger.start()
    soak.wait()
    if trigger is not None:
        trigger.join(timeout=120)

    if not log.exists():
        print("drill: the soak did not run (see above)")
        return 1
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    requests = [x for x in lines if x["kind"] != "ack"]
    acks = [x for x in lines if x["kind"] == "ack"]
    failed = sorted(x["t"] for x in requests if x["status"] >= 500)  # t: when it was sent
    result: dict[str, Any] = {
        "users": args.users,
        "duration": args.duration,
        "synchronous": state["sync"],
        "requests": len(requests),
        "failed_requests": len(failed),
        # from the sending of the first request that failed to that of the last one
        "failed_window_s": round(failed[-1] - failed[0], 2) if failed else 0.0,
        # seconds (of the wall clock) in which at least one request failed
        "seconds_with_failures": len({int(t) for t in failed}),
        "first_failed_sent_after_promote_s": (
            round(failed[0] - marks["promote"], 2) if failed and "promote" in marks else None
        ),
        "last_failed_sent_after_primary_stopped_s": (
            round(failed[-1] - marks["primary_stopped"], 2)
            if failed and "primary_stopped" in marks
            else None
        ),
        "promote_to_stopped_s": (
            round(marks["primary_stopped"] - marks["promote"], 2) if len(marks) == 3 else None
        ),
        # requests sent after the old primary was stopped that still failed: the outage a
        # new click meets (the others were in flight at the switch)
        "failed_sent_after_primary_stopped": sum(
            1 for t in failed if "primary_stopped" in marks and t >= marks["primary_stopped"]
        ),
        "failed_by_status": dict(Counter(str(x["status"]) for x in requests if x["status"] >= 500)),
        "acknowledged_saves": len(acks),
    }
    checked = _verify(acks, min((x["t"] for x in lines), default=time.time()))
    result["saved_fields"] = checked["fields"]
    result["acknowledged_saves_missing"] = len(checked["missing"])
    result["missing"] = checked["missing"][:20]
    (cluster.DIR / "drill.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 1 if checked["missing"] else 0


if __name__ == "__main__":
    sys.exit(main())
