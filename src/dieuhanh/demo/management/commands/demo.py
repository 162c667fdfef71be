"""`dieuhanh demo [--no-serve] [--no-worker] [--port N]`: migrate, load the demo data
(idempotent), then serve it with one background worker (`dieuhanh worker`) beside the server:
one command, and Ctrl+C stops both."""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any

from django.core.management import call_command

from dieuhanh.core.commands import DomainCommand
from dieuhanh.demo.services import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_load


class Command(DomainCommand):
    help = "Create or migrate the database, load the demo data (idempotent) and serve it."
    requires_system_checks = "__all__"  # it serves the site: check it, as Django does

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--no-serve", action="store_true")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--force", action="store_true", help="load even into a database with other users"
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="serve without the background worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        # The demo traces a case (the trace cache): with the database cache (several nodes,
        # DIEUHANH_CACHE=database) its tables must exist first; a no-op for other caches.
        call_command("createcachetable", verbosity=0)
        result = demo_load(force=options["force"])
        self.stdout.write(
            f"Demo data ready ({result.units_created} units, {result.accounts_created} accounts "
            f"and {result.values_created} values created this run)."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<18} {account.what}")
        if options["no_serve"]:
            return
        worker = None
        if not options["no_worker"]:
            # The worker is a process of its own (the server forks its workers; a queue poller
            # must not be forked with them). Same settings, same database.
            worker = subprocess.Popen([sys.executable, "-m", "dieuhanh.cli", "worker"])
        try:
            call_command("serve", port=options["port"], host=options["host"])
        finally:
            if worker is not None:
                worker.terminate()  # SIGTERM: the job in progress finishes first
                try:
                    worker.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    worker.kill()
