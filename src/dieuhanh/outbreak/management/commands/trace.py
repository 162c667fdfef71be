"""`dieuhanh trace PERSON_ID [--depth 1|2] --json [--user NAME]`: F1 (and F2) of a case.

Prints `{"case": ID, "exposures": [{"person_id", "generation", "via", "venue_id",
"overlap_start", "overlap_end"}, ...]}` (DESIGN §3): F1 one entry per exposure interval, F2 one
entry per person (their first exposure). Without --json, one line per entry.
"""

from __future__ import annotations

import argparse
from typing import Any

from dieuhanh.core.commands import DomainCommand, print_json
from dieuhanh.outbreak.management.commands._common import acting_user
from dieuhanh.outbreak.selectors import case_for_person, trace_case, trace_document


class Command(DomainCommand):
    help = "Trace the contacts of a confirmed case from venue check-ins."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("person_id", type=int, help="the person id of the case")
        parser.add_argument("--depth", type=int, choices=(1, 2), default=1)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--user", help="act as this user (role and scope)")

    def handle(self, *args: Any, **options: Any) -> None:
        user, scope = acting_user(options["user"])
        case = case_for_person(user=user, scope=scope, person_id=options["person_id"])
        document = trace_document(trace_case(case=case, depth=options["depth"]))
        if options["json"]:
            print_json(document)
            return
        exposures = document["exposures"]
        assert isinstance(exposures, list)
        for e in exposures:
            self.stdout.write(
                f"F{e['generation']} {e['person_id']} via {e['via']} @ {e['venue_id']}: "
                f"{e['overlap_start']} – {e['overlap_end']}"
            )
        self.stdout.write(f"{len(exposures)} exposure(s)")
