"""Task status (trạng thái nhiệm vụ) and deadlines in working days (ngày làm việc).

Everything here takes plain dates. "Today" is the calendar day in Asia/Ho_Chi_Minh: convert an
aware datetime with `local_day` before asking for a status.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from dieuhanh.direction.pure.holidays import holidays_between

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# Saturday and Sunday: the weekend of state agencies (Decree 45/2013, Decision 188/1999).
WEEKEND = frozenset({5, 6})


class TaskStatus(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"
    DONE_LATE = "done_late"


class Timeliness(enum.StrEnum):
    """The leaders' table columns: đúng hạn / trễ hạn / quá hạn / đang thực hiện."""

    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    IN_PROGRESS = "in_progress"


def local_day(moment: datetime.datetime) -> datetime.date:
    """The calendar day of an aware `moment` in Viet Nam (UTC+7, no daylight saving)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give a time zone")
    return moment.astimezone(VIETNAM).date()


def is_working_day(day: datetime.date, holidays: Iterable[datetime.date] | None = None) -> bool:
    days_off = holidays_between(day, day) if holidays is None else frozenset(holidays)
    return day.weekday() not in WEEKEND and day not in days_off


def add_working_days(
    start: datetime.date, days: int, holidays: Iterable[datetime.date] | None = None
) -> datetime.date:
    """The day that ends a period of `days` working days counted from the day after `start`.

    `add_working_days(Friday, 1)` is the next Monday (when it is not a holiday).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    horizon = start + datetime.timedelta(days=days * 3 + 30)
    days_off = holidays_between(start, horizon) if holidays is None else frozenset(holidays)
    day = start
    left = days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() not in WEEKEND and day not in days_off:
            left -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, holidays: Iterable[datetime.date] | None = None
) -> int:
    """Working days in (start, end]: how many are left from `start` until a deadline `end`.
    Negative when `end` is before `start`."""
    if end < start:
        return -working_days_between(end, start, holidays)
    days_off = holidays_between(start, end) if holidays is None else frozenset(holidays)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() not in WEEKEND and day not in days_off:
            count += 1
    return count


def task_status(
    *,
    deadline: datetime.date,
    completed_on: datetime.date | None,
    percent: int,
    today: datetime.date,
) -> TaskStatus:
    """Status of a task on `today`.

    Completed on or before its deadline: done; completed after it: done late. Not completed:
    overdue once `today` is past the deadline (the deadline day itself still counts as in
    time); otherwise in progress when any progress is reported, else new. A completion dated
    after `today` is not known yet on `today`.
    """
    if not 0 <= percent <= 100:
        raise ValueError("percent must be between 0 and 100")
    if completed_on is not None and completed_on <= today:
        return TaskStatus.DONE if completed_on <= deadline else TaskStatus.DONE_LATE
    if today > deadline:
        return TaskStatus.OVERDUE
    return TaskStatus.IN_PROGRESS if percent > 0 else TaskStatus.NEW


def timeliness(status: TaskStatus) -> Timeliness:
    return {
        TaskStatus.DONE: Timeliness.ON_TIME,
        TaskStatus.DONE_LATE: Timeliness.LATE,
        TaskStatus.OVERDUE: Timeliness.OVERDUE,
        TaskStatus.IN_PROGRESS: Timeliness.IN_PROGRESS,
        TaskStatus.NEW: Timeliness.IN_PROGRESS,
    }[status]


class Alert(enum.StrEnum):
    REMINDER = "reminder"  # nhắc việc: the deadline is near
    ESCALATION = "escalation"  # báo cáo vượt cấp: the task is overdue


def task_alert(
    *,
    deadline: datetime.date,
    completed_on: datetime.date | None,
    today: datetime.date,
    remind_days: int,
    holidays: Iterable[datetime.date] | None = None,
) -> Alert | None:
    """What to send about an unfinished task on `today`: a reminder when at most `remind_days`
    working days are left until the deadline, an escalation once it is overdue."""
    if completed_on is not None and completed_on <= today:
        return None
    if today > deadline:
        return Alert.ESCALATION
    if working_days_between(today, deadline, holidays) <= remind_days:
        return Alert.REMINDER
    return None


ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(number: int) -> str:
    """Roman numerals, as conference numbers and terms are written ("lần thứ V, khóa X")."""
    if number <= 0:
        raise ValueError("only positive numbers have Roman numerals")
    out = []
    for value, letters in ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)
