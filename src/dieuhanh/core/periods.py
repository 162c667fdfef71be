"""Reporting periods as plain documents; parse errors as domain errors."""

from __future__ import annotations

from dieuhanh.core.errors import BilingualInvalid
from dieuhanh.periods import Period, PeriodError, PeriodKind, parse_period


def period_parse(code: str) -> Period:
    try:
        return parse_period(code)
    except PeriodError as exc:
        raise BilingualInvalid(exc.message_vi, exc.message_en, code="invalid_period") from exc


def period_document(period: Period) -> dict[str, object]:
    """What a client needs to know of a period: span, Decree 09 cut-off window, neighbours."""
    cutoff_start, cutoff_end = period.cutoff_window()
    smaller = [
        k
        for k in PeriodKind.calendar_kinds()
        if k.months < period.kind.months and period.kind.months % k.months == 0
    ]
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
