"""`dieuhanh orgunits load|upgrade-data|show`: the national unit dataset, bringing a database
that holds an older one over to it, and one unit on a date."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management import call_command

from dieuhanh.core.commands import DomainCommand, parse_day, print_json
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.selectors import unit_detail, unit_detail_dict
from dieuhanh.orgunits.services import (
    PACKAGED_DATASET,
    UpgradePlan,
    orgunits_load,
    orgunits_upgrade,
)

# The order the upgrade's changes are listed in, and their headings.
_CHANGE_HEADINGS = (
    ("recoded", "recoded (code changed; data, scopes and successions stay attached)"),
    ("renamed", "renamed"),
    ("retyped", "kind changed"),
    ("moved", "moved to another parent"),
    ("closed", "closed earlier (a later change ends this version)"),
    ("dates", "validity changed"),
    ("located", "centroid or area set"),
    ("added", "added"),
    ("kept", "kept as they are (not in the new dataset)"),
)


class Command(DomainCommand):
    help = "Load the packaged administrative units, or show one unit version on a date."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load or update the packaged national dataset")
        load.add_argument("--file", type=Path, default=PACKAGED_DATASET)
        upgrade = sub.add_parser(
            "upgrade-data",
            help="apply a new dataset to a database holding an older one (codes updated in place)",
        )
        upgrade.add_argument("--file", type=Path, default=PACKAGED_DATASET)
        upgrade.add_argument(
            "--dry-run", action="store_true", help="list every change, write nothing"
        )
        upgrade.add_argument("--json", action="store_true", help="print one JSON document")
        upgrade.add_argument(
            "--limit", type=int, default=0, help="list at most N units per heading (0: all)"
        )
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
        if options["action"] == "upgrade-data":
            plan = orgunits_upgrade(path=options["file"], dry_run=options["dry_run"])
            self._print_upgrade(plan, as_json=options["json"], limit=options["limit"])
            if (
                not plan.dry_run
                and not plan.already_loaded
                and (plan.count("moved") or plan.rows_relocated)
            ):
                # Running totals are summed up the tree: a unit under a new parent, or values
                # now on another version of their unit, move them.
                call_command("rollups", "rebuild", stdout=self.stdout)
            return
        detail = unit_detail(
            code=options["code"], on=parse_day(options["on"]), scope=Scope.everything()
        )
        document = unit_detail_dict(detail)
        if options["json"]:
            print_json(document)
            return
        if document["assumed_as_of"]:
            # The same notice as the unit page: the tree of an earlier day is assumed.
            self.stdout.write(
                f"Cây đơn vị giả định như ngày {detail.assumed_as_of:%d/%m/%Y} "
                f"(the unit tree assumed as on {document['assumed_as_of']}: "
                "the data start with that snapshot)"
            )
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
                    if row.get("approximate"):
                        extra += " (date approximate)"
                    self.stdout.write(f"    {row['code']}  {row['name']}{extra}")

    def _print_upgrade(self, plan: UpgradePlan, *, as_json: bool, limit: int) -> None:
        if as_json:
            print_json(
                {
                    "sha256": plan.sha256,
                    "file": plan.file,
                    "dry_run": plan.dry_run,
                    "already_loaded": plan.already_loaded,
                    "summary": plan.summary(),
                    "units": [c.as_dict() for c in plan.changes],
                    "successions": [
                        {"what": e.what, "from": e.predecessor, "to": e.successor, "kind": e.kind}
                        for e in plan.edges
                    ],
                    "relocations": [r.as_dict() for r in plan.relocations],
                    "unplaced": [
                        {"model": model, "unit": unit, "rows": rows}
                        for (model, unit), rows in sorted(plan.unplaced.items())
                    ],
                }
            )
            return
        if plan.already_loaded:
            self.stdout.write(f"Dataset {plan.sha256[:12]} already loaded: nothing to change.")
            return
        verb = "Would change (dry run, nothing written)" if plan.dry_run else "Changed"
        self.stdout.write(f"{verb}: {plan.file} {plan.sha256[:12]}")
        summary = plan.summary()
        self.stdout.write("  " + ", ".join(f"{k} {v}" for k, v in summary.items()))
        for what, heading in _CHANGE_HEADINGS:
            rows = [c for c in plan.changes if what in c.what]
            if not rows:
                continue
            self.stdout.write(f"{heading}: {len(rows)}")
            for c in rows[: limit or None]:
                if what == "added":
                    span = f"{c.new_valid_from} – {c.new_valid_to or '…'}"
                    self.stdout.write(f"  + {c.new_code}  {c.new_name}  [{span}]")
                    continue
                old = f"{c.code} {c.name} [{c.valid_from} – {c.valid_to or '…'}]"
                new = f"{c.new_code} {c.new_name} [{c.new_valid_from} – {c.new_valid_to or '…'}]"
                self.stdout.write(f"  {old}  →  {new}" if what != "kept" else f"  = {old}")
            if limit and len(rows) > limit:
                self.stdout.write(f"  … {len(rows) - limit} more")
        for what in ("added", "removed", "changed"):
            edges = [e for e in plan.edges if e.what == what]
            if not edges:
                continue
            self.stdout.write(f"successions {what}: {len(edges)}")
            for e in edges[: limit or None]:
                self.stdout.write(f"  {e.predecessor} → {e.successor} ({e.kind})")
            if limit and len(edges) > limit:
                self.stdout.write(f"  … {len(edges) - limit} more")
        self._print_relocations(plan, limit=limit)

    def _print_relocations(self, plan: UpgradePlan, *, limit: int) -> None:
        if plan.relocations:
            self.stdout.write(
                f"rows moved to the version of their unit in force on their last day: "
                f"{plan.rows_relocated}"
            )
            for r in plan.relocations[: limit or None]:
                across = f", {r.straddling} across the change" if r.straddling else ""
                self.stdout.write(
                    f"  {r.model}: {len(r.row_ids)} rows{across}  {r.unit} → {r.target_label}"
                )
            if limit and len(plan.relocations) > limit:
                self.stdout.write(f"  … {len(plan.relocations) - limit} more")
        if plan.rows_unplaced:
            self.stdout.write(
                f"rows left on their version, no version of the unit in force on their dates: "
                f"{plan.rows_unplaced}"
            )
            unplaced = sorted(plan.unplaced.items())
            for (model, unit), rows in unplaced[: limit or None]:
                self.stdout.write(f"  {model}: {rows} rows on {unit}")
            if limit and len(unplaced) > limit:
                self.stdout.write(f"  … {len(unplaced) - limit} more")
        if plan.rows_conflicting:
            self.stdout.write(
                f"rows left on their version, the target already holds the same key: "
                f"{plan.rows_conflicting}"
            )
