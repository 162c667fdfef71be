"""`dieuhanh export --unit CODE --period PERIOD --format dhis2-json|dhis2-csv|xlsx -o FILE`.

DHIS2 JSON and CSV hold every value stored for the unit and the units under it whose period
lies within PERIOD; xlsx is the unit's Excel form of a data set (--data-set, needed when the
unit's level enters several) filled with its stored values.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dieuhanh.core.commands import DomainCommand
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.pure.exchange.common import FORMATS
from dieuhanh.indicators.selectors.imports import values_export_file
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve


class Command(DomainCommand):
    help = "Export indicator values as DHIS2 JSON or CSV, or a unit's filled Excel form."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--unit", required=True, help="unit code (resolved on the period)")
        parser.add_argument("--period", required=True, help="2021S1, 2021, 2021Q2, 202106")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--data-set", help="the data set of an xlsx export")
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        period = period_parse(options["period"])
        scope = Scope.everything()
        unit = unit_resolve(
            code=options["unit"], on=period, scope=scope, policy=UnitPolicy.IN_PERIOD
        )
        export = values_export_file(
            unit=unit,
            period=period,
            fmt=options["format"],
            scope=scope,
            data_set=options["data_set"],
        )
        target = Path(options["output"])
        temporary: str | None = None
        try:  # write beside the target, then rename: a failed export leaves no half file
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-")
            with os.fdopen(handle, "wb") as out:
                out.write(export.content)
            Path(temporary).replace(target)
            temporary = None
        except OSError as exc:
            raise CommandError(
                f"Không ghi được {target}: {exc.strerror} / Cannot write {target}: {exc.strerror}"
            ) from None
        finally:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
        self.stdout.write(
            f"{target}: {len(export.content)} byte — {unit.name} ({unit.code}) {period.code}"
        )
