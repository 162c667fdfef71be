"""The catalogue is defined by administrators in the admin: indicators, disaggregations,
data sets, targets and validation rules (rule sides are parsed before they are saved)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from dieuhanh.core.errors import DomainError
from dieuhanh.indicators.models import (
    DataSet,
    DataSetIndicator,
    DataSetReport,
    DataValue,
    DataValueChange,
    Disaggregation,
    DisaggregationOption,
    Indicator,
    Target,
    ValidationRule,
    ValueImport,
)
from dieuhanh.indicators.services.rules import rule_check_expression


class OptionInline(admin.TabularInline):
    model = DisaggregationOption
    extra = 0


@admin.register(Disaggregation)
class DisaggregationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "name_en", "growth_option", "share_option")
    inlines = (OptionInline,)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_vi",
        "unit_of_measure",
        "kind",
        "direction",
        "unit_aggregation",
        "time_aggregation",
        "disaggregation",
        "parent",
        "is_active",
    )
    list_filter = (
        "is_active",
        "kind",
        "direction",
        "disaggregation",
        "unit_aggregation",
        "time_aggregation",
    )
    search_fields = ("code", "name_vi", "name_en")


class MemberInline(admin.TabularInline):
    model = DataSetIndicator
    extra = 0


@admin.register(DataSet)
class DataSetAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "period_type", "unit_level", "deadline_days")
    inlines = (MemberInline,)


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "option", "unit", "period", "value")
    list_filter = ("period", "indicator")
    raw_id_fields = ("unit",)


class RuleForm(forms.ModelForm):
    class Meta:
        model = ValidationRule
        fields = (
            "code",
            "name_vi",
            "name_en",
            "left",
            "operator",
            "right",
            "tolerance",
            "severity",
            "is_active",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for side in ("left", "right"):
            try:
                rule_check_expression(data.get(side) or "")
            except DomainError as exc:
                self.add_error(side, exc.render())
        return data


@admin.register(ValidationRule)
class ValidationRuleAdmin(admin.ModelAdmin):
    form = RuleForm
    list_display = (
        "code",
        "name_vi",
        "left",
        "operator",
        "right",
        "tolerance",
        "severity",
        "is_active",
    )


@admin.register(DataValue)
class DataValueAdmin(admin.ModelAdmin):
    list_display = (
        "indicator",
        "option",
        "unit",
        "period",
        "value",
        "status",
        "version",
        "updated_at",
    )
    list_filter = ("status", "indicator")
    raw_id_fields = ("unit",)
    readonly_fields = ("version", "updated_by")

    # Values change only through the services (form, API, import), which keep the history
    # and the running totals; the admin shows them.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DataValueChange)
class DataValueChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "indicator", "unit", "period", "old_value", "new_value")
    list_filter = ("action",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ValueImport)
class ValueImportAdmin(admin.ModelAdmin):
    """Each import of a values file; the values it created show it as their creation."""

    list_display = ("at", "user", "file_name", "rows", "created", "updated", "unchanged")
    search_fields = ("file_name", "sha256")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DataSetReport)
class DataSetReportAdmin(admin.ModelAdmin):
    list_display = ("data_set", "unit", "period", "state", "submitted_by", "approved_by")
    list_filter = ("state", "data_set")
    raw_id_fields = ("unit",)
