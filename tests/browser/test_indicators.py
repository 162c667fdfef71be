"""Data entry to district total, in headless Chromium against the real server and demo data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser


def district_revenue(page: Page) -> str:
    page.goto("/indicators/?unit=633&period=2021S2")
    return page.locator('tr[data-indicator="THU_NSNN"] [data-testid="value"]').inner_text()


def test_enter_submit_approve_and_see_the_district_total_change(page: Page) -> None:
    log_in(page, "lanhdao.chuse")
    before = district_revenue(page)
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, "canbo.iablang")
    page.goto("/indicators/forms/KTXH_THANG/23962/202112/")
    box = page.get_by_label("Thu ngân sách nhà nước trên địa bàn")
    box.fill("1.23")
    expect(page.locator('[data-testid="check-message"]').first).to_contain_text("1.234,5")
    box.fill("1.000")  # over 3 times December 2020: confirmed with a comment (quality rule)
    page.locator(f"#{box.get_attribute('name')}-comment").fill("Thu tiền sử dụng đất")
    page.get_by_role("button", name="Lưu lại").click()
    expect(page.get_by_role("status").first).to_be_visible()
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_test_id("form-state")).to_have_text(re.compile("submitted|Đã gửi"))
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, "lanhdao.chuse")
    page.goto("/indicators/forms/KTXH_THANG/23962/202112/")
    page.get_by_role("button", name="Duyệt và khóa").click()
    expect(page.get_by_test_id("form-state")).to_have_text(re.compile("approved|Đã duyệt"))
    after = district_revenue(page)
    assert after != before
