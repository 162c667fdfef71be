"""The shipped criteria sets, Chư Sê communes in the Central Highlands, and small helpers."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import CriteriaSet, Level, Region
from dieuhanh.ntm.services.assessments import (
    AssessmentChange,
    ResultInput,
    ValueInput,
    assessment_save,
)
from dieuhanh.ntm.services.criteria_sets import commune_profile_set, criteria_sets_load
from dieuhanh.ntm.services.recognitions import recognition_add
from tests.conftest import BEFORE, MakeUser, unit_on

IA_BLANG = "23962"
DUN = "23965"
IA_KO = "23977"
CHU_SE = "633"
SET_1980 = "qd-1980-2016-xa"


@pytest.fixture
def sets(db: None) -> dict[str, CriteriaSet]:
    criteria_sets_load()
    for code in (IA_BLANG, DUN, IA_KO):
        commune_profile_set(unit=unit_on(code), region=Region.HIGHLANDS)
    return {s.code: s for s in CriteriaSet.objects.all()}


@pytest.fixture
def admin_user(make_user: MakeUser) -> User:
    return make_user(role=Role.ADMIN)


@pytest.fixture
def officer(make_user: MakeUser) -> User:
    """The data officer of Ia Blang."""
    return make_user(role=Role.DATA_OFFICER, capture=(IA_BLANG,))


@pytest.fixture
def leader(make_user: MakeUser) -> User:
    """A leader of Chư Sê district."""
    return make_user(role=Role.LEADER, capture=(CHU_SE,))


def save(
    code: str,
    values: dict[str, str] | None = None,
    results: dict[int, bool | None] | None = None,
    *,
    year: int = 2021,
    version: int | None = None,
    actor: User | None = None,
    scope: Scope | None = None,
    plan_year: int | None = None,
) -> int:
    """Save an assessment as the system (or `actor` with `scope`); returns its version."""
    change = AssessmentChange(
        values={k: ValueInput(v) for k, v in (values or {}).items()},
        results={k: ResultInput(v) for k, v in (results or {}).items()},
        plan_year=plan_year,
        plan_year_given=plan_year is not None,
    )
    a = assessment_save(
        actor=actor,
        scope=scope or Scope.everything(),
        unit_code=code,
        year=year,
        change=change,
        expected_version=version,
        on=BEFORE,
        set_code=SET_1980,
    )
    return a.version


ALL_MET = {n: True for n in range(1, 20)}


def recognise(
    code: str,
    day: datetime.date,
    *,
    level: str = Level.STANDARD,
    number: str = "1/QĐ-UBND",
) -> int:
    rec = recognition_add(
        actor=None,
        scope=Scope.everything(),
        unit_code=code,
        on=BEFORE,
        level=level,
        decision_number=number,
        decision_date=day,
        year=day.year,
    )
    return rec.pk
