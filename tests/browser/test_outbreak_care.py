"""Traced contacts into quarantine from the contacts list, the zone map and its tooltips, in
headless Chromium against the real server and the demo data (Chư Sê, June 2021)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser

CONTACTS = "/outbreak/care/contacts/?unit=633&on=2021-06-26"


def test_quarantine_traced_contacts_and_see_the_counts_change(page: Page) -> None:
    log_in(page, "yte.chuse")
    page.goto(CONTACTS)
    before = int(page.get_by_test_id("active-quarantines").inner_text().replace(".", ""))
    for name in ("Đoàn Văn Long", "Tạ Minh Hiếu"):
        page.locator("tr", has_text=name).get_by_role("checkbox").first.check()
    page.get_by_test_id("quarantine-selected").click()
    expect(page.get_by_role("status").first).to_contain_text("F1-2021-05")
    expect(page.get_by_test_id("active-quarantines")).to_have_text(str(before + 2))
    expect(page.locator("tr", has_text="Đoàn Văn Long")).to_have_count(0)


def test_zone_map_draws_the_zones_and_people_without_tiles(page: Page) -> None:
    log_in(page, "yte.chuse")
    page.goto("/outbreak/care/zones/?unit=23941&on=2021-06-20")
    expect(page.locator("[data-care-map][data-ready='1']")).to_be_visible()
    expect(page.locator(".leaflet-overlay-pane path").first).to_be_attached()
    assert page.locator(".leaflet-tile").count() == 0


MARKUP_NAME = "<b>x</b><img src=x>"


def test_a_zone_named_with_markup_shows_its_name_as_text_in_the_tooltip(page: Page) -> None:
    """Leaflet inserts a string tooltip as HTML; care.js gives it a text node (issue 19)."""
    log_in(page, "yte.chuse")
    page.goto("/outbreak/care/zones/?unit=23941&on=2021-06-20")
    form = page.locator("[data-zone-form]")
    form.get_by_label("Tên").fill(MARKUP_NAME)
    form.locator("[name=shape]").select_option("circle")
    form.locator("[name=center_lat]").fill("13.7400")  # away from the demo's zones
    form.locator("[name=center_lon]").fill("108.1200")
    form.locator("[name=radius_m]").fill("400")
    form.locator("button[type=submit]").click()
    page.get_by_test_id("zones").get_by_role("link", name=MARKUP_NAME, exact=True).click()
    expect(page.locator("[data-care-map][data-ready='1']")).to_be_visible()
    page.locator(".leaflet-overlay-pane path").first.hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_have_text(MARKUP_NAME)
    expect(tooltip.locator("b, img")).to_have_count(0)


def test_a_leader_sees_counts_but_no_names(page: Page) -> None:
    log_in(page, "lanhdao.chuse")
    page.goto(CONTACTS)
    expect(page.locator("[data-testid=contacts] tbody tr").first).to_contain_text("#")
    expect(page.get_by_text("Hồ Thị Trang")).to_have_count(0)
