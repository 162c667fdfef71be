"""`dieuhanh report review --unit CODE --period P --format md|html|docx|pdf [--layout party|admin]
-o FILE`: the half-year review written from the data."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dieuhanh.core.commands import DomainCommand, parse_day, today
from dieuhanh.core.scope import Scope
from dieuhanh.reports.render.files import review_file
from dieuhanh.reports.selectors import (
    FORMATS,
    TEMPLATE,
    ReviewRequest,
    review_document,
    review_notes_missing,
)
from dieuhanh.reports.templating import template_check, template_source


class Command(DomainCommand):
    help = "Write a report composed from the data (review: the half-year review)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        review = sub.add_parser("review", help="the review of a unit and period")
        review.add_argument(
            "--unit", required=True, help="unit code (resolved at the period's end)"
        )
        review.add_argument("--period", required=True, help="2021S1, 2021, 2021Q2")
        review.add_argument("--format", required=True, choices=FORMATS)
        review.add_argument("--layout", default="party", choices=("party", "admin"))
        review.add_argument("--date", help="date of issue YYYY-MM-DD (blank to fill in by hand)")
        review.add_argument("-o", "--output", required=True, help="file to write ('-' for stdout)")
        template = sub.add_parser(
            "template", help="show the review template in use, or check an edited one"
        )
        template.add_argument("action", choices=("show", "check"))
        template.add_argument("file", nargs="?", help="the edited template to check")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "template":
            self._template(options)
            return
        request = ReviewRequest(
            unit_code=options["unit"],
            period_code=options["period"],
            layout=options["layout"],
            issued_on=parse_day(options["date"]) if options["date"] else None,
        )
        # The console is the server's administrator: every unit, every section.
        document = review_document(
            scope=Scope.everything(), role="admin", request=request, today=today()
        )
        for section in review_notes_missing(
            scope=Scope.everything(),
            role="admin",
            unit_code=request.unit_code,
            period_code=request.period_code,
        ):
            # The writer's warning (as on the notes page): the part is left out, not faked.
            self.stderr.write(
                f"Chưa có nội dung phần “{section.value}”: văn bản không có phần này / "
                f"No text for “{section.value}” yet: the document leaves it out"
            )
        report = review_file(document, options["format"])
        output = options["output"]
        if output == "-":
            # OutputWrapper passes `buffer` on to the stream it wraps; its stubs do not say so
            self.stdout.buffer.write(report.content)  # type: ignore[attr-defined]
            return
        target = Path(output)
        if not target.parent.exists():
            raise CommandError(
                f"Không có thư mục {target.parent} / The folder {target.parent} does not exist"
            )
        # Written beside the target and renamed: a failure never leaves half a file.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".report-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(report.content)
        os.replace(tmp, target)
        self.stderr.write(f"{target} ({len(report.content):,} bytes)")

    def _template(self, options: dict[str, Any]) -> None:
        if options["action"] == "show":
            filename, source = template_source(TEMPLATE)
            self.stderr.write(f"# {filename}")
            self.stdout.write(source, ending="")
            return
        path = Path(options["file"] or template_source(TEMPLATE)[0])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path} / No file {path}")
        template_check(path.read_text(encoding="utf-8"), str(path))
        self.stdout.write(f"{path}: OK")
