"""Writes: loading the criteria sets, assessments (scope, conflicts, bad input, regions),
recognitions (who, when, revocation)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, ValidationFailed
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    CriterionIndicator,
    IndicatorTarget,
    IndicatorValue,
    Recognition,
    Region,
)
from dieuhanh.ntm.selectors.assessments import assessment_view
from dieuhanh.ntm.selectors.criteria_sets import criteria_set_for_year
from dieuhanh.ntm.services.assessments import AssessmentInvalid
from dieuhanh.ntm.services.criteria_sets import commune_profile_set, criteria_sets_load
from dieuhanh.ntm.services.recognitions import recognition_add, recognition_revoke
from tests.conftest import BEFORE, MakeUser, unit_on
from tests.ntm.conftest import DUN, IA_BLANG, SET_1980, recognise, save

pytestmark = pytest.mark.django_db


def test_the_shipped_sets_have_19_criteria_for_1980_and_318(sets: dict[str, CriteriaSet]) -> None:
    counts = [sets[c].criteria.count() for c in (SET_1980, "qd-318-2022-xa")]
    assert counts == [19, 19]


def test_318_criteria_come_in_5_groups(sets: dict[str, CriteriaSet]) -> None:
    groups = set(sets["qd-318-2022-xa"].criteria.values_list("group", flat=True))
    assert len(groups) == 5


def test_a_set_without_its_tables_says_it_is_incomplete(sets: dict[str, CriteriaSet]) -> None:
    s51 = sets["qd-51-2025-xa"]
    assert (s51.complete, s51.criteria.count(), s51.expected_criteria) == (False, 0, 10)


def test_no_numeric_target_is_invented(sets: dict[str, CriteriaSet]) -> None:
    unknown = IndicatorTarget.objects.filter(indicator__code="15.3", threshold__isnull=True)
    assert unknown.exists()


def test_loading_again_creates_nothing(sets: dict[str, CriteriaSet]) -> None:
    assert criteria_sets_load() == 0


def test_loading_again_keeps_an_administrators_completion(sets: dict[str, CriteriaSet]) -> None:
    target = IndicatorTarget.objects.get(
        indicator__code="15.3", indicator__criterion__criteria_set__code=SET_1980
    )
    target.threshold = Decimal("30")
    target.save()
    criteria_sets_load()
    target.refresh_from_db()
    assert target.threshold == Decimal("30")


def test_2021_is_assessed_by_1980_because_318_came_in_2022(sets: dict[str, CriteriaSet]) -> None:
    found = criteria_set_for_year(year=2021)
    assert found is not None and found.code == SET_1980


def test_2023_is_assessed_by_318(sets: dict[str, CriteriaSet]) -> None:
    found = criteria_set_for_year(year=2023)
    assert found is not None and found.code == "qd-318-2022-xa"


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


def test_values_meet_the_target_at_the_boundary(sets: dict[str, CriteriaSet]) -> None:
    save(IA_BLANG, {"12.1": "90"}, version=0)
    view = assessment_view(scope=Scope.everything(), unit_code=IA_BLANG, on=BEFORE, year=2021)
    labour = next(line for line in view.lines if line.criterion.number == 12)
    assert labour.status == "met"


def test_values_just_below_the_target_miss_it(sets: dict[str, CriteriaSet]) -> None:
    save(IA_BLANG, {"12.1": "89,9"}, version=0)
    view = assessment_view(scope=Scope.everything(), unit_code=IA_BLANG, on=BEFORE, year=2021)
    labour = next(line for line in view.lines if line.criterion.number == 12)
    assert labour.status == "not_met"


@pytest.fixture
def regional_set(db: None) -> CriteriaSet:
    """A set whose only indicator has different targets by region (as Decision 318 has)."""
    s = CriteriaSet.objects.create(
        code="test-regional",
        name="Thử",
        decision="T/QĐ",
        period_from=2021,
        period_to=2025,
        level="standard",
        tier="commune",
    )
    c = Criterion.objects.create(criteria_set=s, number=1, name="Thu nhập", name_en="Income")
    i = CriterionIndicator.objects.create(criterion=c, code="10.1", name="Thu nhập", kind="number")
    IndicatorTarget.objects.create(indicator=i, region=Region.HIGHLANDS, threshold=Decimal(42))
    IndicatorTarget.objects.create(indicator=i, region=Region.RED_RIVER, threshold=Decimal(55))
    return s


def _regional_status(code: str, region: str) -> str:
    from dieuhanh.ntm.services.assessments import AssessmentChange, ValueInput, assessment_save

    commune_profile_set(unit=unit_on(code), region=region)
    assessment_save(
        actor=None,
        scope=Scope.everything(),
        unit_code=code,
        year=2021,
        change=AssessmentChange(values={"10.1": ValueInput("50")}),
        expected_version=0,
        on=BEFORE,
        set_code="test-regional",
    )
    view = assessment_view(
        scope=Scope.everything(), unit_code=code, on=BEFORE, year=2021, set_code="test-regional"
    )
    return view.lines[0].status


def test_the_same_value_meets_the_highlands_target(regional_set: CriteriaSet) -> None:
    assert _regional_status(IA_BLANG, Region.HIGHLANDS) == "met"


def test_the_same_value_misses_the_red_river_target(regional_set: CriteriaSet) -> None:
    assert _regional_status(IA_BLANG, Region.RED_RIVER) == "not_met"


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
