"""Pages of the user's own account: their API tokens (listed, revoked) and the password change,
which revokes the tokens issued against the old password."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dieuhanh.accounts.access import request_user
from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import TokenStatus, token_get, tokens_list
from dieuhanh.accounts.services import token_revoke, tokens_revoke_stale


@login_required
@require_GET
def tokens(request: HttpRequest) -> HttpResponse:
    """The caller's API tokens: prefix, issued, last used, expires, status. Never a secret."""
    rows = tokens_list(viewer=request_user(request))
    return render(
        request,
        "accounts/tokens.html",
        {"rows": rows, "live": TokenStatus.LIVE, "default_days": settings.API_TOKEN_DAYS},
    )


@login_required
@require_POST
def token_revoke_page(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the caller's tokens (another user's is a 404, as if it did not exist)."""
    user = request_user(request)
    token = token_get(token_id=token_id, viewer=user)
    if token_revoke(token=token, actor=user):
        messages.success(request, _("API token %(prefix)s… revoked.") % {"prefix": token.prefix})
    return redirect("api_tokens")


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change, then the caller's tokens issued against the old password are
    revoked at once (audited as their act), not only at their next use."""

    success_url = "/"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user: User = form.user
        tokens_revoke_stale(user=user, actor=user)
        return response
