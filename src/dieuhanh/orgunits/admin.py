from django.contrib import admin
from django.http import HttpRequest

from dieuhanh.orgunits.models import OrgUnit, OrgUnitDataset, Succession


class ReadOnlyAdmin(admin.ModelAdmin):
    """Units and successions come from the packaged dataset (`dieuhanh orgunits load`):
    editing a parent here would leave the materialised paths, and so every scope, wrong."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SuccessionOutInline(admin.TabularInline):
    model = Succession
    fk_name = "predecessor"
    extra = 0
    can_delete = False
    raw_id_fields = ("successor",)
    verbose_name_plural = "successors"


class SuccessionInInline(admin.TabularInline):
    model = Succession
    fk_name = "successor"
    extra = 0
    can_delete = False
    raw_id_fields = ("predecessor",)
    verbose_name_plural = "predecessors"


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "level", "valid_from", "valid_to", "parent")
    list_filter = ("level", "kind", "valid_from")
    search_fields = ("code", "name", "search_key")
    raw_id_fields = ("parent",)
    readonly_fields = ("path", "search_key", "name_key", "sort_key")
    inlines = (SuccessionInInline, SuccessionOutInline)
    ordering = ("path",)


@admin.register(Succession)
class SuccessionAdmin(ReadOnlyAdmin):
    list_display = ("predecessor", "successor", "date", "kind", "basis")
    list_filter = ("kind", "date", "basis")
    raw_id_fields = ("predecessor", "successor")
    search_fields = ("predecessor__name", "successor__name", "predecessor__code", "successor__code")


@admin.register(OrgUnitDataset)
class OrgUnitDatasetAdmin(ReadOnlyAdmin):
    list_display = ("sha256", "loaded_at", "units", "successions")
