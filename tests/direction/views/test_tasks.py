"""Task pages (direction/views/tasks.py): the leaders' table, filters and search, assignment,
progress, attachments within the scope, deadlines, both languages."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.direction.models import Task
from tests.auth import Login
from tests.conftest import MakeUser
from tests.direction.factories import conclusion

pytestmark = pytest.mark.django_db


def test_the_leaders_table_page_shows_the_demo_counts(
    leader: User, login: Login, demo: int
) -> None:
    html = login(leader).get("/direction/?unit=633&on=2021-10-15").content.decode()
    assert 'data-testid="leaders-table"' in html
    assert "UBND xã Dun" in html
    assert "Huyện Chư Sê" in html


def test_the_default_unit_is_the_users_own(leader: User, login: Login, demo: int) -> None:
    html = login(leader).get("/direction/").content.decode()
    assert "Huyện Chư Sê" in html


def test_filtering_by_status_keeps_only_those_tasks(leader: User, login: Login, demo: int) -> None:
    html = login(leader).get("/direction/?unit=633&on=2021-10-15&status=overdue").content.decode()
    list_part = html[html.index('data-testid="task-list"') :]
    assert list_part.count("data-task=") == 1


def test_search_ignores_accents(leader: User, login: Login, demo: int) -> None:
    html = login(leader).get("/direction/?unit=633&q=kiem+tra+giam+sat").content.decode()
    list_part = html[html.index('data-testid="task-list"') :]
    assert list_part.count("data-task=") == 1


def test_the_page_is_refused_to_a_data_officer(data_officer: User, login: Login) -> None:
    assert login(data_officer).get("/direction/").status_code == 403


def test_assigning_through_the_page(leader: User, login: Login, demo: int) -> None:
    decision = conclusion()
    c = login(leader)
    form = c.get(f"/direction/tasks/new/?decision={decision.pk}")
    assert form.status_code == 200
    response = c.post(
        f"/direction/tasks/new/?decision={decision.pk}",
        {
            "title": "Báo cáo tiến độ tiêm vắc xin",
            "point": "1",
            "lead_unit": "633",
            "lead_agency": "Văn phòng Huyện ủy",
            "assigned_on": "2021-08-02",
            "working_days": "5",
            "priority": "high",
        },
    )
    task = Task.objects.get(title="Báo cáo tiến độ tiêm vắc xin")
    assert response.status_code == 302 and response["Location"].endswith(f"/tasks/{task.pk}/")
    assert task.deadline == datetime.date(2021, 8, 9)


def test_a_bad_assignment_keeps_what_was_typed_and_says_why(
    leader: User, login: Login, demo: int
) -> None:
    decision = conclusion()
    response = login(leader).post(
        f"/direction/tasks/new/?decision={decision.pk}",
        {"title": "Nhiệm vụ thử", "lead_unit": "633", "assigned_on": "2021-08-02"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Nhiệm vụ thử"' in html
    assert "alert-error" in html or "alert-danger" in html
    assert not Task.objects.filter(title="Nhiệm vụ thử").exists()


def test_reporting_progress_through_the_page(party: User, login: Login, demo: int) -> None:
    task = Task.objects.get(lead_agency="Chi cục Thuế khu vực Chư Sê - Chư Pưh")
    c = login(party)
    page = c.get(f"/direction/tasks/{task.pk}/").content.decode()
    assert 'data-testid="progress-form"' in page
    c.post(
        f"/direction/tasks/{task.pk}/progress/",
        {
            "version": str(task.version),
            "percent": "100",
            "reported_on": "2021-12-30",
            "note": "Đạt 102% dự toán",
        },
    )
    task.refresh_from_db()
    assert (task.percent, task.completed_on) == (100, datetime.date(2021, 12, 30))


def test_a_stale_form_does_not_overwrite(party: User, login: Login, demo: int) -> None:
    task = Task.objects.get(lead_agency="Chi cục Thuế khu vực Chư Sê - Chư Pưh")
    c = login(party)
    c.post(
        f"/direction/tasks/{task.pk}/progress/",
        {"version": str(task.version), "percent": "90", "reported_on": "2021-12-10"},
    )
    response = c.post(
        f"/direction/tasks/{task.pk}/progress/",
        {"version": str(task.version), "percent": "95", "reported_on": "2021-12-11"},
        follow=True,
    )
    task.refresh_from_db()
    assert task.percent == 90
    assert "version" in response.content.decode()


def test_the_attachment_is_served_only_within_the_scope(
    leader: User, commune_party: User, make_user: MakeUser, login: Login, demo: int
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dieuhanh.accounts.models import Role
    from dieuhanh.accounts.selectors import user_scope
    from dieuhanh.direction.services.tasks import task_progress_report

    task = Task.objects.get(lead_agency="UBND xã Ia Blang", completed_on__isnull=True)
    task_progress_report(
        actor=commune_party,
        scope=user_scope(user=commune_party),
        task_id=task.pk,
        version=task.version,
        percent=80,
        reported_on=datetime.date(2021, 11, 15),
        attachment=SimpleUploadedFile("ho-so.pdf", b"%PDF-1.4"),
    )
    progress = task.progress.exclude(attachment="").get()
    url = f"/direction/progress/{progress.pk}/attachment/"
    assert login(leader).get(url).status_code == 200
    dun = make_user(Role.PARTY_OFFICE, capture=("23965",))
    assert login(dun).get(url).status_code == 404


def test_the_follow_up_card_counts_overdue_and_due_soon(
    leader: User, login: Login, demo: int
) -> None:
    html = login(leader).get("/direction/?unit=633&on=2021-11-26").content.decode()
    card = html[html.index('data-testid="direction-card"') :]
    assert 'data-testid="direction-overdue">1 ' in card  # Xã Dun, due 3 August
    assert 'data-testid="direction-due-soon">1 ' in card  # Ia Blang's new-rural file, 30 Nov


def test_moving_a_deadline_through_the_page(leader: User, login: Login, demo: int) -> None:
    task = Task.objects.get(lead_agency="UBND xã Dun")
    c = login(leader)
    assert 'data-testid="reschedule-form"' in c.get(f"/direction/tasks/{task.pk}/").content.decode()
    c.post(
        f"/direction/tasks/{task.pk}/reschedule/",
        {"version": str(task.version), "deadline": "2021-08-31", "reason": "Thiếu nhân sự"},
    )
    task.refresh_from_db()
    assert task.deadline == datetime.date(2021, 8, 31)


def test_the_assignee_is_not_offered_the_deadline_change(
    commune_party: User, login: Login, demo: int
) -> None:
    task = Task.objects.get(lead_agency="UBND xã Ia Blang", completed_on__isnull=True)
    html = login(commune_party).get(f"/direction/tasks/{task.pk}/").content.decode()
    assert 'data-testid="progress-form"' in html
    assert 'data-testid="reschedule-form"' not in html


def test_the_pages_speak_vietnamese_and_english(leader: User, login: Login, demo: int) -> None:
    c = login(leader)
    vi = c.get("/direction/?unit=633&on=2021-10-15").content.decode()
    assert "Kết quả thực hiện nhiệm vụ theo đơn vị" in vi and "Quá hạn" in vi
    c.post("/i18n/setlang/", {"language": "en", "next": "/direction/"})
    en = c.get("/direction/?unit=633&on=2021-10-15").content.decode()
    assert "Task execution by unit" in en and "Overdue" in en
