"""`dieuhanh serve [--port N] [--workers W] [--threads T] [--server gunicorn|waitress]`.

Production serving. On Linux and other POSIX systems the site runs under gunicorn: W worker
processes (default: cores + 1) of T threads each, so requests use every core instead of
sharing one Python interpreter lock. Where gunicorn cannot run (Windows) — or on request —
waitress serves from one process with T threads.
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

MAX_DEFAULT_WORKERS = 8


def _cgroup_cpus() -> float | None:
    """The CPU limit of a container (cgroup v2 cpu.max, else v1's quota and period), if any:
    a 2-CPU container on a 64-core host must not start 65 workers."""
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    try:
        quota_us = int(Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us").read_text())
        period_us = int(Path("/sys/fs/cgroup/cpu/cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return quota_us / period_us if quota_us > 0 and period_us > 0 else None


def default_workers() -> int:
    """Worker processes: DIEUHANH_WORKERS, else one per usable core plus one, at most
    MAX_DEFAULT_WORKERS (each worker holds its own database connections). Usable cores are those
    this process may run on, further limited by a container's CPU quota."""
    configured = os.environ.get("DIEUHANH_WORKERS", "").strip()
    if configured:
        return max(1, int(configured))
    try:
        cores = float(len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        cores = float(os.cpu_count() or 1)
    limit = _cgroup_cpus()
    if limit is not None:
        cores = min(cores, max(1.0, limit))
    return min(MAX_DEFAULT_WORKERS, math.ceil(cores) + 1)


def gunicorn_available() -> bool:
    try:
        import fcntl  # noqa: F401  (gunicorn needs POSIX)

        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def serve_gunicorn(application: Wsgi, *, host: str, port: int, workers: int, threads: int) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    options: dict[str, Any] = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        # a worker whose main loop stops answering the master is replaced after this (gthread:
        # a slow request in one thread does not count against it)
        "timeout": 300,
        # on a restart, requests in flight (an import of a large file) may finish first
        "graceful_timeout": 300,
        # a proxy in front keeps idle connections for less (the cluster's nginx: 4 s)
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "dieuhanh",
    }

    # gunicorn ships no type hints: to mypy its base class is Any
    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Wsgi:
            return application

    # workers are forked from this process: no database connection may be open to be shared
    connections.close_all()
    Server().run()


class Command(BaseCommand):
    help = "Serve the site on http://HOST:PORT (gunicorn workers, or waitress)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="worker processes (gunicorn; default DIEUHANH_WORKERS or cores + 1)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="threads per gunicorn worker (default 4), or of the waitress process (default 8)",
        )
        parser.add_argument(
            "--server",
            choices=["gunicorn", "waitress"],
            default="gunicorn" if gunicorn_available() else "waitress",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        call_command("collectstatic", interactive=False, verbosity=0)
        host, port = options["host"], options["port"]
        if options["server"] == "gunicorn":
            threads = options["threads"] or 4
            workers = options["workers"] or default_workers()
            self.stdout.write(
                f"Serving on http://{host}:{port}/ with gunicorn, {workers} workers × "
                f"{threads} threads (Ctrl+C to stop)"
            )
            self.stdout.flush()
            serve_gunicorn(application, host=host, port=port, workers=workers, threads=threads)
            return
        import waitress

        threads = options["threads"] or 8
        self.stdout.write(
            f"Serving on http://{host}:{port}/ with waitress, {threads} threads (Ctrl+C to stop)"
        )
        self.stdout.flush()
        waitress.serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="dieuhanh",
            # waitress buffers a body before Django sees it: refuse what no path accepts.
            max_request_body_size=max(
                [settings.REQUEST_MAX_BYTES, *settings.REQUEST_MAX_BYTES_BY_PATH.values()]
            ),
        )
