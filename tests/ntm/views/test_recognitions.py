"""Recognition pages (ntm/views/recognitions.py): the leader records and revokes, the officer
is refused."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.ntm.models import CriteriaSet, Recognition
from tests.auth import Login
from tests.ntm.factories import DUN, IA_BLANG

pytestmark = pytest.mark.django_db


def test_leader_records_and_revokes_a_recognition_on_the_page(
    sets: dict[str, CriteriaSet], leader: User, login: Login
) -> None:
    client = login(leader)
    client.post(
        f"/ntm/communes/{DUN}/recognitions/",
        {
            "on": "2021-07-01",
            "level": "standard",
            "decision_number": "140/QĐ-UBND",
            "decision_date": "2018-03-05",
            "year": "2017",
        },
    )
    rec = Recognition.objects.get()
    client.post(
        f"/ntm/recognitions/{rec.pk}/revoke/",
        {"version": "1", "decision": "77/QĐ-UBND", "revoked_on": "2021-05-01", "reason": "x"},
    )
    rec.refresh_from_db()
    assert rec.revoked_on == datetime.date(2021, 5, 1)


def test_officer_is_refused_recording_a_recognition(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    response = login(officer).post(
        f"/ntm/communes/{IA_BLANG}/recognitions/",
        {
            "on": "2021-07-01",
            "level": "standard",
            "decision_number": "1/QĐ-UBND",
            "decision_date": "2021-03-05",
            "year": "2021",
        },
    )
    assert (response.status_code, Recognition.objects.exists()) == (403, False)
