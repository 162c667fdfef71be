"""Compose the half-year review on screen and download it, in Chromium against the real server."""

from __future__ import annotations

import io

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser


def test_compose_write_an_assessment_and_download_the_docx(page: Page) -> None:
    log_in(page, "lanhdao.chuse")
    page.get_by_role("button", name="Số liệu").click()  # the menu group of the data modules
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.locator("#report-unit").fill("chu se")  # the unit by name, accents optional
    page.get_by_role("option", name="Huyện Chư Sê — Tỉnh Gia Lai").click()
    page.locator("[data-period-kind]").select_option("half_year")
    page.locator("#report-period").select_option("2021S1")
    page.get_by_role("button", name="Lập báo cáo").click()
    preview = page.get_by_test_id("report-preview")
    expect(preview).to_contain_text("Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng")
    expect(preview).to_contain_text("HUYỆN ỦY CHƯ SÊ")

    page.get_by_role("link", name="Viết nhận định, đánh giá từng phần").click()
    page.get_by_label("Hạn chế, khó khăn và nguyên nhân").fill(
        "Tiến độ giải ngân vốn đầu tư công còn chậm."
    )
    page.locator('[data-section="limitations"]').get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Quay lại báo cáo").click()
    expect(page.get_by_test_id("report-preview")).to_contain_text(
        "Tiến độ giải ngân vốn đầu tư công còn chậm."
    )

    with page.expect_download() as info:
        page.locator('[data-format="docx"]').click()
    download = info.value
    assert download.suggested_filename == "bao-cao-so-ket-633-2021S1-party.docx"
    path = download.path()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "Tiến độ giải ngân vốn đầu tư công còn chậm." in text
