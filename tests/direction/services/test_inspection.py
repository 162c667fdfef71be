"""The inspection programme (direction/services/inspection.py): items added and concluded,
refusals naming the field, conflicts, a leader reads but may not change it."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, ValidationFailed
from dieuhanh.direction.models import InspectionItem, InspectionProgramme
from dieuhanh.direction.selectors.inspection import inspection_review
from dieuhanh.direction.services.inspection import (
    inspection_item_add,
    inspection_item_update,
    programme_create,
)
from tests.direction.factories import EVERYTHING, D

pytestmark = pytest.mark.django_db


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
    return inspection_item_add(**args)  # type: ignore[arg-type]  # args: a dict[str, object]


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
    inspection_item_update(state="in_progress", **kw)  # type: ignore[arg-type]  # kw: a dict[str, object]
    with pytest.raises(Conflict):
        inspection_item_update(state="planned", **kw)  # type: ignore[arg-type]  # kw: a dict[str, object]


def test_a_leader_reads_but_may_not_change_the_inspection_programme(
    party: User, leader: User
) -> None:
    with pytest.raises(AccessDenied):
        programme(leader)
