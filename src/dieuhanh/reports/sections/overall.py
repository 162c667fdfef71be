"""The overall judgement that opens part I ("các nhiệm vụ … đã cơ bản đảm bảo kế hoạch"), from
the indicators of the review table that have a plan (rule: `pure/judgements.py`)."""

from __future__ import annotations

from dieuhanh.indicators.models import Direction, ReportSection, TimeAggregation
from dieuhanh.indicators.selectors.review import ReviewRow, ReviewTable
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import PeriodKind
from dieuhanh.reports.pure.judgements import PlanCourse, overall_judgement, plan_course
from dieuhanh.reports.pure.wording import join_items

_KIND = {
    "district": "huyện",
    "urban_district": "quận",
    "town": "thị xã",
    "city": "thành phố",
    "province": "tỉnh",
    "municipality": "thành phố",
    "commune": "xã",
    "ward": "phường",
    "township": "thị trấn",
    "special_zone": "đặc khu",
}


def _planned_rows(table: ReviewTable) -> list[ReviewRow]:
    """One row per indicator with a value and a plan: the growth option (constant prices) where
    it has a price basis, the real change a plan is judged on."""
    chosen: dict[int, ReviewRow] = {}
    for row in table.rows:
        ind = row.indicator
        if (
            ind.report_section == ReportSection.NONE
            or ind.direction == Direction.NONE
            or row.value is None
            or row.plan is None
        ):
            continue
        growth_option = ind.disaggregation.growth_option_id if ind.disaggregation else None
        if ind.pk not in chosen or (row.option is not None and row.option.pk == growth_option):
            chosen[ind.pk] = row
    return list(chosen.values())


def overall_paragraphs(table: ReviewTable, unit: OrgUnit, *, layout: str) -> list[str]:
    items = []
    for row in _planned_rows(table):
        assert row.value is not None and row.plan is not None
        items.append(
            PlanCourse(
                name=row.indicator.name_vi,
                value=row.value,
                plan=row.plan,
                previous=row.previous,
                flow=row.indicator.time_aggregation == TimeAggregation.SUM,
                lower_is_better=row.indicator.direction == Direction.LOWER_BETTER,
                direction_declared=True,
                plan_for_period=row.plan_period == table.period.code,
            )
        )
    period = table.period
    whole_year = period.kind is PeriodKind.YEAR
    result = overall_judgement(items, whole_year=whole_year)
    if result is None:
        return []
    judgement, behind = result
    tasks = (
        "các nhiệm vụ chính trị"
        if layout == "party"
        else "các nhiệm vụ phát triển kinh tế - xã hội"
    )
    label = period.label_vi()
    who = _KIND.get(unit.kind, "địa phương")
    known = sum(1 for i in items if plan_course(i, whole_year=whole_year) is not None)
    verb = "" if judgement.startswith("chưa") else "đã "
    measure = "đạt kế hoạch" if whole_year else "đạt yêu cầu tiến độ"
    sentence = (
        f"{label[:1].upper()}{label[1:]}, {tasks} của {who} {verb}{judgement} "
        f"({known - len(behind)}/{known} chỉ tiêu có kế hoạch {measure}"
    )
    if behind:
        names = [f"{n[:1].lower()}{n[1:]}" for n in behind]
        sentence += f"; chưa đạt: {join_items(names)}"
    return [sentence + ")."]
