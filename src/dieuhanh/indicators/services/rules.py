"""Validation rules (quy tắc kiểm tra): expressions over indicators, checked before saving."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.errors import AccessDenied, BilingualInvalid
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import clean_or_raise
from dieuhanh.indicators.models import ValidationRule
from dieuhanh.indicators.pure.analytics.expressions import ExpressionError, parse


def rule_check_expression(text: str) -> None:
    """Refuse a rule side that does not parse, with the position of the fault."""
    try:
        parse(text)
    except ExpressionError as exc:
        raise BilingualInvalid(exc.message_vi, exc.message_en) from exc


@transaction.atomic
def rule_save(*, actor: User, rule: ValidationRule) -> ValidationRule:
    if actor.role != Role.ADMIN:
        raise AccessDenied(_("Only an administrator may define validation rules."))
    rule_check_expression(rule.left)
    rule_check_expression(rule.right)
    clean_or_raise(rule)
    rule.save()
    audit_record(actor=actor, action="indicators.rule_save", obj=rule)
    return rule
