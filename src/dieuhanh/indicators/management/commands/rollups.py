"""`dieuhanh rollups rebuild|check`: recompute the running totals, or check they are right."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction

from dieuhanh.core.commands import DomainCommand
from dieuhanh.indicators.rollups import rollup_mismatches, rollup_rebuild


class Command(DomainCommand):
    help = "Rebuild the indicators' running totals from the stored values, or check them."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("action", choices=["rebuild", "check"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            with transaction.atomic():
                rows = rollup_rebuild()
            self.stdout.write(f"{rows} running totals rebuilt.")
            return
        wrong = rollup_mismatches()
        if wrong:
            raise CommandError(
                f"{wrong} tổng lũy kế sai, hãy chạy: dieuhanh rollups rebuild / "
                f"{wrong} running totals are wrong; run: dieuhanh rollups rebuild"
            )
        self.stdout.write("Running totals match the stored values.")
