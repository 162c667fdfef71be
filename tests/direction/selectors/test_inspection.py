"""The inspection review (direction/selectors/inspection.py)."""

from __future__ import annotations

import pytest

from dieuhanh.direction.selectors.inspection import inspection_review
from tests.direction.factories import EVERYTHING, D

pytestmark = pytest.mark.django_db


def test_the_inspection_review_of_the_demo_first_half(demo: int) -> None:
    review = inspection_review(
        scope=EVERYTHING, unit_code="633", start=D(2021, 1, 1), end=D(2021, 6, 30)
    )
    assert review is not None
    assert (review.total, review.concluded, review.violations) == (4, 3, 1)
    assert (review.programme_total, review.programme_concluded) == (8, 3)
    assert review.by_type == {"regular": 1, "thematic": 2, "violation_signs": 1}


def test_no_inspection_review_for_a_year_without_records(demo: int) -> None:
    assert (
        inspection_review(
            scope=EVERYTHING, unit_code="633", start=D(2020, 1, 1), end=D(2020, 6, 30)
        )
        is None
    )
