"""Days before the oldest snapshot (issue 17 point 4): answered with the oldest tree and said so,
down to 2004-01-01; earlier days are refused in both languages; scope denials at every date."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role
from dieuhanh.core.errors import AccessDenied, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import CODE_SYSTEM_START
from dieuhanh.orgunits.selectors import assumed_as_of, observed_from, unit_detail
from tests.auth import Login, bearer
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db

ALL = Scope.everything()
D = datetime.date


def test_the_loaded_dataset_has_an_oldest_snapshot() -> None:
    assert observed_from() is not None


def test_a_day_before_the_oldest_snapshot_answers_with_its_tree() -> None:
    detail = unit_detail(code="633", on=D(2018, 1, 1), scope=ALL)
    assert len(detail.children) == 15


def test_that_answer_says_it_is_assumed() -> None:
    assert unit_detail(code="633", on=D(2018, 1, 1), scope=ALL).assumed_as_of == observed_from()


def test_a_day_inside_the_data_is_not_assumed() -> None:
    assert unit_detail(code="633", on=D(2021, 7, 1), scope=ALL).assumed_as_of is None


def test_the_start_of_the_code_system_is_answered() -> None:
    assert unit_detail(code="633", on=CODE_SYSTEM_START, scope=ALL).unit.code == "633"


def test_the_day_before_the_code_system_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        unit_detail(code="633", on=D(2003, 12, 31), scope=ALL)


def test_that_refusal_is_in_vietnamese_too() -> None:
    with pytest.raises(ValidationFailed) as exc:
        unit_detail(code="633", on=D(2003, 12, 31), scope=ALL)
    assert "bắt đầu từ năm 2004" in exc.value.render("vi")


def test_assumed_as_of_is_none_before_2004() -> None:
    assert assumed_as_of(D(2003, 12, 31)) is None


def test_a_user_outside_the_scope_is_refused_on_an_assumed_day(make_user: MakeUser) -> None:
    from dieuhanh.accounts.selectors import user_scope

    scope = user_scope(user=make_user(capture=("23962",)))
    with pytest.raises(AccessDenied):
        unit_detail(code="633", on=D(2016, 6, 30), scope=scope)


def test_the_api_says_the_tree_is_assumed(client: Client, make_user: MakeUser) -> None:
    body = client.get(
        "/api/orgunits/633?on=2018-01-01", **bearer(make_user(role=Role.ADMIN))
    ).json()
    assert (body["assumed_as_of"], len(body["children"])) == (str(observed_from()), 15)


def test_the_api_leaves_it_empty_inside_the_data(client: Client, make_user: MakeUser) -> None:
    body = client.get("/api/orgunits/633?on=2021-07-01", **bearer(make_user(role=Role.ADMIN)))
    assert body.json()["assumed_as_of"] is None


def test_the_api_refuses_a_day_before_2004(client: Client, make_user: MakeUser) -> None:
    response = client.get("/api/orgunits/633?on=2003-01-01", **bearer(make_user(role=Role.ADMIN)))
    assert response.status_code == 400


def test_the_api_refuses_a_user_outside_the_scope_on_an_assumed_day(
    client: Client, make_user: MakeUser
) -> None:
    user = make_user(capture=("23962",))
    assert client.get("/api/orgunits/633?on=2016-01-01", **bearer(user)).status_code == 403


def test_the_unit_page_shows_the_notice_in_vietnamese(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("633",)))
    html = client.get("/units/633/?on=2016-06-30", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    day = observed_from()
    assert day is not None
    assert f"Cây đơn vị giả định như ngày {day:%d/%m/%Y}" in html


def test_the_unit_page_has_no_notice_inside_the_data(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("633",)))
    html = client.get("/units/633/?on=2021-07-01").content.decode()
    assert 'data-testid="assumed-tree"' not in html


def test_the_tree_page_shows_the_notice(client: Client, make_user: MakeUser, login: Login) -> None:
    login(make_user(capture=("633",)))
    html = client.get("/units/?on=2010-01-01").content.decode()
    assert 'data-testid="assumed-tree"' in html


def test_the_unit_page_refuses_a_unit_outside_the_scope_on_an_assumed_day(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("23962",)))
    assert client.get("/units/633/?on=2016-06-30").status_code == 403
