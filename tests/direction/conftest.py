from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from dieuhanh.accounts.models import Role, User
from dieuhanh.demo.direction_demo import direction_demo_load
from tests.conftest import MakeUser


@pytest.fixture
def demo(db: None) -> int:
    return direction_demo_load()


@pytest.fixture
def leader(make_user: MakeUser) -> User:
    return make_user(Role.LEADER, capture=("633",), email="lanhdao@example.vn")


@pytest.fixture
def party(make_user: MakeUser) -> User:
    return make_user(Role.PARTY_OFFICE, capture=("633",), email="vanphong@example.vn")


@pytest.fixture
def security(make_user: MakeUser) -> User:
    return make_user(Role.SECURITY_OFFICER, capture=("633",))


@pytest.fixture
def data_officer(make_user: MakeUser) -> User:
    return make_user(Role.DATA_OFFICER, capture=("23962",))


@pytest.fixture
def commune_party(make_user: MakeUser) -> User:
    """Party office of Xã Ia Blang only."""
    return make_user(Role.PARTY_OFFICE, capture=("23962",), email="iablang@example.vn")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    """Attachments go to a temporary directory, never ./var/media."""
    settings.MEDIA_ROOT = str(tmp_path)
