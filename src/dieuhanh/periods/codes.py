"""Reporting periods (kỳ báo cáo) with DHIS2 ISO codes: 2021, 2021S1, 2021Q3, 202106; and the
nine months from January to September (9 tháng đầu năm), coded 2021N9, which DHIS2 has no code for.

Besides the calendar span of a period, reports use the data cut-off window (thời gian chốt số
liệu) of Decree 09/2019/NĐ-CP: from the 15th of the month before the period to the 14th of its
last month.
"""

from __future__ import annotations

import calendar
import enum
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Self

__all__ = ["YEAR_MAX", "YEAR_MIN", "Period", "PeriodError", "PeriodKind", "parse_period"]

YEAR_MIN = 1900
YEAR_MAX = 2100

_ACCEPTED_VI = (
    "Dạng hợp lệ: 2021 (năm), 2021S1 hoặc 2021S2 (6 tháng), 2021N9 (9 tháng đầu năm), "
    "2021Q1 đến 2021Q4 (quý), 202101 đến 202112 (tháng)"
)
_ACCEPTED_EN = (
    "Accepted forms: 2021 (year), 2021S1 or 2021S2 (half-year), 2021N9 (first nine months), "
    "2021Q1 to 2021Q4 (quarter), 202101 to 202112 (month)"
)
_CODE = re.compile(r"([0-9]{4})(?:([SQN])([0-9])|([0-9]{2}))?")
_ROMAN = ("I", "II", "III", "IV")
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_CUTOFF_DAY = 15
"""Decree 09/2019/NĐ-CP: a reporting window opens on the 15th and closes on the 14th."""


class PeriodError(ValueError):
    """An invalid period or period code; the message is in Vietnamese and English."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi, message_en)
        self.message_vi = message_vi
        self.message_en = message_en

    def __str__(self) -> str:
        return f"{self.message_vi} / {self.message_en}"


class PeriodKind(enum.Enum):
    """Kind of period (loại kỳ), declared from the largest to the smallest.

    Year, half-year, quarter and month tile the calendar. The nine months (9 tháng đầu năm,
    January to September) do not: a year has one, and October to December lie in none. It is a
    reporting span of its own, as customary in Vietnamese reports ("báo cáo 9 tháng đầu năm").
    """

    YEAR = "year"
    NINE_MONTHS = "nine_months"
    HALF_YEAR = "half_year"
    QUARTER = "quarter"
    MONTH = "month"

    @property
    def months(self) -> int:
        """Length in months: 12, 9, 6, 3 or 1."""
        return _MONTHS[self]

    @property
    def per_year(self) -> int:
        """How many periods of this kind a year has: 1, 1, 2, 4 or 12."""
        return 1 if self is PeriodKind.NINE_MONTHS else 12 // _MONTHS[self]

    @property
    def tiles_the_year(self) -> bool:
        """Whether the periods of this kind follow each other with no gap (all but nine months)."""
        return self is not PeriodKind.NINE_MONTHS

    @classmethod
    def calendar_kinds(cls) -> tuple[PeriodKind, ...]:
        """The kinds that tile the year, largest first: year, half-year, quarter, month."""
        return tuple(kind for kind in cls if kind.tiles_the_year)

    @property
    def name_vi(self) -> str:
        """Vietnamese name: "năm", "6 tháng", "quý", "tháng"."""
        return _NAMES[self][0]

    @property
    def name_en(self) -> str:
        """English name: "year", "half-year", "quarter", "month"."""
        return _NAMES[self][1]


_MONTHS = {
    PeriodKind.YEAR: 12,
    PeriodKind.NINE_MONTHS: 9,
    PeriodKind.HALF_YEAR: 6,
    PeriodKind.QUARTER: 3,
    PeriodKind.MONTH: 1,
}
_NAMES = {
    PeriodKind.YEAR: ("năm", "year"),
    PeriodKind.NINE_MONTHS: ("9 tháng", "nine months"),
    PeriodKind.HALF_YEAR: ("6 tháng", "half-year"),
    PeriodKind.QUARTER: ("quý", "quarter"),
    PeriodKind.MONTH: ("tháng", "month"),
}


def _month_start(year: int, month: int) -> date:
    """The first day of `month` of `year`, where month may run past 1–12."""
    years, month_index = divmod(month - 1, 12)
    return date(year + years, month_index + 1, 1)


@dataclass(frozen=True)
class Period:
    """A reporting period: `index` is 1 for a year and for nine months, 1–2 (half-year), 1–4
    (quarter), 1–12 (month).

    Periods order chronologically by start date, a larger kind first when they start together
    (2021 < 2021S1 < 2021Q1 < 202101 < 202102 < 2021Q2). `str(period)` is its code.
    """

    kind: PeriodKind
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.kind, PeriodKind):
            raise PeriodError(
                f"Loại kỳ không hợp lệ: {self.kind!r}.", f"Invalid period kind: {self.kind!r}."
            )
        if (
            isinstance(self.year, bool)
            or not isinstance(self.year, int)
            or not YEAR_MIN <= self.year <= YEAR_MAX
        ):
            raise PeriodError(
                f"Năm {self.year!r} nằm ngoài khoảng {YEAR_MIN}–{YEAR_MAX}.",
                f"Year {self.year!r} is outside {YEAR_MIN}–{YEAR_MAX}.",
            )
        per_year = self.kind.per_year
        if (
            isinstance(self.index, bool)
            or not isinstance(self.index, int)
            or not 1 <= self.index <= per_year
        ):
            raise PeriodError(
                f"Số thứ tự kỳ {self.index!r} không hợp lệ, phải từ 1 đến {per_year}.",
                f"Period index {self.index!r} is invalid; it must be 1 to {per_year}.",
            )

    # Ordering ---------------------------------------------------------------------------------

    def _order(self) -> tuple[date, int]:
        return self.start, -self.kind.months

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._order() < other._order()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._order() <= other._order()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._order() > other._order()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._order() >= other._order()

    # Codes and labels -------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """The DHIS2 ISO code: "2021", "2021S1", "2021Q3", "202106"."""
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"{self.year}N9"
        if self.kind is PeriodKind.HALF_YEAR:
            return f"{self.year}S{self.index}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}Q{self.index}"
        return f"{self.year}{self.index:02d}"

    def __str__(self) -> str:
        return self.code

    def label_vi(self) -> str:
        """Vietnamese label (nhãn), e.g. "quý I năm 2021" (quarters in Roman numerals).

        Also "năm 2021", "6 tháng đầu năm 2021", "6 tháng cuối năm 2021", "tháng 6 năm 2021".
        """
        if self.kind is PeriodKind.YEAR:
            return f"năm {self.year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"9 tháng đầu năm {self.year}"
        if self.kind is PeriodKind.HALF_YEAR:
            half = "đầu" if self.index == 1 else "cuối"
            return f"6 tháng {half} năm {self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"quý {_ROMAN[self.index - 1]} năm {self.year}"
        return f"tháng {self.index} năm {self.year}"

    def label_en(self) -> str:
        """English label: "2021", "first half of 2021", "Q1 2021", "June 2021"."""
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"first nine months of {self.year}"
        if self.kind is PeriodKind.HALF_YEAR:
            half = "first" if self.index == 1 else "second"
            return f"{half} half of {self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"Q{self.index} {self.year}"
        return f"{_MONTHS_EN[self.index - 1]} {self.year}"

    def label(self, lang: str = "vi") -> str:
        """The label in `lang`: "vi" or "en" (a region suffix such as "en-US" is ignored)."""
        language = lang.replace("_", "-").split("-")[0].lower()
        if language == "vi":
            return self.label_vi()
        if language == "en":
            return self.label_en()
        raise PeriodError(
            f"Không có nhãn kỳ cho ngôn ngữ “{lang}”; chỉ có “vi” và “en”.",
            f"No period label for language “{lang}”; only “vi” and “en” exist.",
        )

    # Calendar ---------------------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        """The calendar month (1–12) the period starts in."""
        return (self.index - 1) * self.kind.months + 1

    @property
    def last_month(self) -> int:
        """The calendar month (1–12) the period ends in."""
        return self.index * self.kind.months

    # Cached: an import asks for the bounds of the same few periods hundreds of thousands of times.
    @cached_property
    def start(self) -> date:
        """The first day of the period."""
        return date(self.year, self.first_month, 1)

    @cached_property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        last = self.last_month
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    def cutoff_window(self) -> tuple[date, date]:
        """The Decree 09/2019/NĐ-CP data cut-off window, both ends inclusive.

        From the 15th of the month before the period to the 14th of its last month:
        202101 → 2020-12-15..2021-01-14, 2021Q2 → 2021-03-15..2021-06-14,
        2021S2 → 2021-06-15..2021-12-14, 2021 → 2020-12-15..2021-12-14.
        """
        opens = _month_start(self.year, self.first_month - 1).replace(day=_CUTOFF_DAY)
        closes = date(self.year, self.last_month, _CUTOFF_DAY - 1)
        return opens, closes

    @classmethod
    def containing(cls, day: date, kind: PeriodKind) -> Self:
        """The period of `kind` whose calendar span contains `day`.

        October to December lie in no nine months: asking for one raises PeriodError.
        """
        if kind is PeriodKind.NINE_MONTHS and day.month > 9:
            raise PeriodError(
                f"Ngày {day:%d/%m/%Y} không thuộc 9 tháng đầu năm nào (tháng 1 đến tháng 9).",
                f"{day.isoformat()} lies in no first nine months (January to September).",
            )
        return cls(kind, day.year, (day.month - 1) // kind.months + 1)

    @classmethod
    def containing_cutoff(cls, day: date, kind: PeriodKind) -> Self:
        """The period of `kind` whose Decree 09 cut-off window contains `day`.

        From the 15th on, a day counts towards the next month: 2021-06-20 → 2021S2,
        2021-12-20 → 2022S1 (and year 2022).
        """
        if day.day >= _CUTOFF_DAY:
            day = _month_start(day.year, day.month + 1)
        return cls.containing(day, kind)

    # Navigation -------------------------------------------------------------------------------

    def _shifted(self, steps: int) -> Self:
        years, index = divmod(self.index - 1 + steps, self.kind.per_year)
        return type(self)(self.kind, self.year + years, index + 1)

    def previous(self) -> Self:
        """The period of the same kind just before (kỳ trước)."""
        return self._shifted(-1)

    def next(self) -> Self:
        """The period of the same kind just after (kỳ sau)."""
        return self._shifted(1)

    def same_period_last_year(self) -> Self:
        """The same period one year earlier (cùng kỳ năm trước)."""
        return type(self)(self.kind, self.year - 1, self.index)

    def contains(self, other: Period) -> bool:
        """Whether `other` lies entirely within this period (a period contains itself)."""
        return self.start <= other.start and other.end <= self.end

    def subperiods(self, kind: PeriodKind) -> list[Self]:
        """The periods of `kind` that make up this one, in order (2021S1 → 202101 … 202106)."""
        if kind.months > self.kind.months:
            raise PeriodError(
                f"Kỳ {self.code} không chia được thành các kỳ {kind.name_vi} vì kỳ đó dài hơn.",
                f"Period {self.code} cannot be split into {kind.name_en} periods, "
                "which are longer.",
            )
        if self.kind.months % kind.months or (kind is not self.kind and not kind.tiles_the_year):
            raise PeriodError(
                f"Kỳ {self.code} không chia đúng thành các kỳ {kind.name_vi}.",
                f"Period {self.code} does not split into whole {kind.name_en} periods.",
            )
        first = (self.first_month - 1) // kind.months + 1
        count = self.kind.months // kind.months
        return [type(self)(kind, self.year, first + i) for i in range(count)]

    def parent(self, kind: PeriodKind) -> Self:
        """The period of the larger (or same) `kind` that contains this one (2021Q3 → 2021S2)."""
        if kind.months < self.kind.months:
            raise PeriodError(
                f"Kỳ {self.code} không nằm trọn trong một kỳ {kind.name_vi} vì kỳ đó ngắn hơn.",
                f"Period {self.code} cannot lie within a {kind.name_en} period, which is shorter.",
            )
        found = self.containing(self.start, kind)
        if not found.contains(self):
            raise PeriodError(
                f"Kỳ {self.code} không nằm trọn trong một kỳ {kind.name_vi}.",
                f"Period {self.code} does not lie within one {kind.name_en} period.",
            )
        return found


def parse_period(code: str) -> Period:
    """Read a DHIS2 period code: "2021", "2021S1", "2021Q3", "202106" (s/q in any case).

    Surrounding whitespace is ignored; anything else raises PeriodError naming the valid forms.
    """
    if not isinstance(code, str):
        raise PeriodError(
            f"Mã kỳ phải là chuỗi ký tự, không phải {code!r}. {_ACCEPTED_VI}.",
            f"A period code must be a text, not {code!r}. {_ACCEPTED_EN}.",
        )
    text = code.strip().upper()
    if not text:
        raise PeriodError(
            f"Chưa nhập mã kỳ. {_ACCEPTED_VI}.", f"No period code was given. {_ACCEPTED_EN}."
        )
    found = _CODE.fullmatch(text)
    if found is None:
        raise PeriodError(
            f"Mã kỳ “{code.strip()}” không hợp lệ. {_ACCEPTED_VI}.",
            f"Invalid period code “{code.strip()}”. {_ACCEPTED_EN}.",
        )
    year_text, letter, digit, month = found.groups()
    year = int(year_text)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise PeriodError(
            f"Mã kỳ “{text}”: năm phải từ {YEAR_MIN} đến {YEAR_MAX}. {_ACCEPTED_VI}.",
            f"Period code “{text}”: the year must be {YEAR_MIN} to {YEAR_MAX}. {_ACCEPTED_EN}.",
        )
    if letter == "N":
        if digit != "9":
            raise PeriodError(
                f"Mã kỳ “{text}” không hợp lệ: kỳ lũy kế chỉ có N9 (9 tháng đầu năm). "
                f"{_ACCEPTED_VI}.",
                f"Invalid period code “{text}”: the only cumulative period is N9 (first nine "
                f"months). {_ACCEPTED_EN}.",
            )
        return Period(PeriodKind.NINE_MONTHS, year)
    if letter == "S":
        kind, index, detail_vi, detail_en = (
            PeriodKind.HALF_YEAR,
            int(digit),
            "nửa năm chỉ có S1 và S2",
            "a half-year is S1 or S2",
        )
    elif letter == "Q":
        kind, index, detail_vi, detail_en = (
            PeriodKind.QUARTER,
            int(digit),
            "quý chỉ từ Q1 đến Q4",
            "a quarter is Q1 to Q4",
        )
    elif month is not None:
        kind, index, detail_vi, detail_en = (
            PeriodKind.MONTH,
            int(month),
            "tháng phải từ 01 đến 12",
            "a month is 01 to 12",
        )
    else:
        return Period(PeriodKind.YEAR, year)
    if not 1 <= index <= kind.per_year:
        raise PeriodError(
            f"Mã kỳ “{text}” không hợp lệ: {detail_vi}. {_ACCEPTED_VI}.",
            f"Invalid period code “{text}”: {detail_en}. {_ACCEPTED_EN}.",
        )
    return Period(kind, year, index)
