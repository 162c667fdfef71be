"""Direction records in the admin, read-only: writes go through the services (validation,
versions, audit) by the pages, the API and the commands."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from dieuhanh.direction.models import (
    Campaign,
    Conference,
    ConferenceDocument,
    Decision,
    InspectionItem,
    InspectionProgramme,
    OpinionNote,
    PublicOrderEvent,
    Task,
    TaskAlert,
    TaskProgress,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Conference)
class ConferenceAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "body", "number", "term", "unit")
    list_filter = ("body",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("issued_on", "kind", "number", "title", "unit")
    list_filter = ("kind",)


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "lead_agency", "lead_unit", "deadline", "percent", "completed_on")
    search_fields = ("title", "lead_agency")


@admin.register(TaskProgress)
class TaskProgressAdmin(ReadOnlyAdmin):
    list_display = ("task", "reported_on", "percent", "reported_by")


@admin.register(TaskAlert)
class TaskAlertAdmin(ReadOnlyAdmin):
    list_display = ("day", "kind", "task", "recipients")


@admin.register(InspectionProgramme)
class InspectionProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("year", "title", "unit")


@admin.register(InspectionItem)
class InspectionItemAdmin(ReadOnlyAdmin):
    list_display = ("subject", "activity", "kind", "period_start", "state")
    list_filter = ("activity", "kind", "state")


@admin.register(PublicOrderEvent)
class PublicOrderEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_on", "category", "severity", "state", "title", "unit")
    list_filter = ("category", "severity", "state")


@admin.register(OpinionNote)
class OpinionNoteAdmin(ReadOnlyAdmin):
    list_display = ("noted_on", "topic", "tone", "unit")


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("start", "end", "topic", "reach", "unit")


@admin.register(ConferenceDocument)
class ConferenceDocumentAdmin(ReadOnlyAdmin):
    list_display = ("conference", "title", "uploaded_at")
