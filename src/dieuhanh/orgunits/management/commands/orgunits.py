"""`dieuhanh orgunits load|show`: the national unit dataset and one unit on a date."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dieuhanh.core.commands import DomainCommand, parse_day, print_json
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.selectors import unit_detail, unit_detail_dict
from dieuhanh.orgunits.services import PACKAGED_DATASET, orgunits_load


class Command(DomainCommand):
    help = "Load the packaged administrative units, or show one unit version on a date."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load or update the packaged national dataset")
        load.add_argument("--file", type=Path, default=PACKAGED_DATASET)
        show = sub.add_parser("show", help="one unit version valid on a date")
        show.add_argument("code")
        show.add_argument("--on", help="YYYY-MM-DD (default: today)")
        show.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            result = orgunits_load(path=options["file"])
            if result.already_loaded:
                self.stdout.write(f"Dataset {result.sha256[:12]} already loaded: nothing changed.")
            else:
                self.stdout.write(
                    f"Loaded {result.sha256[:12]}: {result.units_created} units created, "
                    f"{result.units_updated} updated, {result.successions_created} successions."
                )
            return
        detail = unit_detail(
            code=options["code"], on=parse_day(options["on"]), scope=Scope.everything()
        )
        document = unit_detail_dict(detail)
        if options["json"]:
            print_json(document)
            return
        self.stdout.write(f"{document['name']} ({document['code']}), {document['kind']}")
        self.stdout.write(f"  valid {document['valid_from']} – {document['valid_to'] or '…'}")
        if document["parent"]:
            self.stdout.write(f"  parent: {document['parent_name']} ({document['parent']})")
        for title in ("children", "predecessors", "successors"):
            rows = document[title]
            assert isinstance(rows, list)  # lists of unit dicts, see unit_detail_dict
            if rows:
                self.stdout.write(f"  {title}:")
                for row in rows:
                    extra = f"  [{row['date']} {row['basis']}]" if "date" in row else ""
                    self.stdout.write(f"    {row['code']}  {row['name']}{extra}")
