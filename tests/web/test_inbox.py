"""The dashboard's inbox (web/templatetags/inbox.py, web/_inbox.html): forms awaiting my
approval, forms my unit must still submit, overdue tasks of my units — each a link."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.indicators.models import DataSet, Indicator
from dieuhanh.indicators.services.forms import form_submit
from dieuhanh.periods import parse_period
from tests.auth import Login
from tests.conftest import MakeUser, unit_on
from tests.direction.factories import TaskFactory
from tests.indicators.conftest import catalogue, leader, officer
from tests.indicators.factories import approve, submit

__all__ = ["catalogue", "leader", "officer"]  # fixtures shared with the indicator tests


def test_the_officer_sees_the_forms_to_submit_with_links(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    html = client.get("/").content.decode()
    assert 'data-testid="inbox-to-submit"' in html and "/indicators/forms/KTXH_THANG/23962/" in html


def test_a_submitted_form_leaves_the_officers_list(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    listed = "/indicators/forms/KTXH_THANG/23962/202506/" in client.get("/").content.decode()
    form_submit(
        actor=officer,
        scope=user_scope(user=officer),
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on("23962"),
        period=parse_period("202506"),
    )
    html = client.get("/").content.decode()
    assert listed and "/indicators/forms/KTXH_THANG/23962/202506/" not in html


def test_the_leader_sees_a_form_awaiting_approval(
    client: Client, officer: User, leader: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    submit(officer)
    login(leader)
    html = client.get("/").content.decode()
    assert (
        'data-testid="inbox-awaiting"' in html
        and "/indicators/forms/KTXH_THANG/23962/202101/" in html
    )


def test_the_officer_is_not_shown_forms_awaiting_approval(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    submit(officer)
    login(officer)
    assert 'data-testid="inbox-awaiting"' not in client.get("/").content.decode()


def test_the_leader_sees_an_overdue_task_of_a_commune(
    client: Client, leader: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    task = TaskFactory.create()
    login(leader)
    html = client.get("/").content.decode()
    assert f"/direction/tasks/{task.pk}/" in html


def test_a_task_of_another_commune_is_not_in_the_inbox(
    client: Client, make_user: MakeUser, catalogue: dict[str, Indicator], login: Login
) -> None:
    task = TaskFactory.create()  # led by 23962
    login(make_user(role=Role.LEADER, capture=("23966",)))
    assert f"/direction/tasks/{task.pk}/" not in client.get("/").content.decode()


def test_an_approved_form_leaves_the_cached_list_at_once(
    client: Client, officer: User, leader: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    submit(officer)
    login(leader)
    listed = "/indicators/forms/KTXH_THANG/23962/202101/" in client.get("/").content.decode()
    approve(leader)
    html = client.get("/").content.decode()
    assert listed and "/indicators/forms/KTXH_THANG/23962/202101/" not in html
