"""The review's direction sections: security and order, the political system (inspection and
supervision, public opinion), and the tasks of the next period — from the direction app's review
selectors, each only for a role that may read its module."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dieuhanh.accounts.permissions import Module, role_can_read
from dieuhanh.core.scope import Scope
from dieuhanh.direction.selectors.inspection import inspection_review
from dieuhanh.direction.selectors.opinion import opinion_review
from dieuhanh.direction.selectors.public_order import public_order_review
from dieuhanh.direction.selectors.tasks import TasksReview, tasks_review
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period, PeriodKind
from dieuhanh.reports.pure.document import Table
from dieuhanh.reports.pure.wording import count_text, day_text, join_items, number_text

_CATEGORY = {
    "political": "an ninh chính trị",
    "religion": "tôn giáo",
    "rural": "an ninh nông thôn",
    "social_order": "trật tự an toàn xã hội",
}
_EMPTY = Table(title="", header=(), rows=(), numeric=())


def public_order_paragraphs(
    *, scope: Scope, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[str] | None:
    review = public_order_review(scope=scope, unit_code=unit.code, start=start, end=end)
    if review is None:
        return None
    parts = [
        f"{_CATEGORY.get(category, category)}: {n}"
        for category, n in review.by_category.items()
        if n
    ]
    sentence = f"Trong kỳ ghi nhận {count_text(review.total, 'vụ việc')} về an ninh, trật tự"
    if parts:
        sentence += f" ({join_items(parts)})"
    sentence += "; "
    if review.unresolved:
        sentence += f"{count_text(review.unresolved, 'vụ việc')} đang tiếp tục theo dõi, xử lý"
    else:
        sentence += "các vụ việc đã được xử lý"
    if review.serious_unresolved:
        sentence += f", trong đó {review.serious_unresolved} vụ việc mức độ nghiêm trọng"
    elif review.total:
        sentence += "; không có vụ việc nghiêm trọng chưa được giải quyết"
    return [sentence + "."]


def politics_paragraphs(
    *, scope: Scope, role: str, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[str] | None:
    out: list[str] = []
    if role_can_read(role, Module.PARTY_INSPECTION):
        review = inspection_review(scope=scope, unit_code=unit.code, start=start, end=end)
        if review is not None:
            sentence = (
                f"Công tác kiểm tra, giám sát: trong kỳ thực hiện "
                f"{count_text(review.inspections, 'cuộc kiểm tra')} và "
                f"{count_text(review.supervisions, 'cuộc giám sát')} đối với "
                f"{count_text(review.organisations, 'tổ chức đảng')} và "
                f"{count_text(review.members, 'đảng viên')}; đã kết luận {review.concluded} "
                f"cuộc, {review.in_progress} cuộc đang thực hiện"
            )
            if review.violations:
                sentence += f", qua đó phát hiện {review.violations} trường hợp có vi phạm"
            sentence += "."
            if review.programme_total:
                sentence += (
                    f" Đến ngày {day_text(end)}, đã hoàn thành {review.programme_concluded}/"
                    f"{review.programme_total} nội dung theo chương trình kiểm tra, giám sát năm"
                )
                if review.progress_pct is not None:
                    sentence += f" ({number_text(review.progress_pct, 1)}%)"
                sentence += "."
            out.append(sentence)
    if role_can_read(role, Module.DIRECTION):
        opinion = opinion_review(scope=scope, unit_code=unit.code, start=start, end=end)
        if opinion is not None and (opinion.notes or opinion.campaigns):
            parts = []
            if opinion.notes:
                parts.append(
                    f"nắm bắt, tổng hợp {count_text(len(opinion.notes), 'ý kiến, dư luận')} "
                    "của cán bộ, đảng viên và Nhân dân"
                )
            if opinion.campaigns:
                topics = join_items([c.topic for c in opinion.campaigns[:3]])
                campaign = (
                    f"tổ chức {count_text(len(opinion.campaigns), 'đợt tuyên truyền')} "
                    f"({topics}{', …' if len(opinion.campaigns) > 3 else ''})"
                )
                if opinion.total_reach:
                    campaign += f", tiếp cận khoảng {number_text(opinion.total_reach)} lượt người"
                parts.append(campaign)
            out.append("Công tác tuyên truyền, nắm bắt dư luận xã hội: " + "; ".join(parts) + ".")
    return out or None


def _next(end: datetime.date) -> Period:
    """The half-year after the report's period: the one its directions are for."""
    return Period.containing(end + datetime.timedelta(days=1), PeriodKind.HALF_YEAR)


@dataclass
class TaskReviews:
    """The task reviews one composed report needs, each read once: the directions' sentences
    and the closing tables read the same two (the period's and the next half-year's)."""

    scope: Scope
    unit_code: str
    today: datetime.date
    _read: dict[tuple[datetime.date, datetime.date], TasksReview | None] = field(
        default_factory=dict
    )

    def of(self, start: datetime.date, end: datetime.date) -> TasksReview | None:
        if (start, end) not in self._read:
            self._read[(start, end)] = tasks_review(
                scope=self.scope, unit_code=self.unit_code, start=start, end=end, today=self.today
            )
        return self._read[(start, end)]


def _ahead(
    *, reviews: TaskReviews, unit: OrgUnit, end: datetime.date
) -> tuple[Period, TasksReview | None]:
    """The next half-year and its tasks, as far as the unit lives into it (a district abolished
    on 30 June 2025 has no second half of 2025)."""
    following = _next(end)
    last = min(following.end, unit.valid_to) if unit.valid_to else following.end
    if last < following.start:
        return following, None
    return following, reviews.of(following.start, last)


def directions_paragraphs(
    *, reviews: TaskReviews, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[str] | None:
    """How the period's tasks went (the table that ends every review), then the tasks given
    for the next half-year (e.g. by the conference that adopts this review)."""
    out = []
    today = reviews.today
    done = reviews.of(start, end)
    if done is not None:
        timeliness = done.timeliness
        out.append(
            f"Kết quả thực hiện nhiệm vụ được giao (đến ngày {day_text(today)}): tổng số "
            f"{count_text(done.total, 'nhiệm vụ')}, trong đó "
            f"{timeliness.get('on_time', 0)} hoàn thành đúng hạn, {timeliness.get('late', 0)} "
            f"hoàn thành trễ hạn, {timeliness.get('overdue', 0)} quá hạn chưa hoàn thành, "
            f"{timeliness.get('in_progress', 0)} đang thực hiện."
        )
    following, ahead = _ahead(reviews=reviews, unit=unit, end=end)
    if ahead is not None and ahead.tasks:
        sources = sorted(
            {t.conference or t.source for t in ahead.tasks if t.conference or t.source}
        )
        basis = f" theo {join_items(sources)}" if sources else ""
        out.append(
            f"Các nhiệm vụ trọng tâm {following.label_vi()}{basis} "
            f"({count_text(len(ahead.tasks), 'nhiệm vụ')}) được giao cụ thể tại bảng dưới đây."
        )
    return out or None


def task_tables(
    *, reviews: TaskReviews, role: str, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> dict[str, Table]:
    """ "tasks": the next half-year's tasks; "task_units": each lead unit's tasks of the period
    by timeliness."""
    tables = {"tasks": _EMPTY, "task_units": _EMPTY}
    if not role_can_read(role, Module.DIRECTION):
        return tables
    following, ahead = _ahead(reviews=reviews, unit=unit, end=end)
    if ahead is not None:
        tables["tasks"] = Table(
            title=f"Nhiệm vụ trọng tâm {following.label_vi()}",
            header=("TT", "Nhiệm vụ", "Cơ quan, đơn vị chủ trì", "Thời hạn"),
            rows=tuple(
                (str(i), t.title, t.lead_unit_name or t.assignee, day_text(t.deadline))
                for i, t in enumerate(ahead.tasks, start=1)
            ),
            numeric=(True, False, False, False),
        )
    today = reviews.today
    done = reviews.of(start, end)
    if done is not None:
        tables["task_units"] = Table(
            title=f"Tình hình thực hiện nhiệm vụ được giao (đến ngày {day_text(today)})",
            header=(
                "Cơ quan, đơn vị",
                "Tổng số",
                "Đúng hạn",
                "Trễ hạn",
                "Quá hạn",
                "Đang thực hiện",
            ),
            rows=tuple(
                (
                    u.unit_name or u.assignee,
                    str(u.total),
                    str(u.on_time),
                    str(u.late),
                    str(u.overdue),
                    str(u.in_progress),
                )
                for u in done.units
            ),
            numeric=(False, True, True, True, True, True),
        )
    return tables
