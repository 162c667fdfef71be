"""A reporting period as a plain document, and its parse errors as domain errors."""

from __future__ import annotations

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.periods import Period, PeriodError, PeriodKind, parse_period


class InvalidPeriod(ValidationFailed):
    """A malformed period code; carries the period module's own Vietnamese and English text."""

    code = "invalid_period"

    def __init__(self, error: PeriodError) -> None:
        self.error = error
        super().__init__(error.message_en)

    def render(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        lang = language or get_language() or "vi"
        return self.error.message_en if lang.startswith("en") else self.error.message_vi


def period_parse(code: str) -> Period:
    try:
        return parse_period(code)
    except PeriodError as exc:
        raise InvalidPeriod(exc) from exc


def period_document(period: Period) -> dict[str, object]:
    """What a client needs to know of a period: span, Decree 09 cut-off window, neighbours."""
    cutoff_start, cutoff_end = period.cutoff_window()
    smaller = [k for k in PeriodKind if k.months < period.kind.months]
    return {
        "code": period.code,
        "kind": period.kind.value,
        "label_vi": period.label_vi(),
        "label_en": period.label_en(),
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "cutoff_start": cutoff_start.isoformat(),
        "cutoff_end": cutoff_end.isoformat(),
        "same_period_last_year": period.same_period_last_year().code,
        "previous": period.previous().code,
        "next": period.next().code,
        "subperiods": {k.value: [p.code for p in period.subperiods(k)] for k in smaller},
    }
