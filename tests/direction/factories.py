"""Factories and builders for the direction tests: conferences, decisions and their points,
tasks, public-order events (factory_boy), and the demo's conclusion."""

from __future__ import annotations

import datetime

import factory

from dieuhanh.core.scope import Scope
from dieuhanh.direction.models import (
    Body,
    Conference,
    Decision,
    DecisionKind,
    DecisionPoint,
    EventState,
    OrderCategory,
    PublicOrderEvent,
    Severity,
    Task,
)
from tests.conftest import unit_on

D = datetime.date
EVERYTHING = Scope.everything()


class ConferenceFactory(factory.django.DjangoModelFactory[Conference]):
    class Meta:
        model = Conference

    unit = factory.LazyFunction(lambda: unit_on("633"))
    body = Body.EXECUTIVE_COMMITTEE
    number = 5
    term = 10
    extended = True
    held_on = datetime.date(2021, 7, 15)


class DecisionFactory(factory.django.DjangoModelFactory[Decision]):
    class Meta:
        model = Decision

    unit = factory.LazyFunction(lambda: unit_on("633"))
    conference = factory.SubFactory(ConferenceFactory)
    kind = DecisionKind.CONCLUSION
    title = "Kết luận hội nghị"
    issued_on = datetime.date(2021, 7, 15)


class PointFactory(factory.django.DjangoModelFactory[DecisionPoint]):
    class Meta:
        model = DecisionPoint

    decision = factory.SubFactory(DecisionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Tập trung phòng, chống dịch"


class TaskFactory(factory.django.DjangoModelFactory[Task]):
    class Meta:
        model = Task

    decision = factory.SubFactory(DecisionFactory)
    title = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    lead_unit = factory.LazyFunction(lambda: unit_on("23962"))
    lead_agency = "UBND xã Ia Blang"
    assigned_on = datetime.date(2021, 7, 20)
    deadline = datetime.date(2021, 9, 30)


class EventFactory(factory.django.DjangoModelFactory[PublicOrderEvent]):
    class Meta:
        model = PublicOrderEvent

    unit = factory.LazyFunction(lambda: unit_on("23962"))
    occurred_on = datetime.date(2021, 5, 20)
    category = OrderCategory.RURAL
    severity = Severity.LOW
    state = EventState.RESOLVED
    title = "Tranh chấp đất rẫy"


def conclusion() -> Decision:
    return Decision.objects.get(conference__number=5, conference__term=10)
