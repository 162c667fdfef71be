"""Conferences, their documents, resolutions and directives."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.direction.models import Conference, ConferenceDocument, Decision


def conferences_visible(*, scope: Scope) -> QuerySet[Conference]:
    return Conference.objects.filter(scope.view_q("unit__path")).select_related("unit")


def conference_get(*, scope: Scope, conference_id: int) -> Conference:
    conference = conferences_visible(scope=scope).filter(pk=conference_id).first()
    if conference is None:
        raise NotFound(_("No conference %(id)s among the units you may see."), id=conference_id)
    return conference


def conference_document_get(*, scope: Scope, document_id: int) -> ConferenceDocument:
    document = (
        ConferenceDocument.objects.filter(scope.view_q("conference__unit__path"), pk=document_id)
        .select_related("conference")
        .first()
    )
    if document is None:
        raise NotFound(_("No document %(id)s among the units you may see."), id=document_id)
    return document


def decisions_visible(*, scope: Scope) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(scope.view_q("unit__path"))
        .select_related("unit", "conference")
        .prefetch_related("points")
    )


def decision_get(*, scope: Scope, decision_id: int) -> Decision:
    decision = decisions_visible(scope=scope).filter(pk=decision_id).first()
    if decision is None:
        raise NotFound(_("No resolution %(id)s among the units you may see."), id=decision_id)
    return decision
