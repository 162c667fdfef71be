"""Conference pages (direction/views/conferences.py): a conference and its resolution, documents
attached and served within the scope."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.direction.models import Conference, Decision
from tests.auth import Login
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


def test_a_conference_and_its_resolution_through_the_page(party: User, login: Login) -> None:
    c = login(party)
    c.post(
        "/direction/conferences/?unit=633",
        {
            "unit": "633",
            "body": "standing_committee",
            "number": "12",
            "term": "10",
            "held_on": "2021-09-10",
            "title": "Hội nghị Ban Thường vụ",
        },
    )
    conference = Conference.objects.get(number=12)
    assert conference.heading == "Hội nghị lần thứ XII, khóa X"
    c.post(
        f"/direction/conferences/{conference.pk}/",
        {
            "kind": "resolution",
            "number": "05-NQ/HU",
            "title": "Nghị quyết chuyên đề",
            "issued_on": "2021-09-10",
            "points": "Điểm một\n\nĐiểm hai\n",
        },
    )
    decision = Decision.objects.get(number="05-NQ/HU")
    assert [p.text for p in decision.points.all()] == ["Điểm một", "Điểm hai"]


def test_a_conference_document_is_attached_and_served_within_the_scope(
    party: User, make_user: MakeUser, login: Login, demo: int
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dieuhanh.accounts.models import Role

    conference = Conference.objects.get(number=5, term=10)
    c = login(party)
    c.post(
        f"/direction/conferences/{conference.pk}/",
        {"title": "Báo cáo sơ kết 6 tháng", "file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4")},
    )
    document = conference.files.get()
    assert document.title == "Báo cáo sơ kết 6 tháng"
    url = f"/direction/documents/{document.pk}/"
    assert url in c.get(f"/direction/conferences/{conference.pk}/").content.decode()
    assert c.get(url).status_code == 200
    other = make_user(Role.PARTY_OFFICE, capture=("634",))
    assert login(other).get(url).status_code == 404


def test_a_conference_document_of_the_wrong_type_is_refused(
    party: User, login: Login, demo: int
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    conference = Conference.objects.get(number=5, term=10)
    login(party).post(
        f"/direction/conferences/{conference.pk}/",
        {"title": "x", "file": SimpleUploadedFile("x.html", b"<script>")},
    )
    assert not conference.files.exists()
