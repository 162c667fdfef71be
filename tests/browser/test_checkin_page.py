"""The QR check-in page on a phone (390 px): a health officer registers a venue, two people
scan its poster's URL and check in (consent required), the officer confirms one as a case and
the trace shows the other at that venue. Headless Chromium against the real server."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser
PHONE: ViewportSize = {"width": 390, "height": 844}
Phone = Callable[[], Page]
IA_BLANG = "23962"


@pytest.fixture
def phone(browser: Browser, live_url: str) -> Iterator[Phone]:
    """A factory of phones: each a new browser context (its own cookies) at 390 px."""
    contexts: list[BrowserContext] = []

    def open_phone() -> Page:
        context = browser.new_context(base_url=live_url, viewport=PHONE, is_mobile=True)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def register_venue(page: Page, name: str) -> str:
    """The path of the check-in URL the new venue's poster carries."""
    page.goto(f"/outbreak/venues/?unit={IA_BLANG}")
    form = page.get_by_test_id("venue-form")
    form.get_by_label("Tên địa điểm").fill(name)
    form.get_by_label("Địa chỉ").fill("Thôn Greo Pếch")
    form.get_by_test_id("venue-add").click()
    row = page.get_by_test_id("venue-row").filter(has_text=name)
    link = row.get_by_test_id("checkin-link").get_attribute("href") or ""
    assert re.fullmatch(r"https?://[^/]+/c/[A-Za-z0-9_-]{22}", link), link
    return re.sub(r"^https?://[^/]+", "", link)


def check_in(page: Page, path: str, phone_number: str, name: str) -> None:
    page.goto(path)
    page.get_by_label("Số điện thoại").fill(phone_number)
    page.get_by_label("Họ và tên").fill(name)
    page.locator("#consent").check()
    page.get_by_test_id("checkin").click()
    expect(page.get_by_test_id("checked-in")).to_be_visible()


def test_scan_check_in_and_appear_in_a_trace(page: Page, phone: Phone) -> None:
    log_in(page, "yte.chuse")
    path = register_venue(page, "Quán cơm Thử Quét")

    first = phone()
    first.goto(path)
    expect(first.get_by_test_id("venue-name")).to_have_text("Quán cơm Thử Quét")
    expect(first.get_by_test_id("consent-text")).to_contain_text("Nghị định 13/2023/NĐ-CP")
    assert first.evaluate("document.documentElement.scrollWidth") <= 390
    # without the consent box ticked nothing is recorded
    first.get_by_label("Số điện thoại").fill("0905 111 222")
    first.get_by_label("Họ và tên").fill("Lê Văn Quét")
    first.locator("#consent").evaluate("box => box.removeAttribute('required')")
    first.get_by_test_id("checkin").click()
    expect(first.get_by_test_id("checkin-error")).to_contain_text("đồng ý")
    check_in(first, path, "0905111222", "Lê Văn Quét")
    check_in(phone(), path, "+84905333444", "Đinh Thị Tiếp")

    today = datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    page.goto("/outbreak/persons/?q=le+van+quet")
    page.get_by_role("link", name="Lê Văn Quét").click()
    page.get_by_role("button", name="Mở hồ sơ").click()
    page.get_by_label("Mã ca bệnh").fill("GL-CS-QR1")
    page.get_by_label("Ngày khởi phát").fill(today)
    page.get_by_role("button", name="Xác nhận ca bệnh").click()
    expect(page.get_by_test_id("case-title")).to_contain_text("GL-CS-QR1")
    page.get_by_test_id("trace-f2").click()
    result = page.get_by_test_id("trace-result")
    expect(result).to_contain_text("Đinh Thị Tiếp")
    expect(result).to_contain_text("Quán cơm Thử Quét")


def test_check_in_then_out_on_the_same_phone(page: Page, phone: Phone) -> None:
    log_in(page, "yte.chuse")
    path = register_venue(page, "Tiệm tạp hóa Thử Ra")
    visitor = phone()
    check_in(visitor, path, "0905777888", "Rơ Mah Thử")
    visitor.get_by_test_id("checkout").click()
    expect(visitor.get_by_test_id("checkout-done")).to_be_visible()
    expect(visitor.get_by_test_id("checkin-form")).to_be_visible()
