"""The public-order review (direction/selectors/public_order.py)."""

from __future__ import annotations

import pytest

from dieuhanh.direction.selectors.public_order import public_order_review
from tests.direction.factories import EVERYTHING, D

pytestmark = pytest.mark.django_db


def test_the_demo_situation_is_stable_with_counts_per_category(demo: int) -> None:
    review = public_order_review(
        scope=EVERYTHING, unit_code="633", start=D(2021, 1, 1), end=D(2021, 6, 30)
    )
    assert review is not None
    assert review.stable is True
    assert review.by_category == {"political": 1, "religion": 1, "rural": 1, "social_order": 1}


def test_the_public_order_review_is_none_without_events(demo: int) -> None:
    assert (
        public_order_review(
            scope=EVERYTHING, unit_code="23977", start=D(2021, 1, 1), end=D(2021, 12, 31)
        )
        is None
    )
