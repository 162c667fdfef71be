"""The two-node layout on this machine: `python tools/cluster/cluster.py up|down|status`.

    up       a PostgreSQL 15 primary and a streaming standby (pg_basebackup -R, a replication
             slot; synchronous commit on, so an acknowledged write is on the standby too), the
             demo loaded, the database cache table, two `dieuhanh serve` nodes on two ports,
             nginx in front of both, one var/ directory for both (secret key, uploaded files),
             and a `dieuhanh worker` per node once that command exists
    status   what runs, and the replication state as the primary sees it
    down     stops everything and removes the directory
    promote  promotes the standby (`pg_ctl promote`)          — for the failover drill
    stop-primary  stops the primary (`pg_ctl stop -m fast`)   — for the failover drill
    env      prints the environment of the layout (DATABASE_URL, …) as shell assignments

Everything lives in $DIEUHANH_CLUSTER_DIR (default /tmp/dieuhanh-cluster); state.json there
names the ports and process ids. PostgreSQL runs as the `postgres` user when started by root
(it refuses root), like scripts/with-postgres.sh. docs/operations.md §6 describes the layout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DIR = Path(os.environ.get("DIEUHANH_CLUSTER_DIR", "/tmp/dieuhanh-cluster"))  # noqa: S108
STATE = DIR / "state.json"
SLOT = "standby1"


def _bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        raise SystemExit("PostgreSQL is not installed (bash scripts/system-deps.sh)")
    return found[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_pg(*cmd: str | Path) -> list[str]:
    args = [str(c) for c in cmd]
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")
    return done


def _psql(port: int, sql: str) -> str:
    psql = _bindir() / "psql"
    cmd = [str(psql), "-h", "127.0.0.1", "-p", str(port), "-U", "dieuhanh", "-d", "dieuhanh"]
    return _run([*cmd, "-At", "-c", sql]).stdout.strip()


def environment(state: dict[str, Any]) -> dict[str, str]:
    """What each node, worker, test and drill process of the layout runs with."""
    p1, p2 = state["pg_primary"], state["pg_standby"]
    return {
        # libpq tries both in order and keeps the one that accepts writes (failover)
        "DATABASE_URL": (
            f"postgres://dieuhanh@127.0.0.1:{p1},127.0.0.1:{p2}/dieuhanh"
            "?target_session_attrs=read-write"
        ),
        "DATABASE_REPLICA_URL": f"postgres://dieuhanh@127.0.0.1:{p2}/dieuhanh?connect_timeout=3",
        "DIEUHANH_CACHE": "database",
        "DIEUHANH_VAR_DIR": str(DIR / "var"),
        "DIEUHANH_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # nginx passes the client's address (X-Forwarded-For): believed from it only
        "DIEUHANH_TRUSTED_PROXIES": "127.0.0.1",
        "DIEUHANH_CLUSTER_URL": f"http://127.0.0.1:{state['nginx']}",
        "DIEUHANH_CLUSTER_NODES": ",".join(f"http://127.0.0.1:{p}" for p in state["nodes"]),
        "DIEUHANH_CLUSTER_PG": f"{p1},{p2}",
    }


def _env(state: dict[str, Any]) -> dict[str, str]:
    env = {**os.environ, **environment(state)}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _dieuhanh(*args: str) -> list[str]:
    return [sys.executable, "-m", "dieuhanh.cli", *args]


def _spawn(cmd: list[str], log: Path, env: dict[str, str]) -> int:
    with log.open("ab") as out:
        process = subprocess.Popen(
            cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process.pid


def _wait_http(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer in {seconds:.0f} s")


def _pg_conf(port: int) -> str:
    lines = [
        f"port = {port}",
        "listen_addresses = '127.0.0.1'",
        f"unix_socket_directories = '{DIR}'",
        "wal_level = replica",
        "max_wal_senders = 5",
        "max_replication_slots = 5",
        "hot_standby = on",
        "hot_standby_feedback = on",
        # the machine does not crash in the drill (processes do): no fsync, as in the tests
        "fsync = off",
        "max_connections = 200",
    ]
    return "\n".join(lines) + "\n"


def _worker_available(env: dict[str, str]) -> bool:
    """`dieuhanh worker` exists once the background jobs (issue 21, part 21a) have landed."""
    probe = _dieuhanh("help", "worker")  # "Unknown command" and status 1 until then
    return subprocess.run(probe, env=env, capture_output=True, check=False).returncode == 0


def up(*, sync: bool, workers: int, threads: int) -> None:
    if STATE.exists():
        raise SystemExit(f"a cluster runs already in {DIR} (cluster.py down)")
    started = time.monotonic()
    shutil.rmtree(DIR, ignore_errors=True)
    DIR.mkdir(parents=True)
    DIR.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(DIR, "postgres")
    bindir = _bindir()
    state: dict[str, Any] = {
        "pg_primary": _free_port(),
        "pg_standby": _free_port(),
        "nodes": [_free_port(), _free_port()],
        "nginx": _free_port(),
        "sync": sync,
        "pids": {},
    }
    primary, standby = DIR / "primary", DIR / "standby"
    _run(_as_pg(bindir / "initdb", "-D", primary, "-U", "dieuhanh", "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8"))  # fmt: skip
    with (primary / "postgresql.conf").open("a") as conf:
        conf.write(_pg_conf(state["pg_primary"]))
    _run(_as_pg(bindir / "pg_ctl", "-D", primary, "-l", DIR / "primary.log", "-w", "start"))
    _run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(state["pg_primary"]),
          "-U", "dieuhanh", "dieuhanh"])  # fmt: skip
    _psql(state["pg_primary"], f"SELECT pg_create_physical_replication_slot('{SLOT}')")
    # -R writes standby.signal and primary_conninfo; the slot keeps the WAL the standby needs
    _run(_as_pg(bindir / "pg_basebackup", "-h", "127.0.0.1", "-p", str(state["pg_primary"]),
                "-U", "dieuhanh", "-D", standby, "-R", "-S", SLOT, "-X", "stream",
                "-c", "fast"))  # fmt: skip
    with (standby / "postgresql.conf").open("a") as conf:
        # the standby's own settings (its copy of the primary's file ends with these): once
        # promoted it has no standby of its own, so it must not wait for one
        conf.write(
            f"port = {state['pg_standby']}\ncluster_name = '{SLOT}'\n"
            "synchronous_standby_names = ''\n"
        )
    _run(_as_pg(bindir / "pg_ctl", "-D", standby, "-l", DIR / "standby.log", "-w", "start"))
    if sync:
        # Only now that the standby streams (before, every commit would wait for it): a commit
        # returns once the standby has flushed it, so no acknowledged save is lost when the
        # primary goes (docs/operations.md §7).
        _psql(
            state["pg_primary"], f"ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 ({SLOT})'"
        )
        _psql(state["pg_primary"], "ALTER SYSTEM SET synchronous_commit = on")
        _psql(state["pg_primary"], "SELECT pg_reload_conf()")
    STATE.write_text(json.dumps(state))
    pg_seconds = time.monotonic() - started

    env = _env(state)
    (DIR / "var" / "media").mkdir(parents=True, exist_ok=True)
    print("Loading the demo on the primary …", flush=True)
    _run(_dieuhanh("demo", "--no-serve"), env=env, cwd=ROOT)  # it makes the cache tables too
    demo_seconds = time.monotonic() - started - pg_seconds
    for i, port in enumerate(state["nodes"], start=1):
        cmd = _dieuhanh("serve", "--port", str(port), "--workers", str(workers),
                        "--threads", str(threads))  # fmt: skip
        state["pids"][f"node{i}"] = _spawn(cmd, DIR / f"node{i}.log", env)
        STATE.write_text(json.dumps(state))
        _wait_http(f"http://127.0.0.1:{port}/accounts/login/")
    if _worker_available(env):
        for i in (1, 2):
            state["pids"][f"worker{i}"] = _spawn(_dieuhanh("worker"), DIR / f"worker{i}.log", env)
    else:
        print("`dieuhanh worker` is not there yet (background jobs): no worker started")
    nginx_conf = DIR / "nginx.conf"
    nginx_conf.write_text(_nginx_conf(state))
    (DIR / "nginx").mkdir(exist_ok=True)
    _run(["nginx", "-t", "-p", str(DIR / "nginx"), "-c", str(nginx_conf)])
    state["pids"]["nginx"] = _spawn(
        ["nginx", "-p", str(DIR / "nginx"), "-c", str(nginx_conf)], DIR / "nginx.log", env
    )
    STATE.write_text(json.dumps(state))
    _wait_http(f"http://127.0.0.1:{state['nginx']}/accounts/login/")
    total = time.monotonic() - started
    (DIR / "env.sh").write_text(
        "".join(f"export {k}='{v}'\n" for k, v in environment(state).items())
    )
    print(
        f"Cluster up in {total:.0f} s (PostgreSQL primary + standby {pg_seconds:.0f} s, demo "
        f"{demo_seconds:.0f} s): http://127.0.0.1:{state['nginx']}/ → nodes "
        f"{state['nodes'][0]} and {state['nodes'][1]}; PostgreSQL {state['pg_primary']} "
        f"(primary) and {state['pg_standby']} (standby, {'synchronous' if sync else 'async'})"
    )
    print(f"Environment: . {DIR / 'env.sh'}")


def _nginx_conf(state: dict[str, Any]) -> str:
    servers = "".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;\n" for p in state["nodes"]
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # the temporary files stay ours
    return f"""daemon off;
{user}worker_processes 1;
pid {DIR}/nginx/nginx.pid;
error_log {DIR}/nginx/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {DIR}/nginx/body;
    proxy_temp_path {DIR}/nginx/proxy;
    fastcgi_temp_path {DIR}/nginx/fastcgi;
    uwsgi_temp_path {DIR}/nginx/uwsgi;
    scgi_temp_path {DIR}/nginx/scgi;
    client_max_body_size 210m;
    upstream dieuhanh {{
{servers}        keepalive 32;
        # closed by nginx before the node's gunicorn closes it (keepalive 5 s): a request sent
        # on a connection the node has just closed fails, and nginx repeats no POST (a 502)
        keepalive_timeout 4s;
    }}
    server {{
        listen 127.0.0.1:{state["nginx"]};
        location / {{
            proxy_pass http://dieuhanh;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # a node that is down or restarting: the request goes to the other node (only
            # requests that may be repeated: GET, HEAD — nginx never repeats a POST)
            proxy_next_upstream error timeout http_502 http_503;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def _load() -> dict[str, Any]:
    if not STATE.exists():
        raise SystemExit(f"no cluster in {DIR} (cluster.py up)")
    state: dict[str, Any] = json.loads(STATE.read_text())
    return state


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _pg_running(data: Path) -> bool:
    done = subprocess.run(
        _as_pg(_bindir() / "pg_ctl", "-D", data, "status"), capture_output=True, check=False
    )
    return done.returncode == 0


def status() -> None:
    state = _load()
    for name, pid in state["pids"].items():
        print(f"{name:<8} pid {pid:<8} {'running' if _alive(pid) else 'stopped'}")
    for name, port in (("primary", state["pg_primary"]), ("standby", state["pg_standby"])):
        running = _pg_running(DIR / name)
        role = ""
        if running:
            role = "standby" if _psql(port, "SELECT pg_is_in_recovery()") == "t" else "primary"
        print(f"postgres {name:<8} port {port:<6} {'running as ' + role if running else 'stopped'}")
    for name in ("primary", "standby"):
        port = state[f"pg_{name}"]
        if _pg_running(DIR / name) and _psql(port, "SELECT pg_is_in_recovery()") == "f":
            print(
                _psql(
                    port,
                    "SELECT coalesce(string_agg(application_name || ' ' || state || ' ' || "
                    "sync_state || ' replay lag ' || coalesce(replay_lag::text, '0'), '; '), "
                    "'no standby streaming') FROM pg_stat_replication",
                )
            )
    print(f"URL: {environment(state)['DIEUHANH_CLUSTER_URL']}/")


def promote() -> None:
    _load()
    _run(_as_pg(_bindir() / "pg_ctl", "-D", DIR / "standby", "-w", "promote"))


def stop_primary() -> None:
    _load()
    _run(_as_pg(_bindir() / "pg_ctl", "-D", DIR / "primary", "-m", "fast", "-w", "stop"))


def down() -> None:
    if STATE.exists():
        state = _load()
        for _name, pid in reversed(list(state["pids"].items())):
            if _alive(pid):
                os.killpg(pid, signal.SIGTERM)
        for _name, pid in state["pids"].items():
            for _ in range(100):
                if not _alive(pid):
                    break
                time.sleep(0.1)
            else:
                os.killpg(pid, signal.SIGKILL)
    for name in ("standby", "primary"):
        if (DIR / name).exists() and _pg_running(DIR / name):
            subprocess.run(
                _as_pg(_bindir() / "pg_ctl", "-D", DIR / name, "-m", "fast", "-w", "stop"),
                capture_output=True,
                check=False,
            )
    shutil.rmtree(DIR, ignore_errors=True)
    print("Cluster down")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "command", choices=["up", "down", "status", "promote", "stop-primary", "env"]
    )
    parser.add_argument(
        "--async", dest="sync", action="store_false", help="asynchronous standby (default: sync)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    args = parser.parse_args(argv)
    if args.command == "up":
        up(sync=args.sync, workers=args.workers, threads=args.threads)
    elif args.command == "down":
        down()
    elif args.command == "status":
        status()
    elif args.command == "promote":
        promote()
    elif args.command == "stop-primary":
        stop_primary()
    else:
        for key, value in environment(_load()).items():
            print(f"export {key}='{value}'")


if __name__ == "__main__":
    main()
