"""The care admin (outbreak/admin/care.py): a quarantine rule whose test days exceed it is
refused."""

from __future__ import annotations

from tests.conftest import MakeUser


def test_admin_refuses_a_rule_whose_test_days_exceed_it(make_user: MakeUser) -> None:
    from dieuhanh.outbreak.admin.care import QuarantineRuleForm

    form = QuarantineRuleForm(
        data={
            "code": "X",
            "disease": "covid19",
            "subject": "f1",
            "valid_from": "2021-01-01",
            "min_origin_risk": 0,
            "facility_days": 7,
            "home_days": 0,
            "monitoring_days": 0,
            "test_days": "[1, 8]",
        }
    )
    assert (form.is_valid(), "test days" in str(form.errors)) == (False, True)
