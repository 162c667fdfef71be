"""Testing pages (outbreak/views/testing.py): a pool from the page."""

from __future__ import annotations

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.models import Sample
from tests.auth import Login
from tests.outbreak.factories import DISTRICT, ON, contacts


def test_pool_from_the_testing_page(health: User, login: Login) -> None:
    people = [c.person_id for c in contacts(3)]
    response = login(health).post(
        "/outbreak/care/testing/pools/",
        {"unit": DISTRICT, "on": ON, "code": "CS-01", "collected_on": ON, "person": people},
    )
    assert (response.status_code, Sample.objects.filter(pool__code="CS-01").count()) == (302, 3)
