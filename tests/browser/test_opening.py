"""Issue 20 items 1, 5 and 7 in Chromium against the served demo: pages asked without a query
string open on the user's own unit and its newest data (never empty), the unit picker finds a
commune typed without accents, and totals say how many communes reported."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser

# (account, page, what shows the page holds data)
OPENINGS = [
    ("lanhdao.chuse", "/units/", '[data-testid="unit-tree"] [data-code="633"]'),
    ("canbo.iablang", "/units/", '[data-testid="unit-tree"] [data-code="23962"]'),
    ("xem.gialai", "/units/", '[data-testid="unit-tree"] li'),
    ("congan.chuse", "/units/", '[data-testid="unit-tree"] [data-code="633"]'),
    ("admin", "/units/", '[data-testid="unit-tree"] li'),
    ("lanhdao.chuse", "/indicators/", '[data-testid="completeness"]'),
    ("canbo.iablang", "/indicators/", '[data-testid="completeness"]'),
    ("admin", "/indicators/", '[data-testid="completeness"]'),
    ("lanhdao.xachuse", "/indicators/", '[data-testid="completeness"]'),
    (
        "congan.chuse",
        "/direction/public-order/",
        '[data-testid="public-order-events"] td.text-nowrap',
    ),
    ("lanhdao.chuse", "/indicators/rates/", '[data-testid="rates-table"] tbody tr[data-unit]'),
    ("lanhdao.chuse", "/", '[data-testid="key-indicators"] [data-testid="completeness"]'),
]


@pytest.mark.parametrize(("account", "path", "holds_data"), OPENINGS)
def test_a_page_without_a_query_string_opens_on_data(
    page: Page, account: str, path: str, holds_data: str
) -> None:
    log_in(page, account)
    page.goto(path)
    expect(page.locator(holds_data).first).to_be_visible()


def test_the_review_total_says_how_many_communes_reported(page: Page) -> None:
    log_in(page, "lanhdao.chuse")
    page.goto("/indicators/")
    expect(page.get_by_test_id("completeness")).to_contain_text("đơn vị đã báo cáo (cấp xã)")


def test_the_unit_picker_finds_a_commune_typed_without_accents(page: Page) -> None:
    log_in(page, "lanhdao.chuse")
    page.goto("/indicators/")
    page.locator("#review-unit").fill("ia blang")
    page.get_by_role("option", name="Xã Ia Blang — Huyện Chư Sê").click()
    page.locator("[data-period-kind]").select_option("month")
    page.locator("#review-period").select_option("202112")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("h1")).to_contain_text("Xã Ia Blang")
    assert "unit=23962" in page.url and "period=202112" in page.url


def test_the_unit_picker_searches_the_units_of_the_chosen_period(page: Page) -> None:
    """An administrator opens on 2025S2, after the reform; choosing 2021S1 makes the 2021
    communes (merged in 2025) findable by name."""
    log_in(page, "admin")
    page.goto("/indicators/")
    page.locator("#review-period").select_option("2021S1")
    page.locator("#review-unit").fill("ia blang")
    expect(page.get_by_role("option", name="Xã Ia Blang — Huyện Chư Sê")).to_be_visible()
