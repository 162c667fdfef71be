"""Admin of the tracing records, read-mostly: identities are edited through the services (which
log every access); the personal-data access log is read-only."""

from django.contrib import admin
from django.http import HttpRequest

from dieuhanh.outbreak.models import Case, Contact, Exposure, PersonalDataAccess, Venue, Visit


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit")
    search_fields = ("code", "name")
    raw_id_fields = ("unit",)


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("code", "person_id", "onset_date", "confirmed_at", "isolated_at", "outcome")
    list_filter = ("outcome",)
    readonly_fields = ("person", "unit_path", "version")


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("case", "place", "start", "end")
    raw_id_fields = ("case", "venue")


@admin.register(Exposure)
class ExposureAdmin(admin.ModelAdmin):
    list_display = ("case", "source_id", "exposed_id", "generation", "start", "setting")
    list_filter = ("generation", "setting")
    raw_id_fields = ("case", "source", "exposed", "venue")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("case", "person_id", "generation", "follow_up_until", "status")
    list_filter = ("generation", "status")
    raw_id_fields = ("case", "person", "via")


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "user_label", "action", "person_id", "reason")
    list_filter = ("action",)
    search_fields = ("user_label", "reason")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
