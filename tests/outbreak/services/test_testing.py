"""Pools (outbreak/services/testing.py): results reach every member, a pool of one and a second
result refused."""

from __future__ import annotations

from typing import TypedDict

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.core.errors import Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import Sample, SampleResult, ScheduledTest, ScheduledTestReason
from dieuhanh.outbreak.services.testing import pool_create, pool_result_record
from tests.outbreak.factories import TOWNSHIP, D, make_person, scope_of


def test_a_positive_pool_makes_each_member_due_for_a_retest(health: User) -> None:
    people = [make_person(name=f"Người {i}") for i in range(5)]
    pool_create(
        actor=health,
        scope=scope_of(health),
        unit_code=TOWNSHIP,
        code="CS-0714-01",
        collected_on=D(2021, 7, 14),
        person_ids=[p.pk for p in people],
    )
    pool_result_record(
        actor=health,
        scope=scope_of(health),
        code="CS-0714-01",
        result="positive",
        result_on=D(2021, 7, 15),
    )
    retests = ScheduledTest.objects.filter(reason=ScheduledTestReason.POOL_RETEST)
    assert sorted(retests.values_list("person_id", flat=True)) == sorted(p.pk for p in people)


def test_a_negative_pool_clears_every_member(health: User) -> None:
    people = [make_person(name=f"Người {i}") for i in range(3)]
    pool_create(
        actor=health,
        scope=scope_of(health),
        unit_code=TOWNSHIP,
        code="CS-0714-02",
        collected_on=D(2021, 7, 14),
        person_ids=[p.pk for p in people],
    )
    pool_result_record(
        actor=health,
        scope=scope_of(health),
        code="CS-0714-02",
        result="negative",
        result_on=D(2021, 7, 15),
    )
    results = set(Sample.objects.values_list("result", flat=True))
    assert (results, ScheduledTest.objects.count()) == ({SampleResult.NEGATIVE}, 0)


def test_a_pool_of_one_is_refused(health: User) -> None:
    with pytest.raises(ValidationFailed):
        pool_create(
            actor=health,
            scope=scope_of(health),
            unit_code=TOWNSHIP,
            code="X",
            collected_on=D(2021, 7, 14),
            person_ids=[make_person().pk],
        )


class _Pool(TypedDict):
    """The arguments pool_create and pool_result_record share."""

    actor: User
    scope: Scope
    code: str


def test_a_pool_result_twice_is_a_conflict(health: User) -> None:
    people = [make_person(name=f"Người {i}") for i in range(2)]
    kw: _Pool = {"actor": health, "scope": scope_of(health), "code": "P2"}
    pool_create(
        unit_code=TOWNSHIP, collected_on=D(2021, 7, 14), person_ids=[p.pk for p in people], **kw
    )
    pool_result_record(result="negative", result_on=D(2021, 7, 15), **kw)
    with pytest.raises(Conflict):
        pool_result_record(result="positive", result_on=D(2021, 7, 15), **kw)
