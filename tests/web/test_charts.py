"""Page charts (web/charts.py): in Vietnamese, what a chart writes into a page parses as numbers
(SVG attributes, data-* attributes, the JSON of its data); the trend across a merger."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from dieuhanh.accounts.models import Role
from dieuhanh.indicators.models import Indicator
from dieuhanh.web.charts import chart_markup, share_bar_svg, sparkline_svg, trend_chart
from tests.auth import Login
from tests.conftest import MakeUser
from tests.indicators.conftest import Put, catalogue, put  # noqa: F401 (fixtures)
from tests.web.chart_attributes import attribute_problems, json_blocks

MERGED = datetime.date(2025, 7, 1)
HALVES = [
    ("6 tháng đầu năm 2024", datetime.date(2024, 1, 1)),
    ("6 tháng cuối năm 2024", datetime.date(2024, 7, 1)),
    ("6 tháng đầu năm 2025", datetime.date(2025, 1, 1)),
    ("6 tháng cuối năm 2025", datetime.date(2025, 7, 1)),
]


def test_the_checker_catches_a_decimal_comma_in_an_svg_attribute() -> None:
    assert attribute_problems('<svg><rect width="16,7"/></svg>') == ["<rect width='16,7'>"]


def test_the_checker_catches_a_localised_number_in_json() -> None:
    html = '<script type="application/json">{"v": "1.234,5"}</script>'
    assert attribute_problems(html) == ["json[0].v = '1.234,5'"]


def test_the_checker_catches_a_localised_data_attribute() -> None:
    assert attribute_problems('<div data-value="5.700,5"></div>') != []


def test_the_sparkline_parses_in_vietnamese() -> None:
    with translation.override("vi"):
        svg = sparkline_svg([Decimal("16.7"), Decimal("1234.56"), None, Decimal("3")], "GTSX")
    assert attribute_problems(svg) == [] and "<polyline" in svg


def test_the_share_bar_parses_in_vietnamese() -> None:
    with translation.override("vi"):
        svg = share_bar_svg([("A", Decimal("1800.5")), ("B", Decimal("2190.25"))], "Cơ cấu")
    assert attribute_problems(svg) == []


def test_the_share_bar_legend_is_vietnamese_formatted() -> None:
    with translation.override("vi"):
        svg = share_bar_svg([("A", Decimal("1")), ("B", Decimal("2"))], "Cơ cấu")
    assert "33,3%" in svg


def test_a_trend_chart_carries_json_numbers() -> None:
    data = trend_chart(
        periods=HALVES,
        values=[Decimal("5146.78"), None, Decimal("5300.5"), Decimal("5607.87")],
        decimals=2,
        unit_of_measure="tỷ đồng",
        formed_on=None,
        labels={"series": "GTSX"},
    )
    assert data["values"] == [5146.78, None, 5300.5, 5607.87]


def test_a_trend_marks_the_first_period_of_a_unit_formed_by_the_merger() -> None:
    data = trend_chart(
        periods=HALVES, values=[None] * 4, decimals=2, unit_of_measure="", formed_on=MERGED,
        labels={},
    )  # fmt: skip
    assert data["formed_index"] == 3


def test_a_trend_of_a_unit_older_than_its_periods_has_no_merger_mark() -> None:
    data = trend_chart(
        periods=HALVES, values=[None] * 4, decimals=2, unit_of_measure="",
        formed_on=datetime.date(1990, 1, 1), labels={},
    )  # fmt: skip
    assert data["formed_index"] is None


def test_the_chart_markup_parses_in_vietnamese() -> None:
    data = trend_chart(
        periods=HALVES, values=[Decimal("1234.5")] * 4, decimals=1, unit_of_measure="ha",
        formed_on=MERGED, labels={"series": "Diện tích"},
    )  # fmt: skip
    with translation.override("vi"):
        html = chart_markup("trend", data, "trend-0", "Diện tích", SafeString("<span>–</span>"))
    assert attribute_problems(html) == [] and json_blocks(html)[0] == data


@pytest.mark.django_db
def test_the_dashboard_trends_parse_in_vietnamese(
    catalogue: dict[str, Indicator],  # noqa: F811 (the indicators' fixture, imported above)
    put: Put,  # noqa: F811
    make_user: MakeUser,
    login: Login,
) -> None:
    catalogue["GTSX_NLTS"].is_key = True
    catalogue["GTSX_NLTS"].save()
    put("GTSX_NLTS", "23962", "202101", "1234.5", option="CURRENT")
    put("GTSX_NLTS", "23962", "202107", "16.7", option="CURRENT")
    page = login(make_user(role=Role.LEADER, capture=("633",))).get("/", HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    trends = [b for b in json_blocks(html) if isinstance(b, dict) and "formed_index" in b]
    assert attribute_problems(html) == [] and trends[0]["values"][-2:] == [1234.5, 16.7]
