"""`dieuhanh periods show CODE [--json]`: a reporting period and its Decree 09 cut-off window."""

from __future__ import annotations

import argparse
from typing import Any

from dieuhanh.core.commands import DomainCommand, print_json
from dieuhanh.core.periods import period_document, period_parse


class Command(DomainCommand):
    help = "Show a reporting period: span, data cut-off window (Decree 09/2019), neighbours."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="one period, e.g. 2021S1, 2021Q2, 202106, 2021")
        show.add_argument("code")
        show.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        document = period_document(period_parse(options["code"]))
        if options["json"]:
            print_json(document)
            return
        self.stdout.write(f"{document['code']}: {document['label_vi']} ({document['label_en']})")
        self.stdout.write(f"  {document['start']} – {document['end']}")
        self.stdout.write(
            f"  cut-off (Decree 09/2019): {document['cutoff_start']} – {document['cutoff_end']}"
        )
        self.stdout.write(f"  same period last year: {document['same_period_last_year']}")
