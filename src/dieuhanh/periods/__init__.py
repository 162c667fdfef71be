"""Reporting periods (kỳ báo cáo): DHIS2 ISO codes, calendar spans, Decree 09 cut-off windows.

Pure Python, standard library only; safe to use outside Django.
"""

from dieuhanh.periods.codes import (
    YEAR_MAX,
    YEAR_MIN,
    Period,
    PeriodError,
    PeriodKind,
    parse_period,
)

__all__ = ["YEAR_MAX", "YEAR_MIN", "Period", "PeriodError", "PeriodKind", "parse_period"]
