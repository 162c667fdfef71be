from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dieuhanh.accounts.models import ApiToken, Role, User, UserScope
from dieuhanh.accounts.selectors import token_status
from dieuhanh.accounts.services import token_revoke, tokens_revoke_stale


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

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The role is saved, then the unit grants: tokens issued against the old ones go now.
        super().save_related(request, form, formsets, change)
        tokens_revoke_stale(user=form.instance, actor=request.user)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the password was set
            user = self.get_object(request, unquote(id))
            if user is not None:
                tokens_revoke_stale(user=user, actor=request.user)
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every token, read-only (never its secret or digest); the action revokes, audited."""

    list_display = (
        "prefix",
        "user",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
        "status",
    )
    fields = (
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
        "revoked_reason",
    )
    readonly_fields = fields
    list_filter = ("revoked_reason", "expires_at", "revoked_at")
    search_fields = ("user__username", "prefix")
    actions = ("revoke",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        # the status compares each token with its user's grants: fetched once per page
        return super().get_queryset(request).select_related("user").prefetch_related("user__scopes")

    @admin.display(description=_("status"))
    def status(self, token: ApiToken) -> str:
        return str(token_status(token=token).label)

    @admin.action(description=_("Revoke the selected API tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = sum(token_revoke(token=t, actor=request.user) for t in queryset)
        self.message_user(
            request,
            ngettext("%(n)d API token revoked.", "%(n)d API tokens revoked.", revoked)
            % {"n": revoked},
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are issued by `dieuhanh users token NAME`, shown once

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked through the action (audited), never edited

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a revoked token stays, with its history
