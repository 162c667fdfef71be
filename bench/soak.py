"""`make soak`: the served site under concurrent simulated users, bounded in time, loopback only.

Officers enter data (read a form, save a value with its version: the API), leaders open the
dashboard, the review page and the report (session login: the pages). The site is served by
`dieuhanh serve` (waitress, the production server of the project) on the database of
DATABASE_URL (PostgreSQL under scripts/with-postgres.sh) or a fresh SQLite demo.

Prints throughput, p50/p95/p99 per kind of request, the machine's load average at the start and
the end of the measured window, and every error; exits 1 when a target is missed (p95 of any
request over --p95-ms, of the composed report page over --report-p95-ms, or any error).

    python -m bench.soak --users 50 --duration 60 [--url http://127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

DEMO_PASSWORD = "ChuSe@2021-demo"
# The 15 communes/town of Huyện Chư Sê (2021): officers spread over them, one form each.
LEADER = "lanhdao.chuse"
PERIOD_MONTHS = [f"2021{m:02d}" for m in range(1, 13)]


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    # --log: every request (wall time, kind, status) and every acknowledged save, for the
    # failover drill (tools/cluster/drill.py) to count saves and the seconds of failures.
    log: list[dict[str, object]] | None = None
    acknowledged: int = 0

    def add(self, kind: str, seconds: float, status: int = 0) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if self.log is not None:
                # when the request was sent: an outage is when requests sent then failed
                self.log.append({"t": time.time() - seconds, "kind": kind, "status": status})

    def saved(self, record: dict[str, object]) -> None:
        with self.lock:
            self.acknowledged += 1
            if self.log is not None:
                self.log.append({"t": time.time(), "kind": "ack", **record})

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


class Browser:
    """One keep-alive connection with its cookies (session, CSRF)."""

    def __init__(self, base: str) -> None:
        parsed = urllib.parse.urlsplit(base)
        assert parsed.hostname in {"127.0.0.1", "localhost", "::1"}, "loopback only"
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes, dict[str, str]]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, data, {k.lower(): v for k, v in response.getheaders()}

    def login(self, username: str) -> None:
        status, page, _ = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200 and token, "no login form"
        body = urllib.parse.urlencode(
            {"username": username, "password": DEMO_PASSWORD,
             "csrfmiddlewaretoken": token.group(1).decode()}
        ).encode()  # fmt: skip
        status, _, _headers = self.request(
            "POST", "/accounts/login/", body,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://x/"},
        )  # fmt: skip
        assert status == 302, f"login of {username} failed: {status}"


def _timed(
    stats: Stats,
    kind: str,
    browser: Browser,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    start = time.perf_counter()
    try:
        status, data, _ = browser.request(method, path, body, headers)
    except (http.client.HTTPException, OSError) as e:  # a node or the proxy gone (failover)
        stats.add(kind, time.perf_counter() - start, 599)
        return 599, repr(e).encode()
    stats.add(kind, time.perf_counter() - start, status)
    return status, data


def _guard(
    target: Callable[..., None], stats: Stats, ready: threading.Barrier
) -> Callable[..., None]:
    """Run a simulated user; a crash of its thread is an error of the run, not a silence (and
    a user that cannot even start stops the run instead of leaving the others waiting)."""

    def run(*args: object) -> None:
        try:
            target(*args)
        except Exception as e:
            stats.error(f"{getattr(target, '__name__', 'user')} stopped: {e!r}")
            ready.abort()

    return run


@dataclass
class Window:
    """The measured window: every user logs in and warms up first, then all start together."""

    ready: threading.Barrier
    until: float = 0.0

    def start(self, rng: random.Random, think: tuple[float, float]) -> None:
        try:
            self.ready.wait(timeout=600)
        except threading.BrokenBarrierError:
            self.until = 0.0  # the run was stopped
        time.sleep(rng.uniform(0, think[1]))  # users do not all click at the same instant


@dataclass(frozen=True)
class Pacing:
    """Seconds a simulated user spends between two requests (uniformly drawn)."""

    officer: tuple[float, float]
    leader: tuple[float, float]


def _think_range(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    bounds = (float(low), float(high or low))
    if not 0 <= bounds[0] <= bounds[1]:
        raise argparse.ArgumentTypeError(f"not a range of seconds: {text}")
    return bounds


def officer(
    base: str, token: str, unit: str, period: str, window: Window, stats: Stats, pacing: Pacing
) -> None:
    browser = Browser(base)
    auth = {"Authorization": f"Bearer {token}"}
    path = f"/api/forms/KTXH_THANG/{unit}/{period}"
    rng = random.Random(f"{unit}{period}")  # noqa: S311 (load shape, not secrets)
    browser.request("GET", path, None, auth)  # warm-up, not measured
    window.start(rng, pacing.officer)
    while time.monotonic() < window.until:
        status, body = _timed(stats, "form (API GET)", browser, "GET", path, None, auth)
        if status != 200:
            stats.error(f"GET {path}: {status} {body[:120]!r}")
            time.sleep(0.5)
            continue
        fields = [f for f in json.loads(body)["fields"] if f["option"] is None]
        chosen = rng.choice(fields)
        value = str(rng.randint(1, 95))  # valid for every field: counts, amounts and rates
        # …but often implausible for the unit (data-quality rule): confirmed with a comment.
        payload = json.dumps(
            {"values": [{"indicator": chosen["indicator"], "value": value,
                         "version": chosen["version"], "comment": "soak"}]}
        ).encode()  # fmt: skip
        headers = {**auth, "Content-Type": "application/json"}
        status, body = _timed(stats, "save (API POST)", browser, "POST", path, payload, headers)
        if status == 409:
            with stats.lock:
                stats.conflicts += 1
        elif status != 200:
            stats.error(f"POST {path}: {status} {body[:160]!r}")
        else:
            mine = [f for f in json.loads(body)["fields"] if f["indicator"] == chosen["indicator"]]
            stats.saved({"unit": unit, "period": period, "indicator": chosen["indicator"],
                         "value": value, "version": mine[0]["version"]})  # fmt: skip
        time.sleep(rng.uniform(*pacing.officer))  # an officer looks up and types the next figure


LEADER_PAGES = [
    ("dashboard (page)", "/"),
    ("review (page)", "/indicators/?unit=633&period=2021S1"),
    ("report (page)", "/reports/?unit=633&period=2021S1"),
]


def leader(base: str, window: Window, stats: Stats, seed: int, pacing: Pacing) -> None:
    browser = Browser(base)
    browser.login(LEADER)
    rng = random.Random(seed)  # noqa: S311 (load shape, not secrets)
    browser.request("GET", "/")  # warm-up, not measured
    window.start(rng, pacing.leader)
    while time.monotonic() < window.until:
        kind, path = rng.choices(LEADER_PAGES, weights=(6, 3, 1))[0]
        status, body = _timed(stats, kind, browser, "GET", path)
        if status != 200:
            stats.error(f"GET {path}: {status} {body[:120]!r}")
        time.sleep(rng.uniform(*pacing.leader))  # a leader reads the page


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _load_average() -> tuple[float, float, float] | None:
    """The machine's load average (None where the system has none: Windows)."""
    try:
        return os.getloadavg()
    except (AttributeError, OSError):
        return None


def _cpu_seconds() -> float:
    """CPU time of this process (the load generator: the server is a child or elsewhere)."""
    times = os.times()  # user + system of this process only (children are counted apart)
    return times.user + times.system


def _format_load(load: tuple[float, float, float] | None) -> str:
    return " ".join(f"{x:.2f}" for x in load) if load else "unknown"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dieuhanh.cli", *args], env=env, capture_output=True, text=True,
        timeout=900,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"dieuhanh {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--officers", type=float, default=0.6, help="share of officers")
    parser.add_argument("--workers", type=int, help="server worker processes (default: serve's)")
    parser.add_argument("--threads", type=int, default=4, help="server threads per worker")
    parser.add_argument("--server", choices=["gunicorn", "waitress"], default="gunicorn")
    parser.add_argument(
        "--officer-think", type=_think_range, default=(1.0, 5.0), metavar="S-S",
        help="seconds an officer spends between saves (default 1-5)",
    )  # fmt: skip
    parser.add_argument(
        "--leader-think", type=_think_range, default=(2.0, 8.0), metavar="S-S",
        help="seconds a leader spends reading a page (default 2-8)",
    )  # fmt: skip
    parser.add_argument("--p95-ms", type=float, default=200.0, help="target of every request")
    parser.add_argument(
        "--report-p95-ms", type=float, default=500.0, help="target of the composed report page"
    )
    parser.add_argument(
        "--url",
        help="an already running site with the demo loaded (the CLI reaches its database "
        "through this process's DIEUHANH_VAR_DIR / DATABASE_URL); several, comma-separated "
        "(the nodes of a cluster): the users are spread over them",
    )
    parser.add_argument("--log", help="write every request and acknowledged save (JSON lines)")
    args = parser.parse_args(argv)
    pacing = Pacing(officer=args.officer_think, leader=args.leader_think)

    env = {**os.environ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = None
    bases = args.url.split(",") if args.url else []
    base = bases[0] if bases else None
    if not base:  # a fresh demo of its own; with --url, the site's own environment is used
        env["DIEUHANH_VAR_DIR"] = tempfile.mkdtemp(prefix="dieuhanh-soak-")
    engine = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    if not base:
        print(f"Loading the demo ({engine}) …", flush=True)
        _cli(env, "demo", "--no-serve")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        bases = [base]
        server = subprocess.Popen(
            [sys.executable, "-m", "dieuhanh.cli", "serve", "--port", str(port),
             "--threads", str(args.threads), "--server", args.server,
             *(["--workers", str(args.workers)] if args.workers else [])],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        for _ in range(300):
            try:
                Browser(base).request("GET", "/accounts/login/")
                break
            except OSError:
                time.sleep(0.1)
    try:
        token = _cli(env, "users", "token", "admin").strip()
        units = json.loads(_cli(env, "orgunits", "show", "633", "--on", "2021-07-01", "--json"))
        communes = [c["code"] for c in units["children"]]
        n_officers = max(1, round(args.users * args.officers))
        stats = Stats(log=[] if args.log else None)
        window = Window(ready=threading.Barrier(args.users + 1))
        threads = []
        target: Callable[..., None]
        targs: tuple[object, ...]
        for i in range(args.users):
            if i < n_officers:
                unit = communes[i % len(communes)]
                period = PERIOD_MONTHS[(i // len(communes)) % len(PERIOD_MONTHS)]
                on = bases[i % len(bases)]
                target, targs = officer, (on, token, unit, period, window, stats, pacing)
            else:
                target, targs = leader, (bases[i % len(bases)], window, stats, i, pacing)
            threads.append(
                threading.Thread(
                    target=_guard(target, stats, window.ready), args=targs, daemon=True
                )
            )
        for t in threads:
            t.start()
        print(f"{args.users} users logging in and warming up …", flush=True)
        window.until = time.monotonic() + args.duration
        try:
            window.ready.wait(timeout=600)
        except threading.BrokenBarrierError:
            raise SystemExit("soak: users could not start:\n" + "\n".join(stats.errors)) from None
        print("load started", flush=True)  # the failover drill acts from here
        window.until = time.monotonic() + args.duration
        started = time.monotonic()
        load_start = _load_average()
        cpu_start = _cpu_seconds()
        for t in threads:
            t.join(timeout=args.duration + 120)
        elapsed = time.monotonic() - started
        load_end = _load_average()
        generator_cpu = _cpu_seconds() - cpu_start
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)

    total = sum(len(v) for v in stats.times.values())
    workers = args.workers or "default"
    print(
        f"\nsoak: {args.users} users ({n_officers} officers, {args.users - n_officers} leaders), "
        f"{elapsed:.0f} s, {engine}, {args.server} {workers} workers × {args.threads} threads"
    )
    print(
        f"pacing: officers {pacing.officer[0]:g}-{pacing.officer[1]:g} s between saves, "
        f"leaders {pacing.leader[0]:g}-{pacing.leader[1]:g} s on a page"
    )
    print(f"throughput: {total / elapsed:.1f} requests/s ({total} requests)")
    # The machine may be shared: a p95 means little without the load it was measured under.
    print(
        f"load average (1, 5, 15 min; {os.cpu_count()} CPUs): "
        f"start {_format_load(load_start)}, end {_format_load(load_end)}"
    )
    # The generator shares the machine with the server: what it burns, the server does not get.
    print(
        f"load generator CPU: {generator_cpu:.1f} s in {elapsed:.0f} s "
        f"({generator_cpu / max(total, 1) * 1000:.1f} ms a request)"
    )
    print(f"{'request':<20} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    missed = []
    for kind in sorted(stats.times):
        values = stats.times[kind]
        p50, p95, p99 = (_percentile(values, q) * 1000 for q in (0.5, 0.95, 0.99))
        print(f"{kind:<20} {len(values):>6} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f} "
              f"{max(values) * 1000:>8.0f}")  # fmt: skip
        # Every page and API call has the target, the composed report page its own.
        limit = args.report_p95_ms if kind == "report (page)" else args.p95_ms
        if p95 > limit:
            missed.append(f"p95 of {kind} {p95:.0f} ms > {limit:.0f} ms")
    print(f"conflicts (409, expected when two saves race): {stats.conflicts}")
    print(f"acknowledged saves: {stats.acknowledged}")
    if args.log and stats.log is not None:
        with open(args.log, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(line) + "\n" for line in stats.log)
    print(f"errors: {len(stats.errors)}")
    for line in stats.errors[:20]:
        print("  " + line)
    if stats.errors:
        missed.append(f"{len(stats.errors)} errors")
    if missed:
        print("TARGET MISSED: " + "; ".join(missed))
        return 1
    print(f"targets met: p95 of every request within {args.p95_ms:.0f} ms (the report page "
          f"{args.report_p95_ms:.0f} ms), no error")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
