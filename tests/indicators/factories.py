"""Builders for the indicator tests: values recorded and forms submitted or approved through the
services (commune 23962, form KTXH_THANG, January 2021), and the periods they use."""

from __future__ import annotations

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import DataSet, DataSetReport, DataValue, Indicator
from dieuhanh.indicators.services.forms import form_approve, form_submit
from dieuhanh.indicators.services.values import Entry, values_record
from dieuhanh.periods import Period, parse_period
from tests.conftest import unit_on

JAN = parse_period("202101")


def record(
    user: User,
    catalogue: dict[str, Indicator],
    *entries: Entry,
    unit: str = "23962",
    period: Period = JAN,
) -> list[DataValue]:
    return values_record(
        actor=user,
        scope=user_scope(user=user),
        unit=unit_on(unit),
        period=period,
        entries=list(entries),
        data_set=DataSet.objects.get(code="KTXH_THANG"),
    )


def revenue(
    catalogue: dict[str, Indicator], text: str, version: int | None = None, status: str = "actual"
) -> Entry:
    return Entry(catalogue["THU_NSNN"], None, text, status, "", version)


def submit(user: User, unit: str = "23962") -> DataSetReport:
    return form_submit(
        actor=user,
        scope=user_scope(user=user),
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on(unit),
        period=JAN,
    )


def approve(user: User, unit: str = "23962") -> DataSetReport:
    return form_approve(
        actor=user,
        scope=user_scope(user=user),
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on(unit),
        period=JAN,
    )


ALL = Scope.everything()
S1 = parse_period("2021S1")


def save(
    officer: User,
    catalogue: dict[str, Indicator],
    text: str,
    version: int | None,
    status: str = "actual",
) -> None:
    values_record(
        actor=officer,
        scope=user_scope(user=officer),
        unit=unit_on("23962"),
        period=parse_period("202101"),
        entries=[Entry(catalogue["THU_NSNN"], None, text, status, "", version)],
        data_set=DataSet.objects.get(code="KTXH_THANG"),
    )
