"""The judgements the review derives from data (nhận định từ số liệu): the overall judgement
from the indicators with a plan, security from the public-order log against the previous
period, inspection from the programme against what was done — and which text is Party-internal.

Pure: plain data in, Vietnamese text out. Each rule is stated in docs/design.md, "How the report
judges"; the qualitative assessments around them come from the offices' notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "BASICALLY_ON_PLAN_SHARE",
    "InspectionCounts",
    "OrderCounts",
    "PlanCourse",
    "inspection_judgement",
    "overall_judgement",
    "party_internal",
    "plan_course",
    "public_party_clauses",
    "security_judgement",
]

BASICALLY_ON_PLAN_SHARE = Decimal("0.8")
"""At least this share of the indicators with a plan on course: "cơ bản đảm bảo kế hoạch"."""


@dataclass(frozen=True)
class PlanCourse:
    """One indicator with a plan, as the overall judgement sees it."""

    name: str
    value: Decimal
    plan: Decimal
    previous: Decimal | None
    flow: bool
    """Summed over time (production, revenue): a part-year value is a part of the year's."""
    lower_is_better: bool = False
    direction_declared: bool = False
    """The catalogue states the direction (Indicator.direction); only when it does not is a
    stock or rate whose plan is below last year's figure taken as lower-better."""
    plan_for_period: bool = False
    """The plan is the period's own (not the year's)."""


def plan_course(item: PlanCourse, *, whole_year: bool) -> bool | None:
    """Whether an indicator is on course for its plan; None when it cannot be told.

    - Reached (the period's own plan, or a year's plan at the year's end): a flow or a
      higher-better figure at or above its plan; a lower-better one at or below it. A stock or
      rate whose plan is below last year's figure is lower-better by its plan when the
      catalogue does not state its direction.
    - On course (a year's plan during the year): a flow grew against the same period last year;
      a stock or rate moved from last year's figure towards its plan (or is past it).
    """
    lower = item.lower_is_better or (
        not item.direction_declared
        and not item.flow
        and item.previous is not None
        and item.plan < item.previous
    )
    if whole_year or item.plan_for_period:
        return item.value <= item.plan if lower else item.value >= item.plan
    if item.previous is None:
        return None
    if item.flow:
        return item.value < item.previous if lower else item.value > item.previous
    if lower:
        return item.value <= item.plan or item.value < item.previous
    return item.value >= item.plan or item.value > item.previous


def overall_judgement(
    items: Sequence[PlanCourse], *, whole_year: bool
) -> tuple[str, list[str]] | None:
    """(the judgement, the names of the indicators off course); None without any indicator that
    can be judged.

    During the year the judgement is about pace: "cơ bản đảm bảo kế hoạch" when at least 80% of
    the indicators are on course (never "hoàn thành": the year is not over), else "chưa đảm bảo
    tiến độ kế hoạch". At the year's end: "hoàn thành kế hoạch" (all reached), "cơ bản hoàn
    thành kế hoạch" (≥ 80%), "chưa hoàn thành kế hoạch"."""
    judged = [(i.name, plan_course(i, whole_year=whole_year)) for i in items]
    known = [(name, ok) for name, ok in judged if ok is not None]
    if not known:
        return None
    behind = [name for name, ok in known if not ok]
    share = Decimal(len(known) - len(behind)) / Decimal(len(known))
    if whole_year:
        if not behind:
            return "hoàn thành kế hoạch", behind
        if share >= BASICALLY_ON_PLAN_SHARE:
            return "cơ bản hoàn thành kế hoạch", behind
        return "chưa hoàn thành kế hoạch", behind
    if share >= BASICALLY_ON_PLAN_SHARE:
        return "cơ bản đảm bảo kế hoạch", behind
    return "chưa đảm bảo tiến độ kế hoạch", behind


@dataclass(frozen=True)
class OrderCounts:
    """The public-order log of one period."""

    total: int
    serious_unresolved: int
    """High-severity events not resolved by the period's end."""


def security_judgement(current: OrderCounts, previous: OrderCounts | None) -> str | None:
    """ "ổn định" (no event at all), "cơ bản ổn định" (no serious event left unresolved, and no
    more events than the previous period), "còn diễn biến phức tạp" (a serious event unresolved,
    or more events than the previous period). None when there were events but the previous
    period has no log: nothing to compare with."""
    if current.total == 0:
        return "ổn định"
    if current.serious_unresolved:
        return "còn diễn biến phức tạp"
    if previous is None:
        return None
    if current.total > previous.total:
        return "còn diễn biến phức tạp"
    return "cơ bản ổn định"


@dataclass(frozen=True)
class InspectionCounts:
    """The inspection and supervision programme as of the period's end."""

    due: int
    """Items whose planned period ended by the period's end."""
    done: int
    """Of those, concluded by the period's end."""


def inspection_judgement(counts: InspectionCounts) -> str | None:
    """ "theo chương trình, kế hoạch đề ra" when every item due by the period's end was done by
    then; "chậm so với chương trình, kế hoạch" otherwise; None when nothing was due."""
    if counts.due == 0:
        return None
    if counts.done >= counts.due:
        return "theo chương trình, kế hoạch đề ra"
    return "chậm so với chương trình, kế hoạch"


_PARTY_TERMS = re.compile(
    r"tổ chức (cơ sở )?đảng|đảng viên|xây dựng đảng|công tác đảng|cấp ủy|kiểm tra, giám sát|"
    r"ủy ban kiểm tra|ban thường vụ|đảng ủy|huyện ủy|tỉnh ủy|chi bộ|đảng phí",
    re.IGNORECASE,
)


def party_internal(text: str) -> bool:
    """Party-internal content (nội dung nội bộ Đảng): inspection and supervision of Party
    organisations and members, Party building, the Party's own bodies. It appears only in the
    Party layout."""
    return bool(_PARTY_TERMS.search(text))


def public_party_clauses(text: str) -> str:
    """`text` without its Party-internal clauses (split at "; "), for the administrative
    layout; "" when nothing is left."""
    clauses = [c.strip() for c in text.split(";")]
    kept = [c for c in clauses if c and not party_internal(c)]
    if not kept:
        return ""
    out = "; ".join(kept)
    out = out[0].upper() + out[1:]
    return out if out.endswith(".") else out.rstrip(".") + "."
