"""Turning a trace into contacts from the page (outbreak/views/contacts.py): refused to a
leader; a background job whose message says the counts the Vietnamese way."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.jobs.models import Job
from dieuhanh.outbreak.models import Case, Contact, Person
from tests.auth import Login
from tests.jobs.queue import run_queued
from tests.outbreak.crowds import Crowd

pytestmark = pytest.mark.django_db


def test_leader_cannot_turn_trace_into_contacts(
    login: Login, leader: User, traced: tuple[Case, Person]
) -> None:
    c, _other = traced
    login(leader).post(f"/outbreak/cases/{c.pk}/contacts/", {"depth": "1"})
    assert not Contact.objects.exists()


def test_turning_the_list_into_contacts_reports_the_counts_the_vietnamese_way(
    login: Login, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    response = login(health).post(f"/outbreak/cases/{c.pk}/contacts/", {"depth": "2"})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    run_queued()
    job.refresh_from_db()
    assert job.message == "1.310 người cần theo dõi, 1.310 người mới."
    assert Contact.objects.filter(case=c).count() == 1310
