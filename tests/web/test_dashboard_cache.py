"""The dashboard's module cards and the inbox's overdue tasks are cached under their module's
data version (core.versions, web/views.py): read once between two writes of the module, read
again after a write through a service, and never shown to a user of another scope."""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.direction.selectors import tasks as task_selectors
from dieuhanh.direction.services.tasks import task_progress_report
from dieuhanh.web import views
from dieuhanh.web.templatetags import inbox
from tests.auth import Login
from tests.conftest import MakeUser
from tests.direction.factories import D, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def leader(make_user: MakeUser) -> User:
    return make_user(Role.LEADER, capture=("633",))


def test_the_task_card_and_the_inbox_read_the_tasks_once_between_writes(
    client: Client, leader: User, login: Login
) -> None:
    TaskFactory.create(title="Kiện toàn tổ COVID cộng đồng")
    login(leader)
    with (
        mock.patch.object(
            views, "direction_dashboard", wraps=task_selectors.direction_dashboard
        ) as card,
        mock.patch.object(inbox, "task_rows", wraps=task_selectors.task_rows) as rows,
    ):
        pages = [client.get("/").content.decode() for _ in range(3)]
    assert (card.call_count, rows.call_count) == (1, 1)
    assert all("Kiện toàn tổ COVID cộng đồng" in page for page in pages)


def test_a_new_task_is_on_the_card_at_once(client: Client, leader: User, login: Login) -> None:
    login(leader)
    client.get("/")
    task = TaskFactory.create(title="Rà soát hộ nghèo")
    html = client.get("/").content.decode()
    assert "Rà soát hộ nghèo" in html and f"/direction/tasks/{task.pk}/" in html


def test_progress_reported_moves_the_cached_card(
    client: Client, leader: User, make_user: MakeUser, login: Login
) -> None:
    task = TaskFactory.create(title="Rà soát hộ nghèo")
    login(leader)
    before = client.get("/").content.decode()
    assignee = make_user(Role.PARTY_OFFICE, capture=("23962",))
    task_progress_report(
        actor=assignee,
        scope=user_scope(user=assignee),
        task_id=task.pk,
        version=task.version,
        percent=40,
        reported_on=D(2021, 8, 10),
    )
    after = client.get("/").content.decode()
    assert "(0%)" in before and "(40%)" in after


def test_a_card_cached_for_the_district_is_not_shown_to_another_commune(
    client: Client, leader: User, make_user: MakeUser, login: Login
) -> None:
    task = TaskFactory.create(title="Rà soát hộ nghèo")  # led by 23962
    login(leader)
    seen_by_district = client.get("/").content.decode()
    login(make_user(Role.LEADER, capture=("23966",)))
    html = client.get("/").content.decode()
    assert f"/direction/tasks/{task.pk}/" in seen_by_district
    assert f"/direction/tasks/{task.pk}/" not in html and "Rà soát hộ nghèo" not in html


def test_a_role_without_the_module_gets_no_card_even_when_it_is_cached(
    client: Client, leader: User, make_user: MakeUser, login: Login
) -> None:
    TaskFactory.create(title="Rà soát hộ nghèo")
    login(leader)
    client.get("/")
    login(make_user(Role.DATA_OFFICER, capture=("633",)))
    html = client.get("/").content.decode()
    assert 'data-testid="direction-card"' not in html and "Rà soát hộ nghèo" not in html
