"""The form page's data quality and states (indicators/views/forms.py, views/quality.py): the
neighbours of a field, a flagged value confirmed with a comment, a submitted form read-only,
the approver's changes, returning with a reason, the follow-up page."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.indicators.models import DataSetReport, DataValue, Indicator
from tests.auth import Login
from tests.indicators.conftest import Put

URL = "/indicators/forms/KTXH_THANG/23962/202101/"


def _field(catalogue: dict[str, Indicator]) -> str:
    return f"v-{catalogue['THU_NSNN'].pk}-0"


def test_the_form_shows_the_previous_period_and_last_year(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login, put: Put
) -> None:
    put("THU_NSNN", "23962", "202012", "12.5")
    put("THU_NSNN", "23962", "202001", "1234.5")
    login(officer)
    html = client.get(URL).content.decode()
    assert "12,5" in html and "1.234,5" in html


def test_a_flagged_value_without_a_comment_is_refused_and_opens_the_comment(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login, put: Put
) -> None:
    put("THU_NSNN", "23962", "202001", "36.83")
    login(officer)
    f = _field(catalogue)
    response = client.post(URL, {f: "1.234,5", f"{f}-comment": ""})
    assert response.status_code == 400 and 'data-flagged="1"' in response.content.decode()


def test_a_flagged_value_with_a_comment_is_saved(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login, put: Put
) -> None:
    put("THU_NSNN", "23962", "202001", "36.83")
    login(officer)
    f = _field(catalogue)
    response = client.post(URL, {f: "1.234,5", f"{f}-comment": "mở rộng diện tích"})
    assert response.status_code == 302
    assert DataValue.objects.get(period="202101").flags == "last_year"


def test_check_as_you_type_flags_an_outlier(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login, put: Put
) -> None:
    put("THU_NSNN", "23962", "202001", "36.83")
    login(officer)
    f = _field(catalogue)
    html = client.post(URL + "check/", {"field": f, f: "1.234,5"}).content.decode()
    assert 'data-flagged="1"' in html and "36,83" in html


def test_check_as_you_type_refuses_a_negative_revenue(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    f = _field(catalogue)
    html = client.post(URL + "check/", {"field": f, f: "-5"}).content.decode()
    assert "THU_NSNN" in html and 'data-flagged="1"' not in html


def test_a_submitted_form_page_is_read_only_for_the_officer(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    client.post(URL + "submit/")
    html = client.get(URL).content.decode()
    assert 'data-testid="read-only"' in html and 'form="entry-form"' not in html


def test_a_save_posted_to_a_submitted_form_changes_nothing(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    client.post(URL + "submit/")
    f = _field(catalogue)
    response = client.post(URL, {f: "5"})
    assert response.status_code == 409 and not DataValue.objects.exists()


def test_the_approver_sees_the_change_with_its_flag(
    client: Client,
    officer: User,
    leader: User,
    catalogue: dict[str, Indicator],
    login: Login,
    put: Put,
) -> None:
    put("THU_NSNN", "23962", "202001", "36.83")
    login(officer)
    f = _field(catalogue)
    client.post(URL, {f: "1.234,5", f"{f}-comment": "đúng"})
    client.post(URL + "submit/")
    client.logout()
    login(leader)
    html = client.get(URL).content.decode()
    assert 'data-testid="change-flags"' in html and "1.234,5" in html


def test_the_officer_does_not_see_the_approvers_changes(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    f = _field(catalogue)
    client.post(URL, {f: "5"})
    assert 'data-testid="changes"' not in client.get(URL).content.decode()


def test_unlock_is_not_offered_on_a_submitted_form(
    client: Client, officer: User, leader: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    client.post(URL + "submit/")
    client.logout()
    login(leader)
    html = client.get(URL).content.decode()
    assert "unlock-reason" not in html and "return-reason" in html


def test_returning_through_the_page_shows_the_reason_to_the_officer(
    client: Client, officer: User, leader: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    client.post(URL + "submit/")
    client.logout()
    login(leader)
    client.post(URL + "return/", {"reason": "Thu ngân sách chưa khớp"})
    client.logout()
    login(officer)
    html = client.get(URL).content.decode()
    assert DataSetReport.objects.get().state == "open" and "Thu ngân sách chưa khớp" in html


def test_an_officer_cannot_return_through_the_page(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    client.post(URL + "submit/")
    response = client.post(URL + "return/", {"reason": "x"})
    assert response.status_code == 403 and DataSetReport.objects.get().state == "submitted"


def test_the_followup_page_lists_a_flagged_value_with_a_link_to_its_form(
    client: Client,
    officer: User,
    leader: User,
    catalogue: dict[str, Indicator],
    login: Login,
    put: Put,
) -> None:
    put("THU_NSNN", "23962", "202001", "36.83")
    login(officer)
    f = _field(catalogue)
    client.post(URL, {f: "1.234,5", f"{f}-comment": "mở rộng"})
    client.logout()
    login(leader)
    html = client.get("/indicators/followup/?unit=633&period=2021S1").content.decode()
    assert 'data-testid="followup"' in html and URL in html and "mở rộng" in html


def test_the_followup_page_of_another_commune_is_refused(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    assert client.get("/indicators/followup/?unit=23966&period=2021S1").status_code in (403, 404)
