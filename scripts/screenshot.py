"""Refresh docs/screenshot.png: the unit tree of the demo, in headless Chromium.

Usage: .venv/bin/python scripts/screenshot.py URL   (a server running the demo data)
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(url: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(
            base_url=url, viewport={"width": 1280, "height": 860}, locale="vi-VN"
        )
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill("lanhdao.chuse")
        page.get_by_label("Mật khẩu").fill("ChuSe@2021-demo")
        page.get_by_role("button", name="Đăng nhập").click()
        page.goto("/units/?on=2021-07-01")
        page.locator('li[data-code="633"] > details > summary').click()
        page.locator('li[data-code="633"] li[data-code]').nth(14).wait_for()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path="docs/screenshot.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1])
