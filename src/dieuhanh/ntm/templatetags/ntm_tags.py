"""Template helpers of the ntm pages: targets and values written the Vietnamese way."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from dieuhanh.ntm.models import CriterionIndicator, IndicatorKind
from dieuhanh.ntm.pure.evaluation import Target, Value
from dieuhanh.ntm.selectors.exchange import NOT_KNOWN, target_text, value_text

register = template.Library()


@register.simple_tag
def target_label(indicator: CriterionIndicator, target: Target | None) -> str:
    text = target_text(indicator, target)
    return _("not enough data") if text == NOT_KNOWN else text


@register.simple_tag
def posted_value(posted: Any, indicator: CriterionIndicator, value: Value) -> str:
    """What the user typed (after a refused save), else the stored value."""
    if posted is not None:
        return str(posted.get(f"v-{indicator.code}", ""))
    if indicator.kind == IndicatorKind.YES_NO and isinstance(value, bool):
        return "Đạt" if value else "Chưa đạt"
    return value_text(indicator.kind, value)


@register.simple_tag
def posted_or(posted: Any, prefix: str, number: int, declared: bool | None) -> str:
    if posted is not None:
        return str(posted.get(f"{prefix}{number}", ""))
    return "" if declared is None else ("met" if declared else "not_met")
