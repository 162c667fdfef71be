"""API authentication (bearer token or session), the caller's own account and API tokens."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer, django_auth

from dieuhanh.accounts.access import request_user
from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import TokenRow, token_get, token_status, user_scopes
from dieuhanh.accounts.selectors import tokens_list as list_tokens
from dieuhanh.accounts.services import token_revoke as revoke_token
from dieuhanh.accounts.services import token_use
from dieuhanh.core.net import client_address


class BearerToken(HttpBearer):
    """`Authorization: Bearer TOKEN` with a token from `dieuhanh users token NAME`. A token
    that is unknown, expired or revoked is refused with 401 and the reason (no fallback to the
    session: the caller meant the token)."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = token_use(
            raw=token,
            method=request.method or "",
            path=request.path,
            address=client_address(request),
        )
        request.user = user
        return user


api_auth: list[Any] = [BearerToken(), django_auth]

router = Router(tags=["accounts"])


class ScopeOut(Schema):
    unit_code: str
    unit_name: str
    valid_from: str
    valid_to: str | None
    access: str


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    scopes: list[ScopeOut]


@router.get("/me", response=MeOut, summary="The calling user, role and scopes")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request_user(request)
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "scopes": [
            {
                "unit_code": s.unit.code,
                "unit_name": s.unit.name,
                "valid_from": s.unit.valid_from.isoformat(),
                "valid_to": s.unit.valid_to.isoformat() if s.unit.valid_to else None,
                "access": s.access,
            }
            for s in user_scopes(user=user)
        ],
    }


class TokenOut(Schema):
    """A token without its secret, which is shown once, when it is issued."""

    id: int
    user: str
    prefix: str
    created_at: datetime.datetime
    expires_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    revoked_reason: str  # by_hand | password | grants; "" while not revoked
    status: str  # live | expired | revoked | password_changed | grants_changed | user_inactive


def _token_out(row: TokenRow) -> dict[str, Any]:
    t = row.token
    return {
        "id": t.pk,
        "user": t.user.username,
        "prefix": t.prefix,
        "created_at": t.created_at,
        "expires_at": t.expires_at,
        "last_used_at": t.last_used_at,
        "revoked_at": t.revoked_at,
        "revoked_reason": t.revoked_reason,
        "status": row.status.value,
    }


@router.get(
    "/tokens",
    response=list[TokenOut],
    summary="The caller's API tokens; an administrator may name another user",
)
def tokens_list(request: HttpRequest, user: str = "") -> list[dict[str, Any]]:
    return [_token_out(row) for row in list_tokens(viewer=request_user(request), username=user)]


@router.post(
    "/tokens/{token_id}/revoke",
    response=TokenOut,
    summary="Revoke an API token of the caller's (an administrator: anyone's)",
)
def token_revoke(request: HttpRequest, token_id: int) -> dict[str, Any]:
    viewer = request_user(request)
    token = token_get(token_id=token_id, viewer=viewer)
    revoke_token(token=token, actor=viewer)
    return _token_out(TokenRow(token, token_status(token=token)))
