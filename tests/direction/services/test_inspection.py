"""Inspection programme, public-order log, opinion and campaigns: writes and reviews."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.direction.models import Campaign, InspectionItem, InspectionProgramme
from dieuhanh.direction.selectors.inspection import inspection_review
from dieuhanh.direction.selectors.opinion import opinion_review
from dieuhanh.direction.selectors.public_order import public_order_review
from dieuhanh.direction.services.inspection import (
    inspection_item_add,
    inspection_item_update,
    programme_create,
)
from dieuhanh.direction.services.opinion import campaign_record, opinion_note_record
from dieuhanh.direction.services.public_order import event_record, event_update
from tests.direction.factories import EventFactory

D = datetime.date
pytestmark = pytest.mark.django_db
EVERYTHING = Scope.everything()


def programme(party: User) -> InspectionProgramme:
    return programme_create(
        actor=party,
        scope=user_scope(user=party),
        unit_code="633",
        year=2022,
        title="Chương trình kiểm tra, giám sát năm 2022",
    )


def item(party: User, p: InspectionProgramme, **kw: object) -> InspectionItem:
    args: dict[str, object] = {
        "actor": party,
        "scope": user_scope(user=party),
        "programme_id": p.pk,
        "activity": "inspection",
        "subject_kind": "organisation",
        "subject": "Đảng ủy xã Dun",
        "content": "Lãnh đạo phòng, chống dịch",
        "kind": "thematic",
        "period_start": D(2022, 3, 1),
        "period_end": D(2022, 4, 30),
        "responsible_body": "Ủy ban Kiểm tra Huyện ủy",
    }
    args.update(kw)
    return inspection_item_add(**args)  # type: ignore[arg-type]


def test_the_party_office_builds_a_programme_and_concludes_an_item(party: User) -> None:
    p = programme(party)
    i = item(party, p)
    inspection_item_update(
        actor=party,
        scope=user_scope(user=party),
        item_id=i.pk,
        version=i.version,
        state="concluded",
        executed_on=D(2022, 5, 5),
        conclusion="Thực hiện tốt",
    )
    review = inspection_review(
        scope=EVERYTHING, unit_code="633", start=D(2022, 1, 1), end=D(2022, 6, 30)
    )
    assert review is not None
    assert (review.total, review.concluded, review.programme_total, review.progress_pct) == (
        1,
        1,
        1,
        100.0,
    )


def test_a_second_programme_for_the_same_year_is_refused(party: User) -> None:
    programme(party)
    with pytest.raises(ValidationFailed):
        programme(party)


def test_an_item_outside_the_programmes_year_is_refused(party: User) -> None:
    with pytest.raises(ValidationFailed):
        item(party, programme(party), period_start=D(2021, 12, 1))


def test_an_unknown_type_is_refused_naming_the_field(party: User) -> None:
    with pytest.raises(ValidationFailed, match="type"):
        item(party, programme(party), kind="weekly")


def test_a_conclusion_needs_its_date_and_text(party: User) -> None:
    i = item(party, programme(party))
    with pytest.raises(ValidationFailed):
        inspection_item_update(
            actor=party,
            scope=user_scope(user=party),
            item_id=i.pk,
            version=i.version,
            state="concluded",
        )


def test_a_stale_inspection_update_is_a_conflict(party: User) -> None:
    i = item(party, programme(party))
    kw = {"actor": party, "scope": user_scope(user=party), "item_id": i.pk, "version": i.version}
    inspection_item_update(state="in_progress", **kw)  # type: ignore[arg-type]
    with pytest.raises(Conflict):
        inspection_item_update(state="planned", **kw)  # type: ignore[arg-type]


def test_a_leader_reads_but_may_not_change_the_inspection_programme(
    party: User, leader: User
) -> None:
    with pytest.raises(AccessDenied):
        programme(leader)


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


def test_the_security_officer_records_and_updates_an_event(security: User) -> None:
    scope = user_scope(user=security)
    event = event_record(
        actor=security,
        scope=scope,
        unit_code="23962",
        occurred_on=D(2021, 5, 1),
        category="religion",
        severity="high",
        title="Tụ tập đông người",
    )
    review = public_order_review(
        scope=scope, unit_code="633", start=D(2021, 1, 1), end=D(2021, 6, 30)
    )
    assert review is not None and review.stable is False and review.serious_unresolved == 1
    event_update(
        actor=security,
        scope=scope,
        event_id=event.pk,
        version=event.version,
        state="resolved",
        severity="high",
        measures="Vận động giải tán",
    )
    review = public_order_review(
        scope=scope, unit_code="633", start=D(2021, 1, 1), end=D(2021, 6, 30)
    )
    assert review is not None and review.stable is True


def test_a_stale_event_update_is_a_conflict(security: User) -> None:
    event = EventFactory()
    scope = user_scope(user=security)
    kw = {
        "actor": security,
        "scope": scope,
        "event_id": event.pk,
        "version": 1,
        "severity": "low",
        "measures": "",
    }
    event_update(state="monitoring", **kw)  # type: ignore[arg-type]
    with pytest.raises(Conflict):
        event_update(state="resolved", **kw)  # type: ignore[arg-type]


def test_an_unknown_category_is_refused(security: User) -> None:
    with pytest.raises(ValidationFailed, match="category"):
        event_record(
            actor=security,
            scope=user_scope(user=security),
            unit_code="23962",
            occurred_on=D(2021, 5, 1),
            category="traffic",
            severity="low",
            title="x",
        )


def test_a_leader_may_not_record_public_order_events(leader: User) -> None:
    with pytest.raises(AccessDenied):
        event_record(
            actor=leader,
            scope=user_scope(user=leader),
            unit_code="23962",
            occurred_on=D(2021, 5, 1),
            category="rural",
            severity="low",
            title="x",
        )


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


def test_the_opinion_review_of_the_demo(demo: int) -> None:
    review = opinion_review(
        scope=EVERYTHING, unit_code="633", start=D(2021, 1, 1), end=D(2021, 6, 30)
    )
    assert review is not None
    assert (len(review.notes), len(review.campaigns), review.total_reach) == (2, 2, 173000)


def test_the_demo_loads_once(demo: int) -> None:
    from dieuhanh.demo.direction_demo import direction_demo_load

    assert demo > 0
    assert direction_demo_load() == 0


def test_a_bad_choice_is_explained_in_vietnamese_and_english(security: User) -> None:
    with pytest.raises(ValidationFailed) as info:
        event_record(
            actor=security,
            scope=user_scope(user=security),
            unit_code="23962",
            occurred_on=D(2021, 5, 1),
            category="traffic",
            severity="low",
            title="x",
        )
    messages = info.value.as_dict()["messages"]
    assert isinstance(messages, dict)
    assert messages["vi"].startswith("lĩnh vực: 'traffic'")
    assert messages["en"].startswith("category: 'traffic' is not one of")
