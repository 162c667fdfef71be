from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import ApiToken, Role, User, UserScope


class UserScopeInline(admin.TabularInline):
    model = UserScope
    extra = 0
    raw_id_fields = ("unit",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Role"), {"fields": ("role", "full_name")}),
    )
    list_display = ("username", "full_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    inlines = (UserScopeInline,)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # The role decides admin-site access; the two flags must not drift from it.
        obj.is_staff = obj.is_superuser = obj.role == Role.ADMIN
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "last_used_at")
    list_filter = ("revoked_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are issued by `dieuhanh users token NAME`, shown once
