"""The judgements derived from data by the documented rules (docs/design.md, "How the report
judges")."""

from __future__ import annotations

from decimal import Decimal as D

from dieuhanh.reports.pure.judgements import (
    InspectionCounts,
    OrderCounts,
    PlanCourse,
    inspection_judgement,
    overall_judgement,
    party_internal,
    plan_course,
    public_party_clauses,
    security_judgement,
)


def flow(name: str, value: str, plan: str, previous: str | None) -> PlanCourse:
    return PlanCourse(name, D(value), D(plan), None if previous is None else D(previous), True)


def rate(name: str, value: str, plan: str, previous: str) -> PlanCourse:
    return PlanCourse(name, D(value), D(plan), D(previous), False)


def test_a_growing_flow_is_on_course_during_the_year() -> None:
    assert plan_course(flow("GTSX", "5716", "13100", "5624"), whole_year=False) is True


def test_a_shrinking_flow_is_off_course_during_the_year() -> None:
    assert plan_course(flow("GTSX", "5000", "13100", "5624"), whole_year=False) is False


def test_a_flow_below_its_plan_at_the_years_end_is_not_reached() -> None:
    assert plan_course(flow("GTSX", "13000", "13100", "12000"), whole_year=True) is False


def test_a_rate_whose_plan_is_lower_is_judged_lower_better() -> None:
    """Poverty 8,43% → 6,91% against a plan of 5,80%: moving the plan's way."""
    assert plan_course(rate("Tỷ lệ hộ nghèo", "6.91", "5.80", "8.43"), whole_year=False) is True
    assert plan_course(rate("Tỷ lệ hộ nghèo", "6.91", "5.80", "8.43"), whole_year=True) is False


def test_a_rate_moving_away_from_its_plan_is_off_course() -> None:
    assert plan_course(rate("Tỷ lệ hộ nghèo", "9.00", "5.80", "8.43"), whole_year=False) is False


def test_without_last_year_a_part_year_cannot_be_judged() -> None:
    assert plan_course(flow("GTSX", "5716", "13100", None), whole_year=False) is None


def test_most_on_course_during_the_year_is_basically_on_plan() -> None:
    items = [flow(f"f{i}", "2", "10", "1") for i in range(4)] + [flow("x", "1", "10", "2")]
    assert overall_judgement(items, whole_year=False) == ("cơ bản đảm bảo kế hoạch", ["x"])


def test_all_on_course_during_the_year_is_still_only_basically_on_plan() -> None:
    items = [flow("a", "2", "10", "1")]
    assert overall_judgement(items, whole_year=False) == ("cơ bản đảm bảo kế hoạch", [])


def test_fewer_than_80_percent_on_course_is_behind_plan() -> None:
    items = [flow("a", "2", "10", "1"), flow("b", "1", "10", "2")]
    assert overall_judgement(items, whole_year=False) == (
        "chưa đảm bảo tiến độ kế hoạch",
        ["b"],
    )


def test_a_whole_year_all_reached_completes_the_plan() -> None:
    assert overall_judgement([flow("a", "10", "10", "9")], whole_year=True) == (
        "hoàn thành kế hoạch",
        [],
    )


def test_nothing_to_judge_gives_no_judgement() -> None:
    assert overall_judgement([flow("a", "1", "10", None)], whole_year=False) is None


def test_security_no_more_events_and_none_serious_is_basically_stable() -> None:
    assert security_judgement(OrderCounts(4, 0), OrderCounts(6, 0)) == "cơ bản ổn định"


def test_security_more_events_than_before_is_complicated() -> None:
    assert security_judgement(OrderCounts(7, 0), OrderCounts(6, 0)) == "còn diễn biến phức tạp"


def test_security_a_serious_event_unresolved_is_complicated() -> None:
    assert security_judgement(OrderCounts(2, 1), OrderCounts(6, 0)) == "còn diễn biến phức tạp"


def test_security_no_event_is_stable() -> None:
    assert security_judgement(OrderCounts(0, 0), None) == "ổn định"


def test_security_without_the_previous_log_is_not_judged() -> None:
    assert security_judgement(OrderCounts(3, 0), None) is None


def test_inspection_every_due_item_done_is_per_programme() -> None:
    assert inspection_judgement(InspectionCounts(due=3, done=3)) == (
        "theo chương trình, kế hoạch đề ra"
    )


def test_inspection_an_item_due_not_done_is_late() -> None:
    assert inspection_judgement(InspectionCounts(due=3, done=2)) == (
        "chậm so với chương trình, kế hoạch"
    )


def test_inspection_nothing_due_is_not_judged() -> None:
    assert inspection_judgement(InspectionCounts(due=0, done=0)) is None


def test_party_internal_text_is_recognised() -> None:
    assert party_internal("kiểm tra, giám sát tổ chức đảng và đảng viên")
    assert not party_internal("Chủ động nắm chắc tình hình, đảm bảo quốc phòng - an ninh.")


def test_party_clauses_are_left_out_of_a_public_text() -> None:
    text = (
        "Xây dựng hệ thống chính trị vững mạnh; kiểm tra, giám sát tổ chức đảng và đảng viên "
        "theo chương trình, kế hoạch."
    )
    assert public_party_clauses(text) == "Xây dựng hệ thống chính trị vững mạnh."
    assert public_party_clauses("Kiểm tra, giám sát đảng viên.") == ""
