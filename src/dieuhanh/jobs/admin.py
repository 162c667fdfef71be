"""Jobs in the admin: read-only (they are changed by the worker and their owners)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from dieuhanh.jobs.models import Job, ScheduledRun


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "owner", "state", "progress", "attempts", "created_at")
    list_filter = ("state", "kind")
    search_fields = ("title", "kind", "owner__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ("name", "slot", "job", "created_at")
    list_filter = ("name",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
