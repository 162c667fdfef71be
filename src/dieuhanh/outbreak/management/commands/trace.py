"""`dieuhanh trace PERSON [--kind K] [--depth 1|2] --json [--user NAME]`: F1 (and F2) of a case.

PERSON is the internal person id or an external identifier: `trace 0905123456` (a phone),
`trace 064090001234` (a CCCD); `--kind` names the kind when the value could be read two ways (a
9-digit CMND without leading 0 reads as an internal id). A lookup by identifier is a read of
personal data: refused to roles that do not see identities, and logged.

Prints `{"case": ID, "exposures": [{"person_id", "generation", "via", "venue_id", "overlap_start",
"overlap_end"}, ...]}` (docs/design.md §3): F1 one entry per exposure interval, F2 one entry per
person (their first exposure); the whole trace, one entry a line, written a chunk at a time (a
province-scale F2 holds hundreds of thousands of entries). Without --json, one line per entry.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from dieuhanh.core.commands import DomainCommand
from dieuhanh.outbreak.management.commands._common import acting_user
from dieuhanh.outbreak.models import PersonalDataAction
from dieuhanh.outbreak.pure.identifiers import PERSON_KINDS
from dieuhanh.outbreak.selectors.cases import case_for_person
from dieuhanh.outbreak.selectors.identifiers import (
    LOOKUP_REASON,
    IdentifierNotFound,
    person_resolve,
)
from dieuhanh.outbreak.selectors.tracing import (
    TraceResult,
    exposure_documents,
    purge_line,
    trace_case,
)
from dieuhanh.outbreak.services.identifiers import identifier_miss_log
from dieuhanh.outbreak.services.persons import person_access_log

CHUNK = 20_000


def _chunks(result: TraceResult) -> Any:
    """The document's exposures as `trace_document` writes them, `CHUNK` entries at a time."""
    for i in range(0, result.count(), CHUNK):
        yield exposure_documents(result.columns.rows(i, i + CHUNK))


def write_json(result: TraceResult, out: IO[str]) -> None:
    """The `trace --json` document of `result` on `out`, streamed: the keys of
    `trace_document` in its order, the exposures one a line, never the whole text in memory."""
    head: dict[str, object] = {"case": result.case.person_id, "exposures": []}
    out.write("{")
    for n, key in enumerate(head):
        out.write(("" if n == 0 else ",\n ") + json.dumps(key) + ": ")
        if key != "exposures":
            out.write(json.dumps(head[key], ensure_ascii=False))
            continue
        out.write("[")
        first = True
        for exposures in _chunks(result):
            lines = ",\n  ".join(json.dumps(e, ensure_ascii=False) for e in exposures)
            out.write(("\n  " if first else ",\n  ") + lines)
            first = False
        out.write("\n ]" if not first else "]")
    out.write("}\n")
    out.flush()


class Command(DomainCommand):
    help = "Trace the contacts of a confirmed case from venue check-ins."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "person",
            help="the case's person: internal id, phone, CCCD, CMND, passport or source id",
        )
        parser.add_argument(
            "--kind",
            default="auto",
            choices=("auto", "id", *PERSON_KINDS),
            help="what PERSON is (auto: told from the value)",
        )
        parser.add_argument("--depth", type=int, choices=(1, 2), default=1)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--user", help="act as this user (role and scope)")

    def handle(self, *args: Any, **options: Any) -> None:
        user, scope = acting_user(options["user"])
        try:
            person_id, external = person_resolve(
                user=user, scope=scope, raw=options["person"], kind=options["kind"]
            )
        except IdentifierNotFound:
            identifier_miss_log(actor=user, raw=options["person"], kind=options["kind"])
            raise
        if external:
            person_access_log(
                actor=user,
                persons=[person_id],
                action=PersonalDataAction.VIEW,
                reason=LOOKUP_REASON,
            )
        case = case_for_person(user=user, scope=scope, person_id=person_id)
        result = trace_case(case=case, depth=options["depth"])
        if result.purged_before is not None:  # on stderr: the --json document stays whole
            self.stderr.write(purge_line(result.purged_before))
        if options["json"]:
            write_json(result, sys.stdout)
            return
        count = 0
        for exposures in _chunks(result):
            self.stdout.write(
                "\n".join(
                    f"F{e['generation']} {e['person_id']} via {e['via']} @ {e['venue_id']}: "
                    f"{e['overlap_start']} – {e['overlap_end']}"
                    for e in exposures
                )
            )
            count += len(exposures)
        self.stdout.write(f"{count} exposure(s)")
