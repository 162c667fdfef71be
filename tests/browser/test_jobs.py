"""A batch of reports as a background job, in Chromium against the real server and a real
worker (conftest's `worker`): start it from the review page, watch the job page move by
itself, download the zip."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser


def test_start_a_batch_of_reports_watch_it_and_download_the_zip(page: Page, worker: None) -> None:
    log_in(page, "lanhdao.chuse")
    page.goto("/reports/?unit=633&period=2021S1")
    batch = page.get_by_test_id("report-batch")
    batch.locator("#batch-format").select_option("md")
    batch.get_by_role("button", name="Chạy nền").click()

    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo sơ kết của")
    status = page.get_by_test_id("job-status")
    expect(status.locator("progress")).to_be_visible()
    # No reload: htmx fetches the status block every second until the job has finished.
    expect(page.get_by_test_id("job-state")).to_have_text("Đã xong", timeout=180_000)
    expect(page.get_by_test_id("job-status")).to_have_attribute("data-progress", "100")

    with page.expect_download() as info:
        page.get_by_test_id("job-download").click()
    download = info.value
    assert download.suggested_filename == "bao-cao-so-ket-633-2021S1-md.zip"
    names = zipfile.ZipFile(download.path()).namelist()
    assert len(names) > 10
    assert all(n.startswith("bao-cao-so-ket-") and n.endswith(".md") for n in names)

    page.goto("/")
    expect(page.get_by_test_id("jobs-card")).to_contain_text("Báo cáo sơ kết của")
