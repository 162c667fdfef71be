"""Assign a task, report progress as the assignee, see the leaders' table change: in headless
Chromium against the real server and the demo data."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser


def on_time_total(page: Page) -> int:
    page.goto("/direction/?unit=633")
    cell = page.get_by_test_id("leaders-total").locator('[data-col="on_time"]')
    return int(cell.inner_text().replace(".", ""))


def test_assign_report_progress_and_see_the_leaders_table_change(page: Page) -> None:
    title = f"Tổng hợp báo cáo dư luận xã hội {uuid.uuid4().hex[:8]}"
    log_in(page, "lanhdao.chuse")
    before = on_time_total(page)
    page.get_by_role("link", name=re.compile("Giao nhiệm vụ theo Kết luận")).first.click()
    page.get_by_label("Nhiệm vụ", exact=True).fill(title)
    page.get_by_label("Đơn vị chủ trì").select_option("633")
    page.get_by_label("Cơ quan chủ trì").fill("Văn phòng Huyện ủy")
    # Huyện Chư Sê existed until 30 June 2025: the demo's tasks are dated in 2021.
    page.get_by_label("Ngày giao").fill("2021-08-02")
    page.get_by_label("Thời hạn").fill("2021-09-30")
    page.get_by_role("button", name="Giao", exact=True).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    # Seen today, an unfinished task due in 2021 is overdue.
    expect(page.get_by_test_id("task-status")).to_have_attribute("data-status", "overdue")
    task_url = page.url
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, "vanphong.huyenuy")
    page.goto(task_url)
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("100")
    page.get_by_label("Ngày báo cáo").fill("2021-09-20")
    page.get_by_label("Ghi chú").fill("Đã tổng hợp, báo cáo Ban Thường vụ")
    page.get_by_role("button", name="Báo cáo", exact=True).click()
    expect(page.get_by_test_id("task-status")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("progress-history")).to_contain_text("Ban Thường vụ")
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, "lanhdao.chuse")
    assert on_time_total(page) == before + 1
    row = page.locator('tr[data-assignee="Văn phòng Huyện ủy"]')
    expect(row.locator('[data-col="on_time"]')).not_to_have_text("0")


def test_the_security_log_is_not_offered_to_the_party_office(page: Page) -> None:
    log_in(page, "vanphong.huyenuy")
    page.goto("/direction/")
    tabs = page.locator("ul.nav-tabs")
    expect(tabs.get_by_role("link", name="Kiểm tra, giám sát", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="An ninh, trật tự", exact=True)).to_have_count(0)
    response = page.goto("/direction/public-order/")
    assert response is not None and response.status == 403
