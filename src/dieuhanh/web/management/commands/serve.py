"""`dieuhanh serve [--port N] [--workers W] [--threads T] [--server gunicorn|waitress]`.

Production serving. On Linux and other POSIX systems the site runs under gunicorn: W worker
processes (default: cores + 1) of T threads each, so requests use every core instead of
sharing one Python interpreter lock. Where gunicorn cannot run (Windows) — or on request —
waitress serves from one process with T threads.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def default_workers() -> int:
    """Worker processes: DIEUHANH_WORKERS, else one per core plus one (the core count as this
    process may use it, so a container's CPU limit counts)."""
    configured = os.environ.get("DIEUHANH_WORKERS", "").strip()
    if configured:
        return max(1, int(configured))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return cores + 1


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
        # a report or an import may take seconds; a stuck worker is replaced after this
        "timeout": 300,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "dieuhanh",
    }

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
        parser.add_argument("--threads", type=int, default=4, help="threads per worker")
        parser.add_argument(
            "--server",
            choices=["gunicorn", "waitress"],
            default="gunicorn" if gunicorn_available() else "waitress",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        call_command("collectstatic", interactive=False, verbosity=0)
        host, port, threads = options["host"], options["port"], options["threads"]
        if options["server"] == "gunicorn":
            workers = options["workers"] or default_workers()
            self.stdout.write(
                f"Serving on http://{host}:{port}/ with gunicorn, {workers} workers × "
                f"{threads} threads (Ctrl+C to stop)"
            )
            self.stdout.flush()
            serve_gunicorn(application, host=host, port=port, workers=workers, threads=threads)
            return
        import waitress

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
