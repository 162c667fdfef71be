"""§III of the review (reports/sections/direction.py): one following period for the heading, the
prose and the task table, whatever the period's kind; the conference's directions only for roles
that read the direction module."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import Role
from dieuhanh.core.scope import Scope
from dieuhanh.periods import parse_period
from dieuhanh.reports.sections.direction import following_period, resolution_paragraphs
from tests.conftest import unit_on
from tests.direction.factories import PointFactory


@pytest.mark.parametrize(
    ("period", "code", "label"),
    [
        ("2021S1", "2021S2", "6 tháng cuối năm 2021"),
        ("2021", "2022", "năm 2022"),
        ("2021Q1", "2021Q2", "quý II năm 2021"),
        ("2021N9", "2021Q4", "3 tháng cuối năm 2021"),
        ("202112", "202201", "tháng 1 năm 2022"),
    ],
)
def test_the_directions_are_for_the_following_period(period: str, code: str, label: str) -> None:
    following, said = following_period(parse_period(period))
    assert (following.code, said) == (code, label)


@pytest.mark.django_db
def test_a_leader_reads_the_conferences_directions() -> None:
    PointFactory.create(text="Tập trung phòng, chống dịch")
    text = " ".join(
        resolution_paragraphs(
            scope=Scope.everything(),
            role=Role.LEADER,
            unit=unit_on("633"),
            period=parse_period("2021S1"),
            layout="admin",
        )
    )
    assert "nhiệm vụ 6 tháng cuối năm 2021" in text and "Tập trung phòng, chống dịch" in text


@pytest.mark.django_db
def test_a_role_without_the_direction_module_gets_no_directions() -> None:
    PointFactory.create(text="Tập trung phòng, chống dịch")
    paragraphs = resolution_paragraphs(
        scope=Scope.everything(),
        role=Role.DATA_OFFICER,
        unit=unit_on("633"),
        period=parse_period("2021S1"),
        layout="party",
    )
    assert paragraphs == []
