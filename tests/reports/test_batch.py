"""Every commune's review of a district, zipped, as a background job: the API, the page, the
job's resource and its download, and the refusals."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.services import token_issue
from dieuhanh.jobs.models import Job
from tests.auth import Login
from tests.conftest import MakeUser
from tests.jobs.queue import run_queued

BATCH = {"unit": "633", "period": "2021S1", "format": "md"}


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def api(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_issue(user=user)}"})


def _leader(make_user: MakeUser) -> User:
    return make_user(Role.LEADER, capture=("633",))


def test_the_api_starts_a_batch_as_a_job(make_user: MakeUser, db: None) -> None:
    response = api(_leader(make_user)).post(
        "/api/reports/review/batch", BATCH, content_type="application/json"
    )
    assert response.status_code == 202
    assert response.json()["state"] == "queued"


def test_the_finished_job_offers_a_zip_of_every_commune(
    make_user: MakeUser, chuse_values: None
) -> None:
    leader = _leader(make_user)
    client = api(leader)
    job_id = client.post(
        "/api/reports/review/batch", BATCH, content_type="application/json"
    ).json()["id"]
    run_queued()
    job = client.get(f"/api/jobs/{job_id}").json()
    assert (job["state"], job["progress"]) == ("succeeded", 100)
    download = client.get(job["result_url"])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))  # type: ignore[attr-defined]
    assert len(archive.namelist()) == job["result"]["communes"] > 1
    assert all(name.endswith(".md") for name in archive.namelist())


def test_another_user_does_not_see_the_job(make_user: MakeUser, db: None) -> None:
    job_id = (
        api(_leader(make_user))
        .post("/api/reports/review/batch", BATCH, content_type="application/json")
        .json()["id"]
    )
    other = api(_leader(make_user))
    assert other.get(f"/api/jobs/{job_id}").status_code == 404
    assert other.post(f"/api/jobs/{job_id}/cancel").status_code == 404
    assert other.get(f"/jobs/{job_id}/download/").status_code in (302, 404)


def test_another_users_job_page_and_download_are_not_found(
    make_user: MakeUser, login: Login, db: None
) -> None:
    job_id = (
        api(_leader(make_user))
        .post("/api/reports/review/batch", BATCH, content_type="application/json")
        .json()["id"]
    )
    page = login(_leader(make_user))
    assert page.get(f"/jobs/{job_id}/").status_code == 404
    assert page.get(f"/jobs/{job_id}/download/").status_code == 404


def test_a_unit_outside_the_scope_is_refused(make_user: MakeUser, db: None) -> None:
    outsider = make_user(Role.LEADER, capture=("634",))
    response = api(outsider).post(
        "/api/reports/review/batch", BATCH, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_a_commune_has_no_communes_to_batch(make_user: MakeUser, db: None) -> None:
    officer = make_user(Role.LEADER, capture=("23962",))
    body = {**BATCH, "unit": "23962"}
    response = api(officer).post("/api/reports/review/batch", body, content_type="application/json")
    assert response.status_code == 400


def test_the_page_takes_the_user_to_the_job(make_user: MakeUser, login: Login, db: None) -> None:
    client = login(_leader(make_user))
    response = client.post("/reports/batch/", {**BATCH, "layout": "party"})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    page = client.get(response["Location"])
    assert b'hx-trigger="every 1s"' in page.content


def test_the_status_block_stops_polling_once_finished(
    make_user: MakeUser, login: Login, chuse_values: None
) -> None:
    client = login(_leader(make_user))
    location = client.post("/reports/batch/", {**BATCH, "layout": "party"})["Location"]
    run_queued()
    status = client.get(location + "status/")
    assert b"hx-trigger" not in status.content
    assert b'data-testid="job-download"' in status.content


def test_my_jobs_are_on_the_dashboard(make_user: MakeUser, login: Login, db: None) -> None:
    leader = _leader(make_user)
    client = login(leader)
    client.post("/reports/batch/", {**BATCH, "layout": "party"})
    assert b'data-testid="jobs-card"' in client.get("/").content
    assert b'data-testid="jobs-card"' not in login(_leader(make_user)).get("/").content
