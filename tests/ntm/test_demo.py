"""The demo: 11 of Chư Sê's 14 communes recognised by mid-2021; loading twice adds nothing."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.accounts.models import Role
from dieuhanh.core.scope import Scope
from dieuhanh.demo.ntm_demo import ntm_demo_load
from dieuhanh.ntm.selectors.summary import ntm_review_section, summary
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(make_user: MakeUser) -> int:
    make_user(role=Role.ADMIN)
    return ntm_demo_load()


def test_eleven_of_fourteen_communes_are_recognised_on_1_july_2021(demo: int) -> None:
    doc = summary(scope=Scope.everything(), unit_code="633", on=datetime.date(2021, 7, 1))
    assert (doc["recognised"], doc["rural_communes"], doc["communes"]) == (11, 14, 15)


def test_loading_the_demo_again_creates_nothing(demo: int) -> None:
    assert ntm_demo_load() == 0


def test_the_half_year_review_names_the_recognition_of_the_half_year(demo: int) -> None:
    section = ntm_review_section(
        scope=Scope.everything(),
        unit_code="633",
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 6, 30),
    )
    assert section is not None
    assert [r[0] for r in section.recognised_in_period] == ["Xã Ia HLốp"]
