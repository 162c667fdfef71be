from django.contrib import admin

from dieuhanh.orgunits.models import OrgUnit, OrgUnitDataset, Succession


class SuccessionOutInline(admin.TabularInline):
    model = Succession
    fk_name = "predecessor"
    extra = 0
    raw_id_fields = ("successor",)
    verbose_name_plural = "successors"


class SuccessionInInline(admin.TabularInline):
    model = Succession
    fk_name = "successor"
    extra = 0
    raw_id_fields = ("predecessor",)
    verbose_name_plural = "predecessors"


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "level", "valid_from", "valid_to", "parent")
    list_filter = ("level", "kind", "valid_from")
    search_fields = ("code", "name", "search_key")
    raw_id_fields = ("parent",)
    readonly_fields = ("path", "search_key", "name_key", "sort_key")
    inlines = (SuccessionInInline, SuccessionOutInline)
    ordering = ("path",)


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "date", "kind", "basis")
    list_filter = ("kind", "date", "basis")
    raw_id_fields = ("predecessor", "successor")
    search_fields = ("predecessor__name", "successor__name", "predecessor__code", "successor__code")


@admin.register(OrgUnitDataset)
class OrgUnitDatasetAdmin(admin.ModelAdmin):
    list_display = ("sha256", "loaded_at", "units", "successions")
