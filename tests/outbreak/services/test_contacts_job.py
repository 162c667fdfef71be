"""Contacts from a trace as a background job: the case page and the API start it, the worker
makes the contacts in the owner's scope, another user's request is refused before a job exists."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied
from dieuhanh.jobs.models import Job, JobState
from dieuhanh.outbreak.models import Contact
from dieuhanh.outbreak.services.contacts import contacts_from_trace_start
from tests.auth import Login, bearer
from tests.conftest import MakeUser
from tests.jobs.queue import run_queued
from tests.outbreak.factories import DUN, IA_BLANG, traced_setup

pytestmark = pytest.mark.django_db


def test_the_job_makes_the_contacts_of_the_trace(make_user: MakeUser) -> None:
    c, f1, f2, _ = traced_setup()
    officer = make_user(role=Role.HEALTH_OFFICER, capture=(IA_BLANG,))
    job = contacts_from_trace_start(actor=officer, scope=user_scope(user=officer), case=c, depth=2)
    run_queued()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error_en
    assert (job.result["total"], job.result["created"]) == (2, 2)
    assert set(Contact.objects.filter(case=c).values_list("person_id", flat=True)) == {
        f1.pk,
        f2.pk,
    }
    assert job.result["next_url"] == f"/outbreak/cases/{c.pk}/#contacts"


def test_an_officer_of_another_commune_starts_no_job(make_user: MakeUser) -> None:
    c, *_ = traced_setup()
    outsider = make_user(role=Role.HEALTH_OFFICER, capture=(DUN,))
    with pytest.raises(AccessDenied):
        contacts_from_trace_start(actor=outsider, scope=user_scope(user=outsider), case=c)
    assert not Job.objects.exists()


def test_the_case_page_takes_the_officer_to_the_job(make_user: MakeUser, login: Login) -> None:
    c, *_ = traced_setup()
    client = login(make_user(role=Role.HEALTH_OFFICER, capture=(IA_BLANG,)))
    response = client.post(f"/outbreak/cases/{c.pk}/contacts/", {"depth": "2"})
    assert response["Location"] == f"/jobs/{Job.objects.get().pk}/"


def test_the_api_in_the_background_answers_202(make_user: MakeUser) -> None:
    c, *_ = traced_setup()
    officer = make_user(role=Role.HEALTH_OFFICER, capture=(IA_BLANG,))
    response = Client().post(
        f"/api/outbreak/cases/{c.pk}/contacts-from-trace?depth=2&background=true", **bearer(officer)
    )
    assert response.status_code == 202
    assert Job.objects.get().params == {"case_id": c.pk, "depth": 2}
