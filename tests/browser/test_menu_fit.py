"""The menu and the dashboard fit the screens people use (issue 20): on a 1366 px desktop the
menu is one line with the language box whole, for every demo account; on a 390 px phone the
dashboard's key figures start on the first screen; the API's documentation is offered only to
those who use the API."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, StorageState, ViewportSize, expect

from dieuhanh.demo.services import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.browser

USERNAMES = [a.username for a in DEMO_ACCOUNTS]
DESKTOP: ViewportSize = {"width": 1366, "height": 768}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def sessions(browser: Browser, live_url: str) -> dict[str, StorageState]:
    """One logged-in browser state per demo account (logging in is rate-limited and slow)."""
    states: dict[str, StorageState] = {}
    for username in USERNAMES:
        context = browser.new_context(base_url=live_url)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        states[username] = context.storage_state()
        context.close()
    return states


def _open(
    browser: Browser, live_url: str, state: StorageState, viewport: ViewportSize
) -> tuple[Page, BrowserContext]:
    context = browser.new_context(base_url=live_url, storage_state=state, viewport=viewport)
    page = context.new_page()
    page.goto("/")
    return page, context


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return {"top": box["y"], "bottom": box["y"] + box["height"], "right": box["x"] + box["width"]}


@pytest.mark.parametrize("username", USERNAMES)
def test_desktop_menu_is_one_line(
    browser: Browser, live_url: str, sessions: dict[str, StorageState], username: str
) -> None:
    page, context = _open(browser, live_url, sessions[username], DESKTOP)
    try:
        menu = _box(page, "#mainnav")
        line = max(
            _box(page, "#mainnav > ul.navbar-nav")["bottom"]
            - _box(page, "#mainnav > ul.navbar-nav")["top"],
            _box(page, "#language-select")["bottom"] - _box(page, "#language-select")["top"],
        )
        # every entry on one row: the menu is no taller than its tallest entry
        assert menu["bottom"] - menu["top"] <= line + 1, (username, menu, line)
        language = _box(page, "#language-submit")
        assert language["right"] <= DESKTOP["width"], username
        logout = _box(page, "button:has-text('Đăng xuất')")
        assert logout["right"] <= DESKTOP["width"] and logout["top"] < menu["bottom"], username
    finally:
        context.close()


@pytest.mark.parametrize("username", USERNAMES)
def test_phone_shows_the_key_figures_on_the_first_screen(
    browser: Browser, live_url: str, sessions: dict[str, StorageState], username: str
) -> None:
    page, context = _open(browser, live_url, sessions[username], PHONE)
    try:
        figures = page.locator("[data-testid=key-indicators], [data-testid=module-cards]")
        if figures.count() == 0:  # a role with no key figures: nothing to bring up
            pytest.skip(f"{username}: no key figures on the dashboard")
        assert (
            _box(page, "[data-testid=key-indicators], [data-testid=module-cards]")["top"]
            < PHONE["height"] * 0.5
        ), username
        nav = _box(page, "nav.navbar")
        assert nav["bottom"] - nav["top"] < 80, username  # the collapsed menu: one bar
    finally:
        context.close()


def test_phone_menu_lists_every_module_of_a_group(
    browser: Browser, live_url: str, sessions: dict[str, StorageState]
) -> None:
    page, context = _open(browser, live_url, sessions["lanhdao.chuse"], PHONE)
    try:
        page.get_by_role("button", name="Mở/đóng menu").click()
        for name in ("Chỉ tiêu", "Báo cáo", "Đơn vị hành chính", "An ninh, trật tự"):
            expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    finally:
        context.close()


def test_desktop_group_opens_its_modules(
    browser: Browser, live_url: str, sessions: dict[str, StorageState]
) -> None:
    page, context = _open(browser, live_url, sessions["lanhdao.chuse"], DESKTOP)
    try:
        link = page.get_by_role("link", name="Đơn vị hành chính", exact=True)
        expect(link).to_be_hidden()
        page.get_by_role("button", name="Số liệu").click()
        expect(link).to_be_visible()
    finally:
        context.close()


def test_api_documentation_only_for_api_users(
    browser: Browser, live_url: str, sessions: dict[str, StorageState]
) -> None:
    admin, admin_context = _open(browser, live_url, sessions["admin"], DESKTOP)
    leader, leader_context = _open(browser, live_url, sessions["lanhdao.chuse"], DESKTOP)
    try:
        assert admin.get_by_test_id("api-docs-link").count() == 1
        assert leader.get_by_test_id("api-docs-link").count() == 0
    finally:
        admin_context.close()
        leader_context.close()
