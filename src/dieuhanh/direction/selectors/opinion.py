"""Public opinion notes, propaganda campaigns, and the review of a period."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from dieuhanh.core.scope import Scope
from dieuhanh.direction.models import Campaign, OpinionNote, OpinionTone
from dieuhanh.direction.selectors.common import territory_q
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import unit_resolve


@dataclass(frozen=True)
class OpinionRow:
    id: int
    noted_on: datetime.date
    unit_code: str
    unit_name: str
    topic: str
    summary: str
    source: str
    tone: str
    tone_label: str


@dataclass(frozen=True)
class CampaignRow:
    id: int
    unit_code: str
    unit_name: str
    topic: str
    channels: tuple[str, ...]
    channel_labels: tuple[str, ...]
    start: datetime.date
    end: datetime.date
    reach: int
    note: str


@dataclass(frozen=True)
class OpinionReview:
    unit_code: str
    unit_name: str
    start: datetime.date
    end: datetime.date
    notes: tuple[OpinionRow, ...]
    campaigns: tuple[CampaignRow, ...]
    by_tone: dict[str, int] = field(default_factory=dict)
    total_reach: int = 0


def opinion_rows(
    *, scope: Scope, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[OpinionRow]:
    qs = (
        OpinionNote.objects.filter(scope.view_q("unit__path"))
        .filter(territory_q("unit__path", unit))
        .filter(noted_on__gte=start, noted_on__lte=end)
        .select_related("unit")
        .order_by("-noted_on", "-id")
    )
    return [
        OpinionRow(
            id=n.pk,
            noted_on=n.noted_on,
            unit_code=n.unit.code,
            unit_name=n.unit.name,
            topic=n.topic,
            summary=n.summary,
            source=n.source,
            tone=n.tone,
            tone_label=str(OpinionTone(n.tone).label),
        )
        for n in qs
    ]


def campaign_rows(
    *, scope: Scope, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> list[CampaignRow]:
    qs = (
        Campaign.objects.filter(scope.view_q("unit__path"))
        .filter(territory_q("unit__path", unit))
        .filter(Q(start__lte=end) & Q(end__gte=start))
        .select_related("unit")
        .order_by("-start", "-id")
    )
    return [
        CampaignRow(
            id=c.pk,
            unit_code=c.unit.code,
            unit_name=c.unit.name,
            topic=c.topic,
            channels=tuple(c.channel_list),
            channel_labels=tuple(c.channel_labels),
            start=c.start,
            end=c.end,
            reach=c.reach,
            note=c.note,
        )
        for c in qs
    ]


def opinion_review(
    *, scope: Scope, unit_code: str, start: datetime.date, end: datetime.date
) -> OpinionReview | None:
    """Public-opinion notes taken in [start, end] and campaigns running in it."""
    unit = unit_resolve(code=unit_code, on=end, scope=scope)
    notes = opinion_rows(scope=scope, unit=unit, start=start, end=end)
    campaigns = campaign_rows(scope=scope, unit=unit, start=start, end=end)
    if not notes and not campaigns:
        return None
    tones = Counter(n.tone for n in notes)
    return OpinionReview(
        unit_code=unit.code,
        unit_name=unit.name,
        start=start,
        end=end,
        notes=tuple(notes),
        campaigns=tuple(campaigns),
        by_tone={t.value: tones[t.value] for t in OpinionTone},
        total_reach=sum(c.reach for c in campaigns),
    )


def newest_note_day(*, scope: Scope, unit: OrgUnit) -> datetime.date | None:
    """The day of the newest opinion note in `unit`'s territory (`core.opening`)."""
    return (
        OpinionNote.objects.filter(scope.view_q("unit__path"))
        .filter(territory_q("unit__path", unit))
        .order_by("-noted_on")
        .values_list("noted_on", flat=True)
        .first()
    )
