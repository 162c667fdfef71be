"""Form workflow (indicators/services/forms.py): submit, approve by the parent's leader only,
the lock it puts on values, unlock with a reason."""

from __future__ import annotations

from typing import TypedDict

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, ValidationFailed
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import DataSet, DataValue, FormState, Indicator
from dieuhanh.indicators.services.forms import form_return, form_unlock
from dieuhanh.indicators.services.values import values_record
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period
from tests.conftest import MakeUser, unit_on
from tests.indicators.factories import JAN, approve, record, revenue, submit


def test_the_parent_leader_approves_a_submitted_form(
    officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    submit(officer)
    assert approve(leader).state == FormState.APPROVED


def test_an_approved_form_is_locked(
    officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    submit(officer)
    approve(leader)
    with pytest.raises(Conflict):
        record(officer, catalogue, revenue(catalogue, "2", version=1))
    assert DataValue.objects.get().value == 1


def test_an_officer_cannot_approve(officer: User, catalogue: dict[str, Indicator]) -> None:
    submit(officer)
    with pytest.raises(AccessDenied):
        approve(officer)


def test_a_leader_of_the_commune_itself_cannot_approve_it(
    make_user: MakeUser, officer: User, catalogue: dict[str, Indicator]
) -> None:
    commune_leader = make_user(role=Role.LEADER, capture=("23962",))
    submit(officer)
    with pytest.raises(AccessDenied):
        approve(commune_leader)


def test_an_open_form_cannot_be_approved(leader: User, catalogue: dict[str, Indicator]) -> None:
    with pytest.raises(Conflict):
        approve(leader)


class _Form(TypedDict):
    """form_unlock's arguments but the reason."""

    actor: User
    scope: Scope
    data_set: DataSet
    unit: OrgUnit
    period: Period


def test_unlocking_needs_a_reason_and_is_audited(
    officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    submit(officer)
    approve(leader)
    args: _Form = {
        "actor": leader,
        "scope": user_scope(user=leader),
        "data_set": DataSet.objects.get(code="KTXH_THANG"),
        "unit": unit_on("23962"),
        "period": JAN,
    }
    with pytest.raises(ValidationFailed):
        form_unlock(**args, reason=" ")
    form_unlock(**args, reason="Sai số liệu tháng 1")
    assert (
        AuditEvent.objects.get(action="indicators.form_unlock").changes["reason"]
        == "Sai số liệu tháng 1"
    )


def test_an_approved_value_stays_locked_through_another_form(
    officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    submit(officer)
    approve(leader)
    with pytest.raises(Conflict):
        values_record(
            actor=officer,
            scope=user_scope(user=officer),
            unit=unit_on("23962"),
            period=JAN,
            entries=[revenue(catalogue, "2", version=1)],
        )  # no form named
    assert DataValue.objects.get().value == 1


def test_the_submitter_cannot_approve_their_own_form(
    leader: User, catalogue: dict[str, Indicator]
) -> None:
    submit(leader)
    with pytest.raises(AccessDenied):
        approve(leader)


def _form_args(user: User) -> _Form:
    return {
        "actor": user,
        "scope": user_scope(user=user),
        "data_set": DataSet.objects.get(code="KTXH_THANG"),
        "unit": unit_on("23962"),
        "period": JAN,
    }


def test_a_submitted_form_is_read_only_for_the_officer(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    submit(officer)
    with pytest.raises(Conflict):
        record(officer, catalogue, revenue(catalogue, "2", version=1))
    assert DataValue.objects.get().value == 1


def test_returning_reopens_the_form_with_its_reason(
    officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    submit(officer)
    report = form_return(**_form_args(leader), reason="Kiểm tra lại thu ngân sách")
    assert (report.state, report.return_reason, report.returned_by) == (
        FormState.OPEN,
        "Kiểm tra lại thu ngân sách",
        leader,
    )


def test_submitting_again_answers_the_return_reason(
    officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    submit(officer)
    form_return(**_form_args(leader), reason="Kiểm tra lại thu ngân sách")
    report = submit(officer)
    assert (report.return_reason, report.returned_at, report.returned_by) == ("", None, None)


def test_a_returned_form_can_be_changed_again(
    officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    record(officer, catalogue, revenue(catalogue, "1"))
    submit(officer)
    form_return(**_form_args(leader), reason="sai")
    record(officer, catalogue, revenue(catalogue, "2", version=1))
    assert DataValue.objects.get().value == 2


def test_returning_needs_a_reason(
    officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    submit(officer)
    with pytest.raises(ValidationFailed):
        form_return(**_form_args(leader), reason="  ")


def test_returning_is_audited_with_the_reason(
    officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    submit(officer)
    form_return(**_form_args(leader), reason="sai")
    assert AuditEvent.objects.get(action="indicators.form_return").changes == {"reason": "sai"}


def test_an_officer_cannot_return_a_form(officer: User, catalogue: dict[str, Indicator]) -> None:
    submit(officer)
    with pytest.raises(AccessDenied):
        form_return(**_form_args(officer), reason="sai")


def test_an_open_form_cannot_be_returned(leader: User, catalogue: dict[str, Indicator]) -> None:
    with pytest.raises(Conflict):
        form_return(**_form_args(leader), reason="sai")


def test_a_submitted_form_is_returned_not_unlocked(
    officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    submit(officer)
    with pytest.raises(Conflict):
        form_unlock(**_form_args(leader), reason="sai")
