"""The main page (ntm/views/summary.py): the district matrix, defaults, module and scope
denials, the merged communes, accent-insensitive filtering."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.ntm.models import CriteriaSet
from tests.auth import Login
from tests.conftest import MakeUser
from tests.ntm.factories import CHU_SE, DUN, ON, recognise

pytestmark = pytest.mark.django_db


def test_leader_sees_the_district_matrix(
    sets: dict[str, CriteriaSet], leader: User, login: Login
) -> None:
    recognise(DUN, datetime.date(2018, 3, 5))
    response = login(leader).get(f"/ntm/?unit={CHU_SE}&{ON}")
    assert response.status_code == 200 and 'data-testid="ntm-matrix"' in response.content.decode()


def test_the_main_page_defaults_to_the_users_unit(
    sets: dict[str, CriteriaSet], leader: User, login: Login
) -> None:
    response = login(leader).get("/ntm/")
    assert response.context["unit"].code == CHU_SE


def test_a_role_without_the_module_is_refused_the_page(
    sets: dict[str, CriteriaSet], make_user: MakeUser, login: Login
) -> None:
    health = make_user(role=Role.HEALTH_OFFICER, capture=(CHU_SE,))
    assert login(health).get(f"/ntm/?unit={CHU_SE}&{ON}").status_code == 403


def test_a_unit_outside_the_scope_is_refused_the_page(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    assert login(officer).get(f"/ntm/?unit={CHU_SE}&{ON}").status_code == 403


def test_the_new_communes_page_states_the_merged_communes_recognitions(
    sets: dict[str, CriteriaSet], make_user: MakeUser, login: Login
) -> None:
    recognise(DUN, datetime.date(2018, 3, 5), number="140/QĐ-UBND")
    leader = make_user(role=Role.LEADER, capture=("23941",), on=datetime.date(2025, 7, 1))
    page = login(leader).get("/ntm/?unit=23941&on=2025-07-01").content.decode()
    assert "140/QĐ-UBND" in page and 'data-testid="ntm-recognised">0/1<' in page


def test_the_matrix_filters_communes_whatever_the_accents(
    sets: dict[str, CriteriaSet], leader: User, login: Login
) -> None:
    response = login(leader).get(f"/ntm/?unit={CHU_SE}&{ON}&q=BO NGOONG")
    assert [r["row"].unit.name for r in response.context["rows"]] == ["Xã Bờ Ngoong"]
