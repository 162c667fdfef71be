"""The opinion review (direction/selectors/opinion.py)."""

from __future__ import annotations

import pytest

from dieuhanh.direction.selectors.opinion import opinion_review
from tests.direction.factories import EVERYTHING, D

pytestmark = pytest.mark.django_db


def test_the_opinion_review_of_the_demo(demo: int) -> None:
    review = opinion_review(
        scope=EVERYTHING, unit_code="633", start=D(2021, 1, 1), end=D(2021, 6, 30)
    )
    assert review is not None
    assert (len(review.notes), len(review.campaigns), review.total_reach) == (2, 2, 173000)
