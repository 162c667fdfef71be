"""API authentication (bearer token or session) and the caller's own account."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer, django_auth

from dieuhanh.accounts.access import request_user
from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import token_for, user_scopes
from dieuhanh.accounts.services import token_touch


class BearerToken(HttpBearer):
    """`Authorization: Bearer TOKEN` with a token from `dieuhanh users token NAME`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = token_for(raw=token)
        if found is None:
            return None
        token_touch(token=found)
        request.user = found.user
        return found.user


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
