"""Violations of the validation rules for a unit and period (parts that do not add up to their
total, and the like)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.figures_cache import catalogue_cached
from dieuhanh.indicators.models import DisaggregationOption, ValidationRule
from dieuhanh.indicators.pure.analytics.expressions import (
    Expression,
    ExpressionError,
    compare,
    parse,
)
from dieuhanh.indicators.selectors.figures import figures_for
from dieuhanh.indicators.selectors.review import indicators_active, rounded
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period


@dataclass(frozen=True)
class Violation:
    rule: ValidationRule
    left: Decimal | None
    right: Decimal | None
    unit: OrgUnit
    period: Period


def rule_violations(*, unit: OrgUnit, period: Period, scope: Scope) -> list[Violation]:
    """The active rules that fail on the unit's live figures for the period."""
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=unit.code
        )
    indicators = indicators_active()
    by_code = {i.code.upper(): i for i in indicators}
    # The options are catalogue: read once per catalogue version (issue 21).
    options: dict[tuple[int | None, str], int] = {
        (disaggregation, code.upper()): pk
        for pk, disaggregation, code in catalogue_cached(
            "disaggregation_options",
            lambda: list(
                DisaggregationOption.objects.values_list("pk", "disaggregation_id", "code")
            ),
        )
    }
    figs, _spans = figures_for(unit=unit, start=period.start, end=period.end, indicators=indicators)

    def resolve(code: str, option: str | None) -> Decimal | None:
        ind = by_code.get(code)
        if ind is None:
            return None
        opt_id = None
        if option is not None:
            opt_id = options.get((ind.disaggregation_id, option))
            if opt_id is None:
                return None
        fig = figs.get((ind.pk, opt_id))
        return fig.value if fig else None

    found = []
    for rule, left_expr, right_expr in _active_rules():
        try:
            left = left_expr.evaluate(resolve)
            right = right_expr.evaluate(resolve)
        except ExpressionError:
            continue
        if compare(left, rule.operator, right, rule.tolerance) is False:
            found.append(Violation(rule, left, right, unit, period))
    return found


def _active_rules() -> list[tuple[ValidationRule, Expression, Expression]]:
    """The active rules with their parsed sides, read and parsed once per catalogue version (a
    rule's save moves it: figures_cache). A rule that does not parse — refused when saved
    through the service, possible when edited in the admin — is skipped."""

    def read() -> list[tuple[ValidationRule, Expression, Expression]]:
        out = []
        for rule in ValidationRule.objects.filter(is_active=True).order_by("code"):
            try:
                out.append((rule, parse(rule.left), parse(rule.right)))
            except ExpressionError:
                continue
        return out

    return catalogue_cached("validation_rules", read)


def violation_dict(v: Violation) -> dict[str, object]:
    return {
        "rule": v.rule.code,
        "name": v.rule.name_vi,
        "name_en": v.rule.name_en,
        "severity": v.rule.severity,
        "expression": f"{v.rule.left} {v.rule.operator} {v.rule.right}",
        "left": rounded(v.left, 6),
        "right": rounded(v.right, 6),
        "unit": v.unit.code,
        "period": v.period.code,
    }
