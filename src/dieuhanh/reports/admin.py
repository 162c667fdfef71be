from django.contrib import admin

from dieuhanh.reports.models import IssuerSettings, SectionNote, StructurePlan, StructurePlanShare


@admin.register(IssuerSettings)
class IssuerSettingsAdmin(admin.ModelAdmin):
    list_display = ["unit", "place", "party_signer", "admin_signer"]
    raw_id_fields = ["unit"]
    search_fields = ["unit__code", "unit__name"]


@admin.register(SectionNote)
class SectionNoteAdmin(admin.ModelAdmin):
    list_display = ["unit", "period", "section", "updated_by", "updated_at"]
    list_filter = ["section", "period"]
    raw_id_fields = ["unit"]
    readonly_fields = ["version", "updated_by"]


class StructurePlanShareInline(admin.TabularInline):
    model = StructurePlanShare
    raw_id_fields = ["part"]
    extra = 3


@admin.register(StructurePlan)
class StructurePlanAdmin(admin.ModelAdmin):
    """The target structure the review judges the shift against (plan data)."""

    list_display = ["unit", "total", "year", "source"]
    raw_id_fields = ["unit", "total"]
    search_fields = ["unit__code", "unit__name", "source"]
    inlines = [StructurePlanShareInline]
