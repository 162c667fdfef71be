"""Charts a person reads (issue 20, items 2, 9 and 10): no console error on any page of the demo's
menu, numbers never localised in what the pages write, and the page charts (ECharts) at desktop
and phone width: values on hover, the curve by onset or confirmation, PNG export, the trend
across the 2025 merger, chain labels that do not overlap, the zone map's offline base layer.
Screenshots go to $DIEUHANH_SCREENSHOTS (default: the temporary folder)/dieuhanh-charts."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import log_in
from tests.web.chart_attributes import attribute_problems

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

ACCOUNTS = ("lanhdao.chuse", "canbo.iablang", "yte.chuse", "admin")
SCREENS = {"desktop": (1366, 900), "phone": (390, 844)}
SHOTS = Path(os.environ.get("DIEUHANH_SCREENSHOTS", tempfile.gettempdir())) / "dieuhanh-charts"
DAY = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest, browser: Browser, live_url: str) -> Iterator[Page]:
    """A page at desktop or phone width."""
    width, height = SCREENS[request.param]
    context = browser.new_context(base_url=live_url, viewport={"width": width, "height": height})
    page = context.new_page()
    yield page
    context.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def errors_of(page: Page) -> list[str]:
    """Console errors, uncaught exceptions and failed requests of the page, from now on."""
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    return errors


def menu_pages(page: Page) -> list[str]:
    """The pages of the main menu and, on each, the tabs of its module, each once."""
    seen: list[str] = []
    links = "els => els.map(e => e.getAttribute('href'))"
    for href in page.eval_on_selector_all("#mainnav a[href^='/']", links):
        if href not in seen:
            seen.append(href)
    for href in list(seen):
        page.goto(href)
        for tab in page.eval_on_selector_all("main .nav a[href^='/']", links):
            if tab not in seen:
                seen.append(tab)
    return seen


@pytest.mark.parametrize("username", ACCOUNTS)
def test_no_console_error_on_any_page_of_the_menu(page: Page, username: str) -> None:
    log_in(page, username)
    errors = errors_of(page)
    for href in menu_pages(page):
        page.goto(href)
        page.wait_for_load_state("networkidle")
    assert errors == []


@pytest.mark.parametrize("username", ACCOUNTS)
def test_no_page_of_the_menu_writes_a_localised_number_into_an_attribute(
    page: Page, username: str
) -> None:
    log_in(page, username)
    problems = {
        href: attribute_problems(page.request.get(href).text()) for href in menu_pages(page)
    }
    assert {href: p for href, p in problems.items() if p} == {}


def epicurve(page: Page) -> None:
    log_in(page, "yte.chuse")
    page.goto("/outbreak/")
    expect(page.locator("[data-chart=epicurve] canvas")).to_have_count(1)


def hover_until_tooltip(page: Page, test_id: str, pattern: re.Pattern[str]) -> str:
    """Move across the chart until its tooltip shows text matching `pattern`."""
    chart = page.get_by_test_id(test_id)
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    for step in range(2, 40):
        page.mouse.move(box["x"] + box["width"] * step / 40, box["y"] + box["height"] * 0.7)
        text = chart.inner_text()
        if pattern.search(text):
            return text
    return chart.inner_text()


def test_the_epidemic_curve_shows_the_day_and_count_on_hover(screen: Page) -> None:
    epicurve(screen)
    text = hover_until_tooltip(screen, "epi-curve", re.compile(r"Ca bệnh theo ngày xác nhận: \d"))
    shot(screen, "epicurve")
    assert DAY.search(text) and "Ca bệnh theo ngày xác nhận: " in text


def test_the_epidemic_curve_counts_by_onset_when_asked(screen: Page) -> None:
    epicurve(screen)
    screen.locator("label[for=epi-by-onset]").click()
    text = hover_until_tooltip(screen, "epi-curve", re.compile(r"theo ngày khởi phát: \d"))
    assert "Ca bệnh theo ngày khởi phát: " in text


def test_the_epidemic_curve_shows_its_seven_day_average(page: Page) -> None:
    epicurve(page)
    text = hover_until_tooltip(page, "epi-curve", re.compile(r"Trung bình 7 ngày: \d"))
    assert re.search(r"Trung bình 7 ngày: \d+(,\d+)?", text)


def toolbox_icon(page: Page, test_id: str) -> tuple[float, float]:
    """Where the toolbox's save icon is: the point near the chart's top right corner where the
    chart shows a pointer."""
    chart = page.get_by_test_id(test_id)
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    cursor = (
        f"() => getComputedStyle(document.querySelector('[data-testid={test_id}] > div')).cursor"
    )
    for dy in range(4, 44, 3):
        for dx in range(8, 48, 3):
            x, y = box["x"] + box["width"] - dx, box["y"] + dy
            page.mouse.move(x, y)
            if page.evaluate(cursor) == "pointer":
                return x, y
    raise AssertionError("no toolbox icon")


def test_the_epidemic_curve_exports_a_png(page: Page) -> None:
    epicurve(page)
    x, y = toolbox_icon(page, "epi-curve")
    with page.expect_download() as download:
        page.mouse.click(x, y)
    assert download.value.suggested_filename == "epidemic-curve.png"


def test_the_dashboard_trend_says_which_figures_come_from_before_the_merger(page: Page) -> None:
    # A wide screen: on a phone the trend column gives way to the key figures (test_menu_fit).
    screen = page
    log_in(screen, "lanhdao.xachuse")
    chart = screen.locator("[data-chart=trend]").first
    expect(chart.locator("canvas")).to_be_visible()
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    before_merger = re.compile(r"năm 2024\n[\d.]+,\d\d tỷ đồng\nSố liệu của các đơn vị hợp thành")
    text = ""
    for step in range(1, 40):
        screen.mouse.move(box["x"] + box["width"] * step / 40, box["y"] + box["height"] / 2)
        text = chart.inner_text()
        if before_merger.search(text):
            break
    shot(screen, "dashboard-trends")
    assert before_merger.search(text)


def label_boxes(page: Page, selector: str) -> list[list[float]]:
    """The boxes (x, y, width, height) of the node labels ECharts shows in the graph; a label
    hidden because it would overlap another is left out."""
    boxes: list[list[float]] = page.evaluate(
        """(selector) => {
            const chart = echarts.getInstanceByDom(document.querySelector(selector));
            const data = chart.getModel().getSeriesByIndex(0).getData();
            const boxes = [];
            for (let i = 0; i < data.count(); i++) {
              const group = data.getItemGraphicEl(i);
              if (!group) { continue; }
              group.traverse((el) => {
                const text = el.getTextContent && el.getTextContent();
                if (!text || text.ignore || text.invisible || !text.style.text) { return; }
                const r = text.getBoundingRect().clone();
                r.applyTransform(text.getComputedTransform());
                boxes.push([r.x, r.y, r.width, r.height]);
              });
            }
            return boxes;
        }""",
        selector,
    )
    return boxes


def overlapping(boxes: list[list[float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes)
        if i < j
        and a[0] < b[0] + b[2] - 1
        and b[0] < a[0] + a[2] - 1
        and a[1] < b[1] + b[3] - 1
        and b[1] < a[1] + a[3] - 1
    ]


def test_the_chain_graph_labels_do_not_overlap(screen: Page) -> None:
    log_in(screen, "yte.chuse")
    screen.goto("/outbreak/chains/")
    expect(screen.get_by_test_id("chains")).to_have_attribute("data-rendered", re.compile(r"\d+"))
    boxes = label_boxes(screen, "#chains [data-role=graph]")
    shot(screen, "chains")
    assert len(boxes) > 2 and overlapping(boxes) == []


def test_the_chain_table_reads_dates_day_first(page: Page) -> None:
    log_in(page, "lanhdao.chuse")
    page.goto("/outbreak/chains/")
    rows = page.get_by_test_id("chains").locator("tbody tr")
    expect(rows.first).to_be_visible()
    text = rows.first.inner_text()
    assert DAY.search(text) and not ISO_DAY.search(text)


def test_the_zone_map_names_the_communes_without_a_tile_server(screen: Page) -> None:
    log_in(screen, "yte.chuse")
    hosts: list[str] = []
    screen.on(
        "request",
        lambda r: hosts.append(urlsplit(r.url).netloc) if r.url.startswith("http") else None,
    )
    screen.goto("/outbreak/care/zones/")
    expect(screen.get_by_test_id("zone-map")).to_have_attribute("data-ready", "1")
    labels = screen.locator(".care-map-label")
    shot(screen, "zones")
    assert "Xã Ia Blang" in labels.all_inner_texts() and len(set(hosts)) == 1
