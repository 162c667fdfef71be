"""Administrators complete the criteria sets here (targets per region or group) and set each
commune's region; assessments and recognitions are shown for reference."""

from django.contrib import admin

from dieuhanh.ntm.models import (
    Assessment,
    CommuneProfile,
    CriteriaSet,
    Criterion,
    CriterionIndicator,
    IndicatorTarget,
    Recognition,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("number", "name", "name_en", "group", "legal_basis")


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("code", "decision", "period_from", "period_to", "level", "tier", "complete")
    list_filter = ("level", "tier", "complete")
    inlines = (CriterionInline,)


class IndicatorInline(admin.TabularInline):
    model = CriterionIndicator
    extra = 0
    fields = ("code", "name", "name_en", "kind", "comparison", "unit_label", "position")
    show_change_link = True


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "criteria_set", "group")
    list_filter = ("criteria_set",)
    inlines = (IndicatorInline,)


class TargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 1
    fields = ("region", "threshold", "expected_yes")


@admin.register(CriterionIndicator)
class CriterionIndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "criterion", "kind", "comparison")
    list_filter = ("criterion__criteria_set", "kind")
    search_fields = ("code", "name")
    inlines = (TargetInline,)


@admin.register(CommuneProfile)
class CommuneProfileAdmin(admin.ModelAdmin):
    list_display = ("unit", "region", "group")
    list_filter = ("region", "group")
    search_fields = ("unit__name", "unit__code")
    raw_id_fields = ("unit",)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("unit", "year", "criteria_set", "plan_year", "version", "updated_at")
    list_filter = ("year", "criteria_set")
    search_fields = ("unit__name", "unit__code")
    raw_id_fields = ("unit",)
    readonly_fields = ("version", "updated_by")


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ("unit", "level", "decision_number", "decision_date", "revoked_on")
    list_filter = ("level",)
    search_fields = ("unit__name", "unit__code", "decision_number")
    raw_id_fields = ("unit",)
    readonly_fields = ("version",)
