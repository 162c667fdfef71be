"""Recognitions (ntm/services/recognitions.py): who records them, when, revocation, the
advanced level after the standard."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import CriteriaSet, Recognition
from dieuhanh.ntm.services.recognitions import recognition_add, recognition_revoke
from tests.conftest import BEFORE
from tests.ntm.factories import DUN, IA_BLANG, recognise

pytestmark = pytest.mark.django_db


def test_leader_records_a_recognition(sets: dict[str, CriteriaSet], leader: User) -> None:
    recognition_add(
        actor=leader,
        scope=user_scope(user=leader),
        unit_code=DUN,
        on=BEFORE,
        level="standard",
        decision_number="140/QĐ-UBND",
        decision_date=datetime.date(2018, 3, 5),
        year=2017,
    )
    assert Recognition.objects.count() == 1


def test_a_data_officer_cannot_record_a_recognition(
    sets: dict[str, CriteriaSet], officer: User
) -> None:
    with pytest.raises(AccessDenied):
        recognition_add(
            actor=officer,
            scope=user_scope(user=officer),
            unit_code=IA_BLANG,
            on=BEFORE,
            level="standard",
            decision_number="1/QĐ-UBND",
            decision_date=datetime.date(2021, 3, 5),
            year=2021,
        )
    assert not Recognition.objects.exists()


def test_the_same_decision_twice_is_a_conflict(sets: dict[str, CriteriaSet]) -> None:
    recognise(DUN, datetime.date(2018, 3, 5))
    with pytest.raises(Conflict):
        recognise(DUN, datetime.date(2018, 3, 5))


def test_a_revocation_before_the_decision_is_refused(sets: dict[str, CriteriaSet]) -> None:
    pk = recognise(DUN, datetime.date(2018, 3, 5))
    with pytest.raises(ValidationFailed):
        recognition_revoke(
            actor=None,
            scope=Scope.everything(),
            recognition_id=pk,
            revoked_on=datetime.date(2018, 1, 1),
            decision="9/QĐ-UBND",
            reason="",
            expected_version=1,
        )


def test_a_revocation_with_a_stale_version_is_a_conflict(sets: dict[str, CriteriaSet]) -> None:
    pk = recognise(DUN, datetime.date(2018, 3, 5))
    with pytest.raises(Conflict):
        recognition_revoke(
            actor=None,
            scope=Scope.everything(),
            recognition_id=pk,
            revoked_on=datetime.date(2021, 1, 1),
            decision="9/QĐ-UBND",
            reason="",
            expected_version=0,
        )


def test_a_recognition_for_a_unit_that_did_not_exist_is_refused(
    sets: dict[str, CriteriaSet],
) -> None:
    from dieuhanh.ntm.services.recognitions import recognition_add as add

    with pytest.raises(ValidationFailed):
        add(
            actor=None,
            scope=Scope.everything(),
            unit_code="23941",
            on=datetime.date(2025, 7, 1),
            level="standard",
            decision_number="5/QĐ-UBND",
            decision_date=datetime.date(2024, 1, 5),
            year=2024,
        )


def test_an_advanced_recognition_needs_the_standard_first(sets: dict[str, CriteriaSet]) -> None:
    with pytest.raises(ValidationFailed):
        recognise(DUN, datetime.date(2020, 12, 15), level="advanced", number="612/QĐ-UBND")
    assert not Recognition.objects.exists()


def test_an_advanced_recognition_after_the_standard_is_recorded(
    sets: dict[str, CriteriaSet],
) -> None:
    recognise(DUN, datetime.date(2018, 3, 5))
    recognise(DUN, datetime.date(2020, 12, 15), level="advanced", number="612/QĐ-UBND")
    assert Recognition.objects.count() == 2
