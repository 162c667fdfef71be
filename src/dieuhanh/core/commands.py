"""Shared plumbing of the `dieuhanh` management commands: dates, JSON output, errors."""

from __future__ import annotations

import datetime
import json
import sys
from typing import Any, Literal

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dieuhanh.core.errors import DomainError


def today() -> datetime.date:
    return timezone.localdate()


def parse_day(text: str | None) -> datetime.date:
    """A YYYY-MM-DD argument (today, Asia/Ho_Chi_Minh, when None)."""
    if text is None:
        return today()
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"Ngày không hợp lệ: {text!r} (cần dạng YYYY-MM-DD) / "
            f"Invalid date: {text!r} (expected YYYY-MM-DD)"
        ) from None


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


class DomainCommand(BaseCommand):
    """A command whose domain errors become one bilingual line on stderr and exit status 1.

    Domain commands skip Django's system checks: the URL checks import the URLconf, and with
    it every page and API module (openpyxl, python-docx, numpy), which took a read command
    such as `dieuhanh periods show` to ~1.8 s. `dieuhanh check`, `migrate`, `serve` and
    `demo` still run the checks.
    """

    requires_system_checks: list[str] | tuple[str, ...] | Literal["__all__"] = []

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except DomainError as exc:
            raise CommandError(f"{exc.render('vi')} / {exc.render('en')}") from exc
