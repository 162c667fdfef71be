"""A values import larger than JOBS_IMPORT_INLINE_BYTES runs as a background job: the page and
the API hand back the job, the worker imports all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from dieuhanh.accounts.models import User
from dieuhanh.accounts.services import token_issue
from dieuhanh.indicators.models import DataValue, Indicator
from dieuhanh.jobs.models import Job, JobState
from tests.auth import Login
from tests.indicators.files import GOOD, SIBLING, upload
from tests.jobs.queue import run_queued


@pytest.fixture(autouse=True)
def _small_inline_limit(settings: Settings, tmp_path: Path) -> None:
    settings.JOBS_IMPORT_INLINE_BYTES = 10
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_large_import_on_the_page_becomes_a_job(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    response = client.post("/indicators/import/", {"file": upload(GOOD)})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert not DataValue.objects.exists()
    run_queued()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error_en
    assert job.result["created"] == DataValue.objects.count() > 0


def test_a_large_import_with_a_bad_row_fails_and_imports_nothing(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    client.post("/indicators/import/", {"file": upload(SIBLING)})
    run_queued()
    job = Job.objects.get()
    assert job.state == JobState.FAILED and job.error_vi and job.error_en
    assert not DataValue.objects.exists()


def test_a_large_import_over_the_api_answers_202(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    client = Client(headers={"Authorization": f"Bearer {token_issue(user=officer)}"})
    response = client.post("/api/import", {"file": upload(GOOD)})
    assert response.status_code == 202
    assert response.json()["url"] == f"/api/jobs/{Job.objects.get().pk}"


def test_a_dry_run_stays_in_the_request(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    response = client.post("/indicators/import/", {"file": upload(GOOD), "dry_run": "1"})
    assert response.status_code == 200
    assert not Job.objects.exists()
