"""A user's first steps, in headless Chromium against the real server and the demo data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dieuhanh.demo.services import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    # Wait for the next page to load (its scripts run): a click on the phone menu's toggle
    # before Bootstrap has attached its handler does nothing, and the test would race it.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Đăng nhập").click()


def test_log_in_and_see_the_dashboard(page: Page) -> None:
    log_in(page, "lanhdao.chuse")
    expect(page.get_by_test_id("current-user")).to_contain_text("Lãnh đạo huyện Chư Sê")
    page.get_by_role("button", name="Số liệu").click()  # the menu group of the data modules
    expect(page.get_by_role("link", name="Đơn vị hành chính", exact=True)).to_be_visible()


def test_wrong_password_is_refused(page: Page) -> None:
    log_in(page, "lanhdao.chuse", "sai-mat-khau")
    expect(page.get_by_test_id("login-error")).to_be_visible()


def test_switch_language_to_english_and_back(page: Page) -> None:
    log_in(page, "lanhdao.chuse")
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Chuyển").click()
    page.get_by_role("button", name="Data").click()
    expect(page.get_by_role("link", name="Administrative units", exact=True)).to_be_visible()
    page.get_by_label("Language").select_option("vi")
    page.get_by_role("button", name="Switch").click()
    page.get_by_role("button", name="Số liệu").click()
    expect(page.get_by_role("link", name="Đơn vị hành chính", exact=True)).to_be_visible()


def test_unit_tree_before_the_reform(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/units/?on=2021-07-01")
    page.locator('li[data-code="64"] > details > summary').click()
    expect(page.locator('li[data-code="64"] li[data-code]')).to_have_count(17)
    page.locator('li[data-code="633"] > details > summary').click()
    expect(page.locator('li[data-code="633"] li[data-code]')).to_have_count(15)


def test_unit_tree_after_the_reform(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/units/?on=2025-07-01")
    page.locator('li[data-code="52"] > details > summary').click()
    expect(page.locator('li[data-code="52"] li[data-code]')).to_have_count(135)
    page.locator('li[data-code="23941"] a.unit-name').click()
    expect(page.get_by_test_id("predecessors")).to_contain_text("Ia Blang")


def test_search_as_you_type_ignores_accents(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/units/?on=2025-07-01")
    page.get_by_label("Tìm theo tên").fill("chu se")
    expect(page.get_by_test_id("search-results")).to_contain_text("Xã Chư Sê")
    expect(page).to_have_url(re.compile(r"q=chu(\+|%20)se"))


def test_phone_width_keeps_the_navigation_reachable(page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "lanhdao.chuse")
    page.get_by_role("button", name="Mở/đóng menu").click()
    expect(page.get_by_role("link", name="Đơn vị hành chính", exact=True)).to_be_visible()


def test_out_of_scope_unit_shows_a_clear_refusal(page: Page) -> None:
    log_in(page, "canbo.iablang")
    page.goto("/units/23965/?on=2021-07-01")
    expect(page.get_by_test_id("error")).to_contain_text("403")
