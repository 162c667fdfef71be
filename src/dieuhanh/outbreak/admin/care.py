"""Admin of epidemic care: the configuration data (quarantine rules, facilities, risk criteria,
unit populations) is edited here; decisions and results are read-only (they change only
through the services, which keep the audit log)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from dieuhanh.outbreak.models import (
    Arrival,
    Facility,
    Pool,
    Quarantine,
    QuarantineRule,
    ReadinessItem,
    RiskCriteria,
    Sample,
    UnitHealthProfile,
    Zone,
)
from dieuhanh.outbreak.pure.quarantine_rules import validate_rule
from dieuhanh.outbreak.pure.risk import RiskCriteria as RiskCriteriaSpec
from dieuhanh.outbreak.selectors.quarantine import rule_spec


class QuarantineRuleForm(forms.ModelForm):
    class Meta:
        model = QuarantineRule
        fields = (
            "code",
            "disease",
            "subject",
            "valid_from",
            "valid_to",
            "vaccinated",
            "min_origin_risk",
            "facility_days",
            "home_days",
            "monitoring_days",
            "test_days",
            "basis",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule = QuarantineRule(**{k: v for k, v in data.items() if k != "id"})
        if rule.valid_from is None:
            return data
        try:
            problems = validate_rule(rule_spec(rule))
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(str(exc)) from None
        if problems:
            raise forms.ValidationError("; ".join(problems))
        return data


@admin.register(QuarantineRule)
class QuarantineRuleAdmin(admin.ModelAdmin):
    form = QuarantineRuleForm
    list_display = (
        "code",
        "subject",
        "valid_from",
        "valid_to",
        "vaccinated",
        "min_origin_risk",
        "facility_days",
        "home_days",
        "monitoring_days",
    )
    list_filter = ("subject", "disease")


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "capacity", "active")
    raw_id_fields = ("unit",)

    def save_model(self, request: HttpRequest, obj: Facility, form: Any, change: bool) -> None:
        obj.unit_path = obj.unit.path
        super().save_model(request, obj, form, change)


class RiskCriteriaForm(forms.ModelForm):
    class Meta:
        model = RiskCriteria
        fields = (
            "disease",
            "valid_from",
            "level2_from",
            "level3_from",
            "level4_from",
            "relief_coverage",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            spec = RiskCriteriaSpec(
                thresholds=(data["level2_from"], data["level3_from"], data["level4_from"]),
                relief_coverage=data.get("relief_coverage"),
            )
        except KeyError:
            return data
        if spec.problems():
            raise forms.ValidationError("; ".join(spec.problems()))
        return data


@admin.register(RiskCriteria)
class RiskCriteriaAdmin(admin.ModelAdmin):
    form = RiskCriteriaForm
    list_display = ("valid_from", "level2_from", "level3_from", "level4_from", "relief_coverage")


@admin.register(UnitHealthProfile)
class UnitHealthProfileAdmin(admin.ModelAdmin):
    list_display = ("unit", "valid_from", "population", "fully_vaccinated")
    raw_id_fields = ("unit",)

    def save_model(
        self, request: HttpRequest, obj: UnitHealthProfile, form: Any, change: bool
    ) -> None:
        obj.unit_path = obj.unit.path
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Decisions and results: written by the services only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Quarantine)
class QuarantineAdmin(ReadOnlyAdmin):
    list_display = ("id", "subject", "place", "start", "planned_end", "released_on", "rule")
    list_filter = ("subject", "place")


@admin.register(Pool)
class PoolAdmin(ReadOnlyAdmin):
    list_display = ("code", "collected_on", "result", "result_on")


@admin.register(Sample)
class SampleAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "collected_on", "pool", "result")


@admin.register(Arrival)
class ArrivalAdmin(ReadOnlyAdmin):
    list_display = ("id", "origin", "origin_risk", "arrived_on", "vaccinated", "outcome", "rule")


@admin.register(Zone)
class ZoneAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "shape", "start", "end", "households", "people")


@admin.register(ReadinessItem)
class ReadinessItemAdmin(ReadOnlyAdmin):
    list_display = ("unit", "pillar", "item", "required", "available", "as_of")
