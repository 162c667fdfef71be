"""A user created through the service (accounts/services.py), with the password it passes."""

from __future__ import annotations

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.services import user_create
from tests.conftest import BEFORE

GOOD_PASSWORD = "Ia-Blang@2021!"


def create(**overrides: object) -> User:
    args: dict[str, object] = {
        "username": "canbo.xa",
        "role": Role.DATA_OFFICER,
        "password": GOOD_PASSWORD,
        "capture_codes": ["23962"],
        "on": BEFORE,
    }
    args.update(overrides)
    return user_create(**args)  # type: ignore[arg-type]  # args: a dict[str, object]
