"""The chains data (outbreak/views/chains.py): no names for a leader."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.models import Case, Person
from tests.auth import Login

pytestmark = pytest.mark.django_db


def test_chains_data_for_leader_has_no_names(
    login: Login, leader: User, traced: tuple[Case, Person]
) -> None:
    c, _other = traced
    Client()
    from dieuhanh.core.scope import Scope
    from dieuhanh.outbreak.services.contacts import contacts_from_trace

    contacts_from_trace(actor=None, scope=Scope.everything(), case=c)
    data = login(leader).get("/outbreak/chains/data/").json()
    assert {n["label"] for n in data["nodes"]} == {"BN-GL01", "F1"}
    assert data["totals"]["chains"] == 1
