"""Confirm a case, trace it from the QR check-ins, turn the list into follow-ups and see the
dashboard change: in headless Chromium against the real server and the demo data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser


def count(page: Page, test_id: str) -> int:
    page.goto("/outbreak/")
    return int(page.get_by_test_id(test_id).inner_text().replace(".", ""))


def test_confirm_trace_follow_up_and_see_the_dashboard(page: Page, worker: None) -> None:
    log_in(page, "yte.chuse")
    cases_before = count(page, "count-cases")
    following_before = count(page, "count-following")

    page.goto("/outbreak/persons/?q=hoang+thi+ngoc+bich")
    page.get_by_role("link", name="Hoàng Thị Ngọc Bích").click()
    # the record asks once why it is opened (the first purpose is chosen)
    expect(page.get_by_test_id("access-reason-form")).to_be_visible()
    page.get_by_role("button", name="Mở hồ sơ").click()
    page.get_by_label("Mã ca bệnh").fill("GL-CS-08")
    page.get_by_label("Ngày khởi phát").fill("2021-06-29")
    page.get_by_label("Thời điểm xác nhận").fill("2021-06-30T08:00")
    page.get_by_role("button", name="Xác nhận ca bệnh").click()
    expect(page.get_by_test_id("case-title")).to_contain_text("GL-CS-08")

    page.get_by_test_id("trace-f2").click()
    result = page.get_by_test_id("trace-result")
    expect(result).to_contain_text("Trương Văn Hải")
    expect(result).to_contain_text("Y Đức Niê")
    expect(result).to_contain_text("Bến xe Chư Sê")
    page.get_by_test_id("make-contacts").click()
    # a background job (a large trace takes minutes): its page, then back to the case
    expect(page.get_by_test_id("job-state")).to_have_text("Đã xong", timeout=120_000)
    page.get_by_test_id("job-next").click()
    contacts = page.get_by_test_id("contacts")
    expect(contacts).to_contain_text("Trương Văn Hải")
    expect(contacts.locator("tbody tr")).to_have_count(2)

    assert count(page, "count-cases") == cases_before + 1
    assert count(page, "count-following") == following_before + 2
    expect(page.get_by_test_id("cases")).to_contain_text("GL-CS-08")


def test_the_leader_sees_counts_and_chains_but_no_names(page: Page) -> None:
    log_in(page, "lanhdao.chuse")
    page.goto("/outbreak/")
    expect(page.get_by_test_id("count-cases")).not_to_have_text("0")
    expect(page.get_by_test_id("cases")).not_to_contain_text("Nguyễn Văn Hùng")
    page.goto("/outbreak/chains/")
    expect(page.get_by_test_id("chains").locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("chains")).to_have_attribute("data-rendered", re.compile(r"\d+"))
    response = page.goto("/outbreak/persons/")
    assert response is not None and response.status == 403
