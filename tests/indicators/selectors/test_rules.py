"""Validation rules over the figures (indicators/selectors/rules.py): broken, within tolerance,
not applied without values."""

from __future__ import annotations

from decimal import Decimal

from dieuhanh.indicators.models import DisaggregationOption, Indicator, ValidationRule
from dieuhanh.indicators.selectors.rules import rule_violations
from tests.conftest import unit_on
from tests.indicators.conftest import Put
from tests.indicators.factories import ALL, S1


def test_a_rule_broken_by_the_figures_is_reported_with_both_sides(put: Put) -> None:
    put("GTSX", "23962", "202101", "100", "CURRENT")
    put("GTSX_NLTS", "23962", "202101", "40", "CURRENT")
    put("GTSX_CNXD", "23962", "202101", "30", "CURRENT")
    put("GTSX_TMDV", "23962", "202101", "20", "CURRENT")
    [violation] = rule_violations(unit=unit_on("633"), period=S1, scope=ALL)
    assert (violation.rule.code, violation.left, violation.right) == (
        "GTSX_CO_CAU_HH",
        Decimal(100),
        Decimal(90),
    )


def test_a_rule_within_tolerance_passes(put: Put) -> None:
    put("GTSX", "23962", "202101", "100.4", "CURRENT")
    put("GTSX_NLTS", "23962", "202101", "40", "CURRENT")
    put("GTSX_CNXD", "23962", "202101", "40", "CURRENT")
    put("GTSX_TMDV", "23962", "202101", "20", "CURRENT")
    assert rule_violations(unit=unit_on("633"), period=S1, scope=ALL) == []


def test_a_rule_with_missing_values_is_not_applied(catalogue: dict[str, Indicator]) -> None:
    assert rule_violations(unit=unit_on("633"), period=S1, scope=ALL) == []


def test_an_option_renamed_is_read_by_the_rules_at_once(put: Put) -> None:
    put("GTSX", "23962", "202101", "100", "CURRENT")
    put("GTSX_NLTS", "23962", "202101", "40", "CURRENT")
    put("GTSX_CNXD", "23962", "202101", "30", "CURRENT")
    put("GTSX_TMDV", "23962", "202101", "20", "CURRENT")
    assert rule_violations(unit=unit_on("633"), period=S1, scope=ALL)
    option = DisaggregationOption.objects.get(code="CURRENT")
    option.code = "HH"  # the rule's "current" names no option now: not applied
    option.save()
    assert rule_violations(unit=unit_on("633"), period=S1, scope=ALL) == []


def test_a_rule_switched_off_is_not_applied_from_the_next_check(put: Put) -> None:
    put("GTSX", "23962", "202101", "100", "CURRENT")
    put("GTSX_NLTS", "23962", "202101", "40", "CURRENT")
    put("GTSX_CNXD", "23962", "202101", "30", "CURRENT")
    put("GTSX_TMDV", "23962", "202101", "20", "CURRENT")
    assert rule_violations(unit=unit_on("633"), period=S1, scope=ALL)
    rule = ValidationRule.objects.get(code="GTSX_CO_CAU_HH")
    rule.is_active = False  # its save moves the catalogue version the rules are read under
    rule.save()
    assert rule_violations(unit=unit_on("633"), period=S1, scope=ALL) == []
