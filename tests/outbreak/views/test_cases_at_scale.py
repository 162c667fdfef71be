"""The case page (outbreak/views/cases.py) with many contacts: a page of contacts and of
exposures at a time, names and the personal-data log for the persons shown only, numbers for a
role without identities."""

from __future__ import annotations

import re

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import Case, PersonalDataAccess
from dieuhanh.outbreak.services.contacts import contacts_from_trace
from tests.auth import Login
from tests.conftest import MakeUser
from tests.outbreak.crowds import traced_crowd
from tests.outbreak.factories import reasoned

pytestmark = pytest.mark.django_db


@pytest.fixture
def traced() -> Case:
    """A case with 450 contacts (and 450 venue exposures) from its trace."""
    c, _f1, _f2 = traced_crowd(450)
    contacts_from_trace(actor=None, scope=Scope.everything(), case=c)
    return c


def _contact_ids(html: str) -> list[int]:
    table = html.split('data-testid="contacts"')[1].split("</table>")[0]
    return [int(m) for m in re.findall(r'href="/outbreak/persons/(\d+)/"', table)]


def test_the_case_page_shows_200_contacts_and_the_pages(
    login: Login, health: User, traced: Case
) -> None:
    html = (
        reasoned(login(health), traced.person_id)
        .get(f"/outbreak/cases/{traced.pk}/")
        .content.decode()
    )
    assert len(_contact_ids(html)) == 200
    assert 'data-testid="contacts_page"' in html and "?contacts_page=3#contacts" in html


def test_the_last_page_of_contacts_holds_the_rest(login: Login, health: User, traced: Case) -> None:
    response = reasoned(login(health), traced.person_id).get(
        f"/outbreak/cases/{traced.pk}/", {"contacts_page": 3}
    )
    assert len(_contact_ids(response.content.decode())) == 50


def test_only_the_persons_shown_are_logged(login: Login, health: User, traced: Case) -> None:
    html = (
        reasoned(login(health), traced.person_id)
        .get(f"/outbreak/cases/{traced.pk}/")
        .content.decode()
    )
    logged = set(
        PersonalDataAccess.objects.filter(user=health, action="view").values_list(
            "person_id", flat=True
        )
    )
    assert set(_contact_ids(html)) <= logged and len(logged) <= 1 + 200 + 200


def test_a_leader_sees_contact_numbers_not_names(
    login: Login, make_user: MakeUser, traced: Case
) -> None:
    leader = make_user(role=Role.LEADER, capture=("633",))
    response = login(leader).get(f"/outbreak/cases/{traced.pk}/")
    html = response.content.decode()
    table = html.split('data-testid="contacts"')[1].split("</table>")[0]
    assert response.status_code == 200 and len(re.findall(r"<td>#\d+</td>", table)) == 200
    assert _contact_ids(html) == [] and "Khách" not in html
    assert not PersonalDataAccess.objects.filter(user=leader).exists()
