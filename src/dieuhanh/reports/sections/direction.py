"""The review's direction sections: security and order, the political system (inspection and
supervision, public opinion), and the tasks of the next period — from the direction app's review
selectors, each only for a role that may read its module."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dieuhanh.accounts.permissions import Module, role_can_read
from dieuhanh.core.scope import Scope
from dieuhanh.core.versions import data_cached
from dieuhanh.direction.models import Decision, DecisionKind
from dieuhanh.direction.selectors.conferences import decisions_visible
from dieuhanh.direction.selectors.inspection import inspection_review
from dieuhanh.direction.selectors.opinion import opinion_review
from dieuhanh.direction.selectors.public_order import PublicOrderReview, public_order_review
from dieuhanh.direction.selectors.tasks import TaskRow, TasksReview, tasks_review
from dieuhanh.direction.versions import DIRECTION
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period, PeriodKind
from dieuhanh.reports.pure.document import Table
from dieuhanh.reports.pure.judgements import (
    InspectionCounts,
    OrderCounts,
    inspection_judgement,
    party_internal,
    public_party_clauses,
    security_judgement,
)
from dieuhanh.reports.pure.wording import count_text, day_text, join_items, number_text

_CATEGORY = {
    "political": "an ninh chính trị",
    "religion": "tôn giáo",
    "rural": "an ninh nông thôn",
    "social_order": "trật tự an toàn xã hội",
}
_EMPTY = Table(title="", header=(), rows=(), numeric=())


def _order_counts(review: PublicOrderReview | None) -> OrderCounts | None:
    if review is None:
        return None
    return OrderCounts(total=review.total, serious_unresolved=review.serious_unresolved)


def public_order_paragraphs(
    *,
    scope: Scope,
    unit: OrgUnit,
    start: datetime.date,
    end: datetime.date,
    previous: tuple[datetime.date, datetime.date] | None = None,
) -> list[str] | None:
    """The situation judged from the log against the previous period (`previous`: its start and
    end), then the period's events."""
    review = public_order_review(scope=scope, unit_code=unit.code, start=start, end=end)
    if review is None:
        return None
    before = None
    if previous is not None:
        before = public_order_review(
            scope=scope, unit_code=unit.code, start=previous[0], end=previous[1]
        )
    judgement = security_judgement(
        OrderCounts(total=review.total, serious_unresolved=review.serious_unresolved),
        _order_counts(before),
    )
    parts = [
        f"{_CATEGORY.get(category, category)}: {n}"
        for category, n in review.by_category.items()
        if n
    ]
    out: list[str] = []
    if judgement is not None:
        fields = [_CATEGORY.get(c, c) for c, n in review.by_category.items() if n] or [
            "an ninh chính trị",
            "trật tự an toàn xã hội",
        ]
        stable = judgement in ("ổn định", "cơ bản ổn định")
        out.append(
            f"Tình hình {join_items(fields)} {judgement}" + (" và giữ vững." if stable else ".")
        )
    sentence = f"Trong kỳ ghi nhận {count_text(review.total, 'vụ việc')} về an ninh, trật tự"
    if parts:
        sentence += f" ({join_items(parts)})"
    if before is not None:
        sentence += f", kỳ trước {count_text(before.total, 'vụ việc')}"
    sentence += "; "
    if review.unresolved:
        sentence += f"{count_text(review.unresolved, 'vụ việc')} đang tiếp tục theo dõi, xử lý"
    else:
        sentence += "các vụ việc đã được xử lý"
    if review.serious_unresolved:
        sentence += f", trong đó {review.serious_unresolved} vụ việc mức độ nghiêm trọng"
    elif review.total:
        sentence += "; không có vụ việc nghiêm trọng chưa được giải quyết"
    out.append(sentence + ".")
    return [" ".join(out)]


def party_paragraphs(
    *, scope: Scope, role: str, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[str] | None:
    """Inspection and supervision of Party organisations and members (Party layout only): the
    judgement from the programme against what was done, then the period's figures."""
    if not role_can_read(role, Module.PARTY_INSPECTION):
        return None
    review = inspection_review(scope=scope, unit_code=unit.code, start=start, end=end)
    if review is None:
        return None
    due = [i for i in review.items if i.period_end <= end]
    done = [i for i in due if i.executed_on is not None and i.executed_on <= end]
    judgement = inspection_judgement(InspectionCounts(due=len(due), done=len(done)))
    out: list[str] = []
    if judgement is not None:
        out.append(
            f"Việc kiểm tra, giám sát tổ chức đảng và đảng viên được thực hiện {judgement} "
            f"({len(done)}/{len(due)} cuộc đến hạn trong kỳ đã hoàn thành)."
            if len(done) >= len(due)
            else f"Việc kiểm tra, giám sát tổ chức đảng và đảng viên {judgement}: "
            f"{len(due) - len(done)}/{len(due)} cuộc đến hạn trong kỳ chưa hoàn thành."
        )
    sentence = (
        f"Trong kỳ thực hiện {count_text(review.inspections, 'cuộc kiểm tra')} và "
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
    return [" ".join(out)]


def politics_paragraphs(
    *, scope: Scope, role: str, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[str] | None:
    """Propaganda and public opinion (both layouts); the Party's own inspection is in
    `party_paragraphs`."""
    if not role_can_read(role, Module.DIRECTION):
        return None
    opinion = opinion_review(scope=scope, unit_code=unit.code, start=start, end=end)
    if opinion is None or not (opinion.notes or opinion.campaigns):
        return None
    parts = []
    if opinion.notes:
        parts.append(
            f"nắm bắt, tổng hợp {count_text(len(opinion.notes), 'ý kiến, dư luận')} "
            "của cán bộ và Nhân dân"
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
    return ["Công tác tuyên truyền, nắm bắt dư luận xã hội: " + "; ".join(parts) + "."]


def following_period(period: Period) -> tuple[Period, str]:
    """The period the review's directions are for, and how it is said: the next period of the
    same kind ("6 tháng cuối năm 2021" after the first half, "năm 2022" after 2021, "quý II"
    after quý I); after the first nine months, the fourth quarter, said "3 tháng cuối năm".
    The heading of §III, its prose and its task table all name this one period."""
    if period.kind is PeriodKind.NINE_MONTHS:
        return Period(PeriodKind.QUARTER, period.year, 4), f"3 tháng cuối năm {period.year}"
    following = period.next()
    return following, following.label_vi()


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
            # Cached under the direction module's version (core.versions).
            self._read[(start, end)] = data_cached(
                (DIRECTION,),
                ("report.tasks_review", self.scope, self.unit_code, start, end, self.today),
                lambda: tasks_review(
                    scope=self.scope,
                    unit_code=self.unit_code,
                    start=start,
                    end=end,
                    today=self.today,
                ),
            )
        return self._read[(start, end)]


def _ahead(
    *, reviews: TaskReviews, unit: OrgUnit, period: Period
) -> tuple[str, TasksReview | None]:
    """How the following period is said, and its tasks as far as the unit lives into it (a
    district abolished on 30 June 2025 has no second half of 2025)."""
    following, label = following_period(period)
    last = min(following.end, unit.valid_to) if unit.valid_to else following.end
    if last < following.start:
        return label, None
    return label, reviews.of(following.start, last)


_BODY = {
    "executive_committee": "Ban Chấp hành Đảng bộ",
    "standing_committee": "Ban Thường vụ",
    "peoples_committee": "Ủy ban nhân dân",
}


def _decisions(*, scope: Scope, unit: OrgUnit, end: datetime.date) -> list[Decision]:
    """The resolutions and conclusions the unit issued from the period's last month to two
    months after its end: those of the conference that adopts this review."""
    return list(
        decisions_visible(scope=scope)
        .filter(
            unit__code=unit.code,
            kind__in=(DecisionKind.RESOLUTION, DecisionKind.CONCLUSION),
            issued_on__gt=end - datetime.timedelta(days=31),
            issued_on__lte=end + datetime.timedelta(days=62),
        )
        .order_by("issued_on", "id")
    )


def resolution_paragraphs(
    *, scope: Scope, role: str, unit: OrgUnit, period: Period, layout: str
) -> list[str]:
    """The directions of the conference that adopts the review, as prose: what it is, then each
    point — for roles that read the direction module. Party-internal clauses only in the Party
    layout and only for roles that read Party inspection."""
    if not role_can_read(role, Module.DIRECTION):
        return []
    party_text = layout == "party" and role_can_read(role, Module.PARTY_INSPECTION)
    _following, following_label = following_period(period)
    out: list[str] = []
    for decision in _decisions(scope=scope, unit=unit, end=period.end):
        points = [p.text.strip() for p in decision.points.all() if p.text.strip()]
        if not party_text:
            points = [t for t in (public_party_clauses(p) for p in points) if t]
        if not points:
            continue
        conference = decision.conference
        if conference is not None:
            body = _BODY.get(conference.body, "")
            heading = conference.heading
            if body and heading.startswith("Hội nghị "):
                heading = f"Hội nghị {body} {unit_kind_word(unit)} " + heading[len("Hội nghị ") :]
            intro = (
                f"{heading} ngày {day_text(conference.held_on)} đã kết luận phương hướng, "
                f"nhiệm vụ {following_label} như sau:"
            )
        else:
            title = decision.title or "Nghị quyết"
            intro = (
                f"Theo {title[0].lower()}{title[1:]}, phương hướng, nhiệm vụ "
                f"{following_label} như sau:"
            )
        out.append(intro)
        out += points
    return out


def unit_kind_word(unit: OrgUnit) -> str:
    return {"district": "huyện", "province": "tỉnh", "commune": "xã", "township": "thị trấn"}.get(
        unit.kind, ""
    )


def directions_paragraphs(
    *,
    reviews: TaskReviews,
    role: str,
    unit: OrgUnit,
    period: Period,
    layout: str = "party",
) -> list[str] | None:
    """How the period's tasks went (the table that ends every review), then the tasks given
    for the next half-year (e.g. by the conference that adopts this review)."""
    if not role_can_read(role, Module.DIRECTION):
        return None
    out = []
    today = reviews.today
    done = reviews.of(period.start, period.end)
    if done is not None:
        timeliness = done.timeliness
        out.append(
            f"Kết quả thực hiện nhiệm vụ được giao (đến ngày {day_text(today)}): tổng số "
            f"{count_text(done.total, 'nhiệm vụ')}, trong đó "
            f"{timeliness.get('on_time', 0)} hoàn thành đúng hạn, {timeliness.get('late', 0)} "
            f"hoàn thành trễ hạn, {timeliness.get('overdue', 0)} quá hạn chưa hoàn thành, "
            f"{timeliness.get('in_progress', 0)} đang thực hiện."
        )
    following_label, ahead = _ahead(reviews=reviews, unit=unit, period=period)
    if ahead is not None and _tasks_for(ahead.tasks, layout):
        out.append(
            f"Các nhiệm vụ cụ thể {following_label} "
            f"({count_text(len(_tasks_for(ahead.tasks, layout)), 'nhiệm vụ')}) được giao tại bảng "
            "dưới đây."
        )
    return out or None


def _agency(task: TaskRow) -> str:
    """The lead agency; a unit given without an agency leads through its People's Committee."""
    if task.assignee and task.assignee != task.lead_unit_name:
        return task.assignee
    name = task.lead_unit_name
    return f"UBND {name[:1].lower()}{name[1:]}"


def _distinct_tasks(tasks: tuple[TaskRow, ...]) -> list[tuple[str, list[str], datetime.date]]:
    """Each task once: one task given to several agencies is one row naming them all, due at
    the latest of their deadlines."""
    grouped: dict[str, tuple[list[str], datetime.date]] = {}
    for t in tasks:
        key = " ".join(t.title.split()).casefold()
        agency = _agency(t)
        if key in grouped:
            agencies, deadline = grouped[key]
            if agency not in agencies:
                agencies.append(agency)
            grouped[key] = (agencies, max(deadline, t.deadline))
        else:
            grouped[key] = ([agency], t.deadline)
    titles = {" ".join(t.title.split()).casefold(): t.title for t in tasks}
    return [(titles[k], agencies, deadline) for k, (agencies, deadline) in grouped.items()]


def _tasks_for(
    tasks: tuple[TaskRow, ...], layout: str
) -> list[tuple[str, list[str], datetime.date]]:
    """The tasks a layout lists: each once; the administrative layout leaves out the Party's
    own (a Party-internal title or lead body)."""
    distinct = _distinct_tasks(tasks)
    if layout == "party":
        return distinct
    return [
        (title, agencies, deadline)
        for title, agencies, deadline in distinct
        if not party_internal(title) and not any(party_internal(a) for a in agencies)
    ]


def task_tables(
    *,
    reviews: TaskReviews,
    role: str,
    unit: OrgUnit,
    period: Period,
    layout: str = "party",
) -> dict[str, Table]:
    """ "tasks": the next half-year's tasks, each once with its lead agencies; "task_units":
    each lead unit's tasks of the period by timeliness. The administrative layout leaves out
    the Party's own tasks and bodies."""
    tables = {"tasks": _EMPTY, "task_units": _EMPTY}
    if not role_can_read(role, Module.DIRECTION):
        return tables
    following_label, ahead = _ahead(reviews=reviews, unit=unit, period=period)
    if ahead is not None:
        tasks = _tasks_for(ahead.tasks, layout)
        tables["tasks"] = Table(
            title=f"Nhiệm vụ cụ thể {following_label}",
            header=("TT", "Nhiệm vụ", "Cơ quan, đơn vị chủ trì", "Thời hạn"),
            rows=tuple(
                (str(i), title, ", ".join(agencies), day_text(deadline))
                for i, (title, agencies, deadline) in enumerate(tasks, start=1)
            ),
            numeric=(True, False, False, False),
        )
    today = reviews.today
    done = reviews.of(period.start, period.end)
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
                if layout == "party" or not party_internal(u.unit_name or u.assignee)
            ),
            numeric=(False, True, True, True, True, True),
        )
    return tables
