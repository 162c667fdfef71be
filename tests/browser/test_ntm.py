"""The new-rural matrix and an assessment, in headless Chromium against the real server and the
demo data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser


def test_the_district_matrix_shows_eleven_of_fourteen_with_colours(page: Page) -> None:
    log_in(page, "lanhdao.chuse")
    page.goto("/ntm/?unit=633&on=2021-07-01")
    expect(page.get_by_test_id("ntm-recognised")).to_have_text("11/14")
    matrix = page.get_by_test_id("ntm-matrix")
    expect(matrix.locator("tbody tr")).to_have_count(14)
    ia_blang = matrix.locator('tr[data-commune="23962"]')
    expect(ia_blang.get_by_test_id("ntm-met-count")).to_have_text("15")
    met = ia_blang.locator('td[data-status="met"]').first
    missed = ia_blang.locator('td[data-status="not_met"]').first
    colours = [c.evaluate("e => getComputedStyle(e).backgroundColor") for c in (met, missed)]
    assert colours[0] != colours[1]
    expect(page.get_by_test_id("ntm-closest")).to_contain_text("Xã Ia Blang: 15/19")


def test_a_commune_officer_enters_the_own_assessment(page: Page) -> None:
    log_in(page, "canbo.iablang")
    page.goto("/ntm/communes/23962/2022/?on=2022-12-31")
    page.get_by_label("4.1 Hệ thống điện đạt chuẩn").fill("Đạt")
    page.locator("#tc-10").select_option("met")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu đánh giá")
    expect(page.get_by_test_id("ntm-count")).to_have_text(re.compile(r"Đạt \d+/19 tiêu chí"))


def test_a_commune_officer_cannot_open_a_sibling_commune(page: Page) -> None:
    log_in(page, "canbo.iablang")
    response = page.goto("/ntm/communes/23965/2022/?on=2022-12-31")
    assert response is not None and response.status == 403
