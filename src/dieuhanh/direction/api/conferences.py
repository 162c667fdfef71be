"""Endpoints of conferences and resolutions."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.scope import request_scope
from dieuhanh.direction.selectors import conferences as conferences_sel
from dieuhanh.direction.services import conferences as conferences_svc

router = Router(tags=["direction"])


class ConferenceIn(Schema):
    unit: str
    body: str
    held_on: datetime.date
    number: int | None = None
    term: int | None = None
    extended: bool = False
    title: str = ""
    agenda: str = ""
    participants: str = ""
    documents: list[str] = []


class PointOut(Schema):
    number: int
    text: str


class DecisionOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    issued_on: str
    unit: str
    conference: int | None
    points: list[PointOut]


class ConferenceOut(Schema):
    id: int
    unit: str
    body: str
    heading: str
    number: int | None
    term: int | None
    extended: bool
    held_on: str
    title: str
    agenda: str
    participants: str
    documents: list[str]
    decisions: list[DecisionOut]


def _decision_dict(d: Any) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": d.kind,
        "number": d.number,
        "title": d.title,
        "issued_on": d.issued_on.isoformat(),
        "unit": d.unit.code,
        "conference": d.conference_id,
        "points": [{"number": p.number, "text": p.text} for p in d.points.all()],
    }


def _conference_dict(c: Any, decisions: list[Any]) -> dict[str, Any]:
    return {
        "id": c.pk,
        "unit": c.unit.code,
        "body": c.body,
        "heading": c.heading,
        "number": c.number,
        "term": c.term,
        "extended": c.extended,
        "held_on": c.held_on.isoformat(),
        "title": c.title,
        "agenda": c.agenda,
        "participants": c.participants,
        "documents": c.documents_list,
        "decisions": [_decision_dict(d) for d in decisions],
    }


@router.get("/direction/conferences", response=list[ConferenceOut], summary="Conferences")
@module_required(Module.DIRECTION)
def conferences(request: HttpRequest) -> list[dict[str, Any]]:
    scope = request_scope(request)
    decisions = list(
        conferences_sel.decisions_visible(scope=scope).filter(conference__isnull=False)
    )
    by_conference: dict[int, list[Any]] = {}
    for d in decisions:
        if d.conference_id is not None:
            by_conference.setdefault(d.conference_id, []).append(d)
    return [
        _conference_dict(c, by_conference.get(c.pk, []))
        for c in conferences_sel.conferences_visible(scope=scope)
    ]


@router.post("/direction/conferences", response={201: ConferenceOut}, summary="Record one")
@module_required(Module.DIRECTION)
def conference_create(request: HttpRequest, payload: ConferenceIn) -> Status[Any]:
    c = conferences_svc.conference_create(
        actor=request_user(request),
        scope=request_scope(request),
        unit_code=payload.unit,
        body=payload.body,
        held_on=payload.held_on,
        number=payload.number,
        term=payload.term,
        extended=payload.extended,
        title=payload.title,
        agenda=payload.agenda,
        participants=payload.participants,
        documents="\n".join(payload.documents),
    )
    return Status(201, _conference_dict(c, []))


class DecisionIn(Schema):
    kind: str
    title: str
    issued_on: datetime.date
    points: list[str]
    number: str = ""
    conference: int | None = None
    unit: str = ""


@router.post("/direction/decisions", response={201: DecisionOut}, summary="Resolution/directive")
@module_required(Module.DIRECTION)
def decision_create(request: HttpRequest, payload: DecisionIn) -> Status[Any]:
    d = conferences_svc.decision_create(
        actor=request_user(request),
        scope=request_scope(request),
        kind=payload.kind,
        title=payload.title,
        issued_on=payload.issued_on,
        points=payload.points,
        number=payload.number,
        conference_id=payload.conference,
        unit_code=payload.unit,
    )
    return Status(201, _decision_dict(d))
