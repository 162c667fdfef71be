"""`dieuhanh venues list|create|token|poster`: the venue register and its QR posters.

    dieuhanh venues list --unit 23962
    dieuhanh venues create --unit 23962 --name "Chợ Ia Blang" [--address …] [--code …]
    dieuhanh venues token VENUE_ID          (a new check-in code: old posters stop working)
    dieuhanh venues poster (--venue ID | --unit CODE) -o posters.pdf

Every action takes `--user NAME` (that user's role and scope; the system when left out).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dieuhanh.core.commands import DomainCommand, today
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.outbreak.management.commands._common import acting_user
from dieuhanh.outbreak.selectors import posters as posters_sel
from dieuhanh.outbreak.selectors import venues as venues_sel
from dieuhanh.outbreak.services import venues as venues_svc


class Command(DomainCommand):
    help = "The venue register (QR check-in codes) and its A4 posters."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="the venues of a unit with their check-in URLs")
        listing.add_argument("--unit", required=True)
        create = sub.add_parser("create", help="register a venue (it gets a check-in code)")
        create.add_argument("--unit", required=True)
        create.add_argument("--name", required=True)
        create.add_argument("--address", default="")
        create.add_argument("--code", default="")
        token = sub.add_parser("token", help="a new check-in code (old posters stop working)")
        token.add_argument("venue", type=int)
        poster = sub.add_parser("poster", help="the A4 QR poster(s) as one PDF")
        which = poster.add_mutually_exclusive_group(required=True)
        which.add_argument("--venue", type=int)
        which.add_argument("--unit")
        poster.add_argument("-o", "--output", required=True)
        for p in (listing, create, token, poster):
            p.add_argument(
                "--user", help="act as this user (role and scope); the system if left out"
            )

    def handle(self, *args: Any, **options: Any) -> None:
        actor, scope = acting_user(options["user"])
        action = options["action"]
        if action == "token":
            v = venues_svc.venue_token_regenerate(
                actor=actor, scope=scope, venue_id=options["venue"]
            )
            self.stdout.write(f"{v.pk}\t{v.name}\t{venues_sel.checkin_url(v)}")
            return
        if action == "poster" and options["venue"] is not None:
            venues = [venues_sel.venue_get(scope=scope, venue_id=options["venue"])]
        else:
            unit = unit_resolve(
                code=options["unit"], on=today(), scope=scope, policy=UnitPolicy.LATEST_VISIBLE
            )
            if action == "create":
                v = venues_svc.venue_create(
                    actor=actor,
                    scope=scope,
                    unit=unit,
                    name=options["name"],
                    address=options["address"],
                    code=options["code"],
                )
                self.stdout.write(f"{v.pk}\t{v.name}\t{venues_sel.checkin_url(v)}")
                return
            venues = list(venues_sel.venues_list(scope=scope, unit=unit))
            if action == "list":
                for v in venues:
                    url = venues_sel.checkin_url(v) if v.checkin_token else "-"
                    self.stdout.write(f"{v.pk}\t{v.name}\t{v.address}\t{url}")
                return
            venues = [v for v in venues if v.checkin_token]
            if not venues:
                raise CommandError(
                    f"{unit.name}: chưa có địa điểm nào có mã QR / no venue with a QR code yet"
                )
        target = Path(options["output"])
        target.write_bytes(posters_sel.posters_pdf(venues))
        self.stdout.write(f"{target}: {len(venues)} áp phích / {len(venues)} poster(s)")
