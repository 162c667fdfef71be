"""Saving assessments (ntm/services/assessments.py): scope, conflicts, bad input named in both
languages, audit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict
from dieuhanh.core.models import AuditEvent
from dieuhanh.ntm.models import Assessment, CriteriaSet, IndicatorValue
from dieuhanh.ntm.services.assessments import AssessmentInvalid
from tests.conftest import MakeUser
from tests.ntm.factories import DUN, IA_BLANG, save

pytestmark = pytest.mark.django_db


def test_officer_saves_own_commune(sets: dict[str, CriteriaSet], officer: User) -> None:
    save(IA_BLANG, {"12.1": "92,5"}, actor=officer, scope=user_scope(user=officer), version=0)
    assert IndicatorValue.objects.get(indicator__code="12.1").number == Decimal("92.5")


def test_officer_cannot_save_a_sibling_commune(sets: dict[str, CriteriaSet], officer: User) -> None:
    with pytest.raises(AccessDenied):
        save(DUN, {"12.1": "92,5"}, actor=officer, scope=user_scope(user=officer), version=0)
    assert not Assessment.objects.exists()


def test_viewer_cannot_save(sets: dict[str, CriteriaSet], make_user: MakeUser) -> None:
    viewer = make_user(role=Role.VIEWER, view=("633",))
    with pytest.raises(AccessDenied):
        save(IA_BLANG, {"12.1": "92,5"}, actor=viewer, scope=user_scope(user=viewer), version=0)
    assert not Assessment.objects.exists()


def test_a_stale_version_is_a_conflict_and_changes_nothing(sets: dict[str, CriteriaSet]) -> None:
    save(IA_BLANG, {"12.1": "92,5"}, version=0)
    save(IA_BLANG, {"12.1": "93"}, version=1)
    with pytest.raises(Conflict):
        save(IA_BLANG, {"12.1": "50"}, version=1)
    assert IndicatorValue.objects.get(indicator__code="12.1").number == Decimal("93")


def test_bad_values_are_all_named_and_nothing_is_written(sets: dict[str, CriteriaSet]) -> None:
    with pytest.raises(AssessmentInvalid) as caught:
        save(IA_BLANG, {"12.1": "1.23", "15.1": "120", "1.1": "maybe", "99.9": "1"}, version=0)
    fields = [p.field for p in caught.value.problems]
    assert (sorted(fields), Assessment.objects.exists()) == (
        ["1.1", "12.1", "15.1", "99.9"],
        False,
    )


def test_the_error_is_bilingual(sets: dict[str, CriteriaSet]) -> None:
    with pytest.raises(AssessmentInvalid) as caught:
        save(IA_BLANG, {"15.1": "120"}, version=0)
    assert "0 đến 100" in caught.value.problems[0].message_vi


def test_saving_is_audited(sets: dict[str, CriteriaSet]) -> None:
    save(IA_BLANG, {"12.1": "92,5"}, version=0)
    assert AuditEvent.objects.filter(action="ntm.assessment_save").count() == 1
