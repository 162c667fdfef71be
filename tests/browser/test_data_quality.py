"""Data quality and form states in headless Chromium against the real server and demo data:
an outlier flagged as typed, saved only with a comment, submitted, read-only; the leader sees it
in the inbox and the approval screen with the previous value and the flag, returns it with a
reason; the officer sees the reason and edits again. And the phone's sticky action bar."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser

FORM = "/indicators/forms/KTXH_THANG/23962/202111/"
REVENUE = "Thu ngân sách nhà nước trên địa bàn"


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_outlier_comment_submit_read_only_return_and_edit_again(page: Page) -> None:
    log_in(page, "canbo.iablang")
    page.goto(FORM)
    box = page.get_by_label(REVENUE)
    name = box.get_attribute("name")
    before = box.input_value()
    box.fill("987.654")  # far beyond any month of the commune's revenue
    expect(page.locator(f'#msg-{name}[data-flagged="1"]')).to_contain_text("ghi chú")
    comment = page.locator(f"#{name}-comment")
    expect(comment).to_be_visible()

    page.get_by_role("button", name="Lưu lại").click()  # no comment: refused, nothing saved
    expect(page.locator(f'#msg-{name}[data-flagged="1"]')).to_be_visible()
    page.locator(f"#{name}-comment").fill("Thu tiền sử dụng đất một lần")
    page.get_by_role("button", name="Lưu lại").click()
    expect(page.get_by_label(REVENUE)).to_have_value("987.654")
    expect(page.get_by_test_id("stored-flags")).to_be_visible()

    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_test_id("form-state")).to_have_text(re.compile("Đã gửi"))
    expect(page.get_by_test_id("read-only")).to_be_visible()
    expect(page.get_by_label(REVENUE)).to_have_attribute("readonly", "")
    expect(page.get_by_role("button", name="Lưu lại")).to_have_count(0)
    log_out(page)

    log_in(page, "lanhdao.chuse")
    inbox = page.get_by_test_id("inbox-awaiting")
    inbox.locator(f'a[href="{FORM}"]').click()
    change = page.get_by_test_id("change-row").filter(has_text=REVENUE)
    expect(change.get_by_test_id("change-after")).to_have_text("987.654")
    if before:
        expect(change.get_by_test_id("change-before")).to_have_text(before)
    expect(change.get_by_test_id("change-flags")).to_be_visible()
    expect(change).to_contain_text("Thu tiền sử dụng đất một lần")
    expect(page.get_by_role("button", name="Mở khóa")).to_have_count(0)
    page.get_by_label("Lý do trả lại").fill("Đề nghị kiểm tra lại khoản thu tiền đất")
    page.get_by_test_id("return").click()
    expect(page.get_by_test_id("form-state")).to_have_text(re.compile("Đang nhập"))
    log_out(page)

    log_in(page, "canbo.iablang")
    page.goto(FORM)
    expect(page.get_by_test_id("return-reason")).to_contain_text(
        "Đề nghị kiểm tra lại khoản thu tiền đất"
    )
    box = page.get_by_label(REVENUE)
    expect(box).not_to_have_attribute("readonly", "")
    box.fill(before or "1")
    page.get_by_role("button", name="Lưu lại").click()
    expect(page.get_by_label(REVENUE)).to_have_value(before or "1")


def test_the_forms_actions_are_on_a_phones_first_screen(browser: Browser, live_url: str) -> None:
    context = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        log_in(page, "canbo.iablang")
        page.goto("/indicators/forms/KTXH_THANG/23962/202110/")
        bar = page.get_by_test_id("action-bar")
        box = bar.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844
        expect(bar.get_by_role("button", name="Lưu lại")).to_be_in_viewport()
        expect(bar.get_by_role("button", name="Gửi duyệt")).to_be_in_viewport()
    finally:
        context.close()
