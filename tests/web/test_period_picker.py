"""The period picker's choices (web/templatetags/pickers.py) are built once per year and
language, and each language keeps its own labels."""

from __future__ import annotations

from django.utils import translation

from dieuhanh.web.templatetags.pickers import period_picker


def _half_years(language: str) -> list[tuple[str, str, str]]:
    with translation.override(language):
        groups = period_picker("2021S1", "review-period")["groups"]
    assert isinstance(groups, list)
    return next(periods for kind, _label, periods in groups if kind == "half_year")


def test_each_language_has_its_own_labels() -> None:
    vi, en, vi_again = _half_years("vi"), _half_years("en"), _half_years("vi")
    assert ("2021S1", "6 tháng đầu năm 2021", "2021-06-30") in vi
    assert vi == vi_again and vi != en
