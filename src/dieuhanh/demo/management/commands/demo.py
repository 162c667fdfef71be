"""`dieuhanh demo [--no-serve] [--port N]`: migrate, load the demo data (idempotent), serve."""

from __future__ import annotations

import argparse
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

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        result = demo_load(force=options["force"])
        self.stdout.write(
            f"Demo data ready ({result.units_created} units, {result.accounts_created} accounts "
            f"and {result.values_created} values created this run)."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<18} {account.what}")
        if not options["no_serve"]:
            call_command("serve", port=options["port"], host=options["host"])
