"""A small indicator catalogue for the tests (the demo's is bigger), and a value helper."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.indicators.models import (
    DataSet,
    DataSetIndicator,
    DataValue,
    Disaggregation,
    DisaggregationOption,
    Indicator,
    Target,
    ValidationRule,
)
from dieuhanh.indicators.rollups import Delta, is_estimate, rollup_apply
from dieuhanh.periods import parse_period
from tests.conftest import BEFORE, MakeUser, unit_on


@pytest.fixture
def catalogue(db: None) -> dict[str, Indicator]:
    basis = Disaggregation.objects.create(code="PRICE_BASIS", name_vi="Giá", name_en="Price basis")
    current = DisaggregationOption.objects.create(
        disaggregation=basis,
        code="CURRENT",
        name_vi="Giá hiện hành",
        name_en="Current",
        sort_order=1,
    )
    constant = DisaggregationOption.objects.create(
        disaggregation=basis,
        code="CONSTANT2010",
        name_vi="Giá so sánh 2010",
        name_en="Constant",
        sort_order=2,
    )
    basis.growth_option, basis.share_option = constant, current
    basis.save()
    made = {}
    gtsx = Indicator.objects.create(
        code="GTSX",
        name_vi="Tổng giá trị sản xuất",
        name_en="GVO",
        unit_of_measure="tỷ đồng",
        disaggregation=basis,
        sort_order=1,
    )
    made["GTSX"] = gtsx
    for i, code in enumerate(["GTSX_NLTS", "GTSX_CNXD", "GTSX_TMDV"], start=2):
        made[code] = Indicator.objects.create(
            code=code,
            name_vi=code,
            name_en=code,
            parent=gtsx,
            unit_of_measure="tỷ đồng",
            disaggregation=basis,
            sort_order=i,
        )
    made["THU_NSNN"] = Indicator.objects.create(
        code="THU_NSNN",
        name_vi="Thu ngân sách",
        name_en="Revenue",
        unit_of_measure="tỷ đồng",
        sort_order=10,
    )
    made["NTM_XA"] = Indicator.objects.create(
        code="NTM_XA",
        name_vi="Xã đạt chuẩn NTM",
        name_en="NTM",
        unit_of_measure="xã",
        value_type="integer",
        decimals=0,
        time_aggregation="last",
        entered_overrides_rollup=True,
        sort_order=11,
        kind="count",
    )
    made["TY_LE_HO_NGHEO"] = Indicator.objects.create(
        code="TY_LE_HO_NGHEO",
        name_vi="Tỷ lệ hộ nghèo",
        name_en="Poverty rate",
        unit_of_measure="%",
        value_type="percent",
        unit_aggregation="average",
        time_aggregation="last",
        sort_order=12,
        kind="rate",
        direction="lower_better",
    )
    form = DataSet.objects.create(
        code="KTXH_THANG",
        name_vi="Biểu tháng",
        name_en="Monthly",
        period_type="month",
        unit_level=3,
    )
    for i, code in enumerate(
        ["GTSX", "GTSX_NLTS", "GTSX_CNXD", "GTSX_TMDV", "THU_NSNN", "TY_LE_HO_NGHEO"]
    ):
        DataSetIndicator.objects.create(data_set=form, indicator=made[code], sort_order=i)
    ValidationRule.objects.create(
        code="GTSX_CO_CAU_HH",
        name_vi="Tổng bằng tổng các khu vực",
        name_en="Total equals parts",
        left="GTSX[current]",
        operator="==",
        right="GTSX_NLTS[current] + GTSX_CNXD[current] + GTSX_TMDV[current]",
        tolerance=Decimal("0.5"),
    )
    return made


Put = Callable[..., DataValue]


@pytest.fixture
def put(catalogue: dict[str, Indicator]) -> Put:
    """Store a value directly (test set-up, not the service under test)."""

    def do(
        code: str,
        unit: str,
        period: str,
        value: str,
        option: str | None = None,
        status: str = "actual",
        on: datetime.date = BEFORE,
    ) -> DataValue:
        p = parse_period(period)
        opt = DisaggregationOption.objects.get(code=option) if option else None
        dv = DataValue.objects.create(
            indicator=catalogue[code],
            option=opt,
            unit=unit_on(unit, on),
            period=p.code,
            period_start=p.start,
            period_end=p.end,
            value=Decimal(value),
            status=status,
        )
        rollup_apply(
            [
                Delta(
                    dv.unit_id,
                    dv.indicator_id,
                    dv.option_id,
                    p.start,
                    p.end,
                    dv.value,
                    1,
                    is_estimate(status),
                )
            ]
        )
        return dv

    return do


MakeTarget = Callable[..., Target]


@pytest.fixture
def target(catalogue: dict[str, Indicator]) -> MakeTarget:
    def do(code: str, unit: str, period: str, value: str, option: str | None = None) -> Target:
        opt = DisaggregationOption.objects.get(code=option) if option else None
        return Target.objects.create(
            indicator=catalogue[code],
            option=opt,
            unit=unit_on(unit),
            period=period,
            value=Decimal(value),
        )

    return do


@pytest.fixture
def officer(make_user: MakeUser) -> User:
    return make_user(role=Role.DATA_OFFICER, capture=("23962",))


@pytest.fixture
def leader(make_user: MakeUser) -> User:
    return make_user(role=Role.LEADER, capture=("633",))


@pytest.fixture
def values(put: Put) -> Put:
    put("GTSX", "23962", "202101", "100.5", "CURRENT", status="estimate")
    put("GTSX", "23962", "202101", "90.25", "CONSTANT2010")
    put("THU_NSNN", "23966", "2021S1", "55.16")
    put("THU_NSNN", "23962", "202107", "1")  # outside 2021S1
    return put
