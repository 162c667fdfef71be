"""Opinion notes and campaigns (direction/services/opinion.py)."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.direction.models import Campaign
from dieuhanh.direction.selectors.opinion import opinion_review
from dieuhanh.direction.services.opinion import campaign_record, opinion_note_record
from tests.direction.factories import D

pytestmark = pytest.mark.django_db


def test_opinion_notes_and_campaigns(party: User) -> None:
    scope = user_scope(user=party)
    opinion_note_record(
        actor=party,
        scope=scope,
        unit_code="23962",
        noted_on=D(2021, 8, 1),
        topic="Giá phân bón",
        summary="Người dân lo ngại",
        tone="concerned",
    )
    campaign_record(
        actor=party,
        scope=scope,
        unit_code="633",
        topic="Tiêm vắc xin",
        channels=["loudspeaker", "social"],
        start=D(2021, 8, 1),
        end=D(2021, 9, 30),
        reach=12500,
    )
    review = opinion_review(scope=scope, unit_code="633", start=D(2021, 7, 1), end=D(2021, 12, 31))
    assert review is not None
    assert (len(review.notes), review.total_reach, review.by_tone["concerned"]) == (1, 12500, 1)
    assert review.campaigns[0].channels == ("loudspeaker", "social")


def test_a_campaign_without_a_channel_is_refused(party: User) -> None:
    with pytest.raises(ValidationFailed):
        campaign_record(
            actor=party,
            scope=user_scope(user=party),
            unit_code="633",
            topic="x",
            channels=[],
            start=D(2021, 8, 1),
            end=D(2021, 9, 30),
            reach=1,
        )
    assert not Campaign.objects.exists()
