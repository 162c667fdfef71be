"""Endpoints of testing: overdue tests, the pool size advised, pools, samples and results."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.outbreak.api.common import shown_names
from dieuhanh.outbreak.selectors import testing as testing_sel
from dieuhanh.outbreak.services import testing as testing_svc

router = Router(tags=["outbreak care"])


class ScheduledOut(Schema):
    person_id: int
    name: str | None
    due_on: datetime.date
    reason: str
    day: int | None


@router.get("/outbreak/care/tests/overdue", response=list[ScheduledOut])
@module_required(Module.OUTBREAK)
def overdue_list(
    request: HttpRequest, unit: str, on: datetime.date | None = None
) -> list[dict[str, Any]]:
    scope = request_scope(request)
    day = on or today()
    u = unit_resolve(code=unit, on=day, scope=scope)
    rows = list(testing_sel.overdue_tests(scope=scope, unit=u, on=day)[:2000])
    names = shown_names(request, scope, [t.person_id for t in rows])
    return [
        {
            "person_id": t.person_id,
            "name": names.get(t.person_id),
            "due_on": t.due_on,
            "reason": t.reason,
            "day": t.day_number,
        }
        for t in rows
    ]


class PoolAdviceOut(Schema):
    tested: int
    positive: int
    observed_positivity: float | None
    positivity_used: float
    pool_size: int
    tests_per_person: float
    individual: bool


@router.get("/outbreak/care/pools/advice", response=PoolAdviceOut)
@module_required(Module.OUTBREAK)
def pool_advice(request: HttpRequest, unit: str, on: datetime.date | None = None) -> dict[str, Any]:
    scope = request_scope(request)
    day = on or today()
    plan = testing_sel.pool_advice(
        scope=scope, unit=unit_resolve(code=unit, on=day, scope=scope), on=day
    )
    return {
        "tested": plan.tested,
        "positive": plan.positive,
        "observed_positivity": plan.observed,
        "positivity_used": plan.advice.positivity,
        "pool_size": plan.advice.pool_size,
        "tests_per_person": plan.advice.tests_per_person,
        "individual": plan.advice.individual,
    }


class PoolIn(Schema):
    unit: str
    code: str
    collected_on: datetime.date
    person_ids: list[int]


class PoolOut(Schema):
    code: str
    collected_on: datetime.date
    result: str
    result_on: datetime.date | None
    size: int
    version: int


@router.post("/outbreak/care/pools", response={201: PoolOut})
@module_required(Module.OUTBREAK)
def pool_create(request: HttpRequest, payload: PoolIn) -> Status[dict[str, object]]:
    p = testing_svc.pool_create(
        actor=request_user(request),
        scope=request_scope(request),
        unit_code=payload.unit,
        code=payload.code,
        collected_on=payload.collected_on,
        person_ids=payload.person_ids,
    )
    return Status(
        201,
        {
            "code": p.code,
            "collected_on": p.collected_on,
            "result": p.result,
            "result_on": p.result_on,
            "size": len(payload.person_ids),
            "version": p.version,
        },
    )


class ResultIn(Schema):
    result: str
    result_on: datetime.date
    version: int | None = None


@router.post("/outbreak/care/pools/{code}/result", response=PoolOut)
@module_required(Module.OUTBREAK)
def pool_result(request: HttpRequest, code: str, payload: ResultIn) -> dict[str, Any]:
    p = testing_svc.pool_result_record(
        actor=request_user(request),
        scope=request_scope(request),
        code=code,
        result=payload.result,
        result_on=payload.result_on,
        version=payload.version,
    )
    return {
        "code": p.code,
        "collected_on": p.collected_on,
        "result": p.result,
        "result_on": p.result_on,
        "size": p.samples.count(),
        "version": p.version,
    }


class SampleIn(Schema):
    person_id: int
    kind: str
    collected_on: datetime.date
    result: str = "pending"
    result_on: datetime.date | None = None


class SampleOut(Schema):
    id: int
    person_id: int
    kind: str
    collected_on: datetime.date
    result: str
    result_on: datetime.date | None
    version: int


@router.post("/outbreak/care/samples", response={201: SampleOut})
@module_required(Module.OUTBREAK)
def sample_add(request: HttpRequest, payload: SampleIn) -> Status[dict[str, object]]:
    s = testing_svc.sample_record(
        actor=request_user(request),
        scope=request_scope(request),
        person_id=payload.person_id,
        kind=payload.kind,
        collected_on=payload.collected_on,
        result=payload.result,
        result_on=payload.result_on,
    )
    return Status(
        201,
        {
            "id": s.pk,
            "person_id": s.person_id,
            "kind": s.kind,
            "collected_on": s.collected_on,
            "result": s.result,
            "result_on": s.result_on,
            "version": s.version,
        },
    )
