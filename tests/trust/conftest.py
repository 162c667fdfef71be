"""Fixtures of the trust tests: the demo loaded once per module into the test database (rolled
back at the end), users of every role in two sibling communes, and their API tokens."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.db import transaction

from dieuhanh.accounts.models import Access, Role, User, UserScope
from dieuhanh.accounts.services import token_issue
from tests.conftest import unit_on

# Xã Ia Blang (scope A, holds the data) and Xã Dun (scope B), both of Huyện Chư Sê in 2021.
UNIT_A = "23962"
UNIT_B = "23965"
NAME_A = "Ia Blang"
ON = datetime.date(2021, 7, 1)


@dataclass
class World:
    """Users per role of each commune (capture grant), with a bearer token each."""

    users: dict[tuple[str, str], User] = field(default_factory=dict)
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)
    admin: User | None = None


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[World]:
    from dieuhanh.demo.services import demo_load

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_load()
            made = World()
            for role in Role.values:
                for side, code in (("A", UNIT_A), ("B", UNIT_B)):
                    user = User.objects.create(
                        username=f"trust_{side}_{role}",
                        role=role,
                        full_name=f"Kiểm thử {side} {role}",
                        is_staff=role == Role.ADMIN,
                        is_superuser=role == Role.ADMIN,
                    )
                    if role != Role.ADMIN:
                        UserScope.objects.create(
                            user=user, unit=unit_on(code, ON), access=Access.CAPTURE
                        )
                    made.users[(side, role)] = user
                    made.tokens[(side, role)] = token_issue(user=user)
            made.admin = made.users[("A", Role.ADMIN)]
            yield made
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


from tests.trust.live import pg_demo_template, site  # noqa: E402, F401  (live-server fixtures)
