"""Shared fixtures. The national unit dataset is loaded once per test session."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings
from pytest_django import DjangoDbBlocker

from dieuhanh.accounts.models import Access, Role, User, UserScope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from tests.factories import PASSWORD, UserFactory

# No per-example deadline: speed is measured in bench/, and a loaded CI machine made the
# default 200 ms deadline fail property tests of pure functions at random.
hypothesis_settings.register_profile("dieuhanh", deadline=None)
hypothesis_settings.load_profile("dieuhanh")

BEFORE = datetime.date(2021, 7, 1)
AFTER = datetime.date(2025, 7, 1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    from dieuhanh.orgunits.services import orgunits_load

    with django_db_blocker.unblock():
        orgunits_load()


@pytest.fixture(autouse=True)
def _fresh_trace_cache() -> None:
    """Each test starts with no cached trace: the store's version restarts with each test's
    rolled-back database, so a trace kept by an earlier test could match a key."""
    from django.core.cache import caches

    caches["traces"].clear()


def unit_on(code: str, on: datetime.date = BEFORE) -> OrgUnit:
    return OrgUnit.objects.get(valid_on_q(on), code=code)


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db: None) -> MakeUser:
    """A user of `role` granted `capture`/`view` unit codes (resolved on `on`)."""

    def make(
        role: str = Role.DATA_OFFICER,
        capture: tuple[str, ...] = (),
        view: tuple[str, ...] = (),
        on: datetime.date = BEFORE,
        **kwargs: object,
    ) -> User:
        user = UserFactory.create(role=role, **kwargs)
        for code in capture:
            UserScope.objects.create(user=user, unit=unit_on(code, on), access=Access.CAPTURE)
        for code in view:
            UserScope.objects.create(user=user, unit=unit_on(code, on), access=Access.VIEW)
        return user

    return make


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def do(user: User) -> Client:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return do


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment of a separate demo database, built once by `dieuhanh demo --no-serve`."""
    import os
    import subprocess
    import sys

    var = tmp_path_factory.mktemp("demo-var")
    env = {**os.environ, "DIEUHANH_VAR_DIR": str(var)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)  # its own SQLite file, never the database under test
    subprocess.run(
        [sys.executable, "-m", "dieuhanh.cli", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return env
