"""The demo dataset: national units, accounts of Chư Sê district (2021) and Xã Chư Sê (2025).

Loading is idempotent: what exists is left as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.services import user_create
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.demo import catalogue, chuse_values
from dieuhanh.demo.direction_demo import direction_demo_load
from dieuhanh.demo.ntm_demo import ntm_demo_load
from dieuhanh.demo.outbreak_care_demo import outbreak_care_demo_load
from dieuhanh.demo.outbreak_demo import outbreak_demo_load
from dieuhanh.demo.report_notes_demo import report_notes_demo_load
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
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from dieuhanh.orgunits.services import orgunits_load
from dieuhanh.periods import parse_period

DEMO_PASSWORD = "ChuSe@2021-demo"
BEFORE_REFORM = datetime.date(2021, 7, 1)
AFTER_REFORM = datetime.date(2025, 7, 1)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    capture: tuple[str, ...]
    view: tuple[str, ...]
    on: datetime.date
    what: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin",
        "Quản trị hệ thống",
        Role.ADMIN,
        (),
        (),
        BEFORE_REFORM,
        "system administrator, every unit",
    ),
    DemoAccount(
        "lanhdao.chuse",
        "Lãnh đạo huyện Chư Sê",
        Role.LEADER,
        ("633",),
        (),
        BEFORE_REFORM,
        "leader, Chư Sê district (2021)",
    ),
    DemoAccount(
        "canbo.iablang",
        "Cán bộ thống kê xã Ia Blang",
        Role.DATA_OFFICER,
        ("23962",),
        (),
        BEFORE_REFORM,
        "data officer, Xã Ia Blang (2021)",
    ),
    DemoAccount(
        "canbo.dun",
        "Cán bộ thống kê xã Dun",
        Role.DATA_OFFICER,
        ("23965",),
        (),
        BEFORE_REFORM,
        "data officer, Xã Dun (2021)",
    ),
    DemoAccount(
        "yte.chuse",
        "Trung tâm Y tế huyện Chư Sê",
        Role.HEALTH_OFFICER,
        ("633",),
        (),
        BEFORE_REFORM,
        "health officer, Chư Sê district",
    ),
    DemoAccount(
        "vanphong.huyenuy",
        "Văn phòng Huyện ủy Chư Sê",
        Role.PARTY_OFFICE,
        ("633",),
        (),
        BEFORE_REFORM,
        "Party committee office, Chư Sê district",
    ),
    DemoAccount(
        "congan.chuse",
        "Công an huyện Chư Sê",
        Role.SECURITY_OFFICER,
        ("633",),
        (),
        BEFORE_REFORM,
        "security officer, Chư Sê district",
    ),
    DemoAccount(
        "xem.gialai",
        "Người xem tỉnh Gia Lai",
        Role.VIEWER,
        (),
        ("64",),
        BEFORE_REFORM,
        "viewer, Gia Lai province (before 2025)",
    ),
    DemoAccount(
        "lanhdao.xachuse",
        "Lãnh đạo xã Chư Sê",
        Role.LEADER,
        ("23941",),
        (),
        AFTER_REFORM,
        "leader, Xã Chư Sê (from 1 July 2025)",
    ),
)


@dataclass(frozen=True)
class DemoResult:
    units_created: int
    accounts_created: int
    values_created: int = 0


KEY_INDICATORS = ("GTSX", "THU_NSNN", "TMBL", "VON_DAU_TU", "SL_LUONG_THUC")
ERA_DAY = {"pre2025": BEFORE_REFORM, "2025": AFTER_REFORM}


def _demo_unit(code: str, era: str) -> OrgUnit:
    return OrgUnit.objects.get(valid_on_q(ERA_DAY[era]), code=code)


def demo_catalogue_load() -> None:
    """The demo's indicator catalogue (catalogue.py), created where missing, by code."""
    options: dict[tuple[str, str], DisaggregationOption] = {}
    for d in catalogue.DISAGGREGATIONS:
        dis, _created = Disaggregation.objects.get_or_create(
            code=d.code, defaults={"name_vi": d.name_vi, "name_en": d.name_en}
        )
        for o in d.options:
            options[(d.code, o.code)], _created = DisaggregationOption.objects.get_or_create(
                disaggregation=dis,
                code=o.code,
                defaults={"name_vi": o.name_vi, "name_en": o.name_en, "sort_order": o.sort_order},
            )
        dis.growth_option = options[(d.code, d.growth_option)] if d.growth_option else None
        dis.share_option = options[(d.code, d.share_option)] if d.share_option else None
        dis.save(update_fields=["growth_option", "share_option"])
    indicators: dict[str, Indicator] = {}
    for i in sorted(catalogue.INDICATORS, key=lambda i: i.sort_order):
        indicators[i.code], _created = Indicator.objects.get_or_create(
            code=i.code,
            defaults={
                "name_vi": i.name_vi,
                "name_en": i.name_en,
                "unit_of_measure": i.unit_of_measure,
                "value_type": i.value_type,
                "decimals": i.decimals,
                "unit_aggregation": i.unit_aggregation,
                "time_aggregation": i.time_aggregation,
                "disaggregation": Disaggregation.objects.get(code=i.disaggregation)
                if i.disaggregation
                else None,
                "parent": indicators[i.parent] if i.parent else None,
                "entered_overrides_rollup": i.entered_overrides_rollup,
                "sort_order": i.sort_order,
                "is_key": i.code in KEY_INDICATORS,
                "report_section": i.report_section,
                "direction": i.direction,
                "kind": i.kind,
            },
        )
    for ds in catalogue.DATA_SETS:
        data_set, created = DataSet.objects.get_or_create(
            code=ds.code,
            defaults={
                "name_vi": ds.name_vi,
                "name_en": ds.name_en,
                "period_type": ds.period_type,
                "unit_level": ds.unit_level,
                "deadline_days": ds.deadline_days,
            },
        )
        if created:
            DataSetIndicator.objects.bulk_create(
                DataSetIndicator(data_set=data_set, indicator=indicators[code], sort_order=n * 10)
                for n, code in enumerate(ds.indicators)
            )
    for r in catalogue.VALIDATION_RULES:
        ValidationRule.objects.get_or_create(
            code=r.code,
            defaults={
                "name_vi": r.name_vi,
                "name_en": r.name_en,
                "left": r.left,
                "operator": r.operator,
                "right": r.right,
                "tolerance": r.tolerance,
                "severity": r.severity,
            },
        )
    for t in catalogue.TARGETS:
        disaggregation = catalogue.indicator(t.indicator).disaggregation
        option = options[(disaggregation, t.option)] if t.option and disaggregation else None
        Target.objects.get_or_create(
            indicator=indicators[t.indicator],
            option=option,
            unit=_demo_unit(t.unit_code, t.era),
            period=t.period,
            defaults={"value": t.value, "note": t.note},
        )


def demo_values_load() -> int:
    """The Chư Sê values (chuse_values.py) not stored yet. Returns how many were added."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    options = {o.code: o for o in DisaggregationOption.objects.all()}
    rows = chuse_values.demo_values()
    units = {
        (code, era): _demo_unit(code, era) for code, era in {(r.unit_code, r.era) for r in rows}
    }
    existing = set(
        DataValue.objects.filter(unit__in=units.values()).values_list(
            "indicator_id", "option_id", "unit_id", "period"
        )
    )
    new = []
    for r in rows:
        indicator = indicators[r.indicator]
        option = options[r.option] if r.option else None
        unit = units[(r.unit_code, r.era)]
        key = (indicator.pk, option.pk if option else None, unit.pk, r.period)
        if key in existing:
            continue
        period = parse_period(r.period)
        new.append(
            DataValue(
                indicator=indicator,
                option=option,
                unit=unit,
                period=period.code,
                period_start=period.start,
                period_end=period.end,
                value=r.value,
                status=r.status,
            )
        )
    DataValue.objects.bulk_create(new, batch_size=2000)
    rollup_apply(
        Delta(
            v.unit.pk,
            v.indicator.pk,
            v.option.pk if v.option else None,
            v.period_start,
            v.period_end,
            v.value,
            1,
            is_estimate(v.status),
        )
        for v in new
    )
    return len(new)


@transaction.atomic
def demo_load(*, force: bool = False) -> DemoResult:
    """Load the demo. Refuses a database that has real users: the demo accounts share a
    published password."""
    demo_names = {a.username for a in DEMO_ACCOUNTS}
    others = User.objects.exclude(username__in=demo_names).count()
    if others and not force:
        raise ValidationFailed(
            _(
                "This database has %(n)s user(s) besides the demo accounts; the demo is not loaded "
                "into a real database (use --force to do it anyway)."
            ),
            n=others,
        )
    loaded = orgunits_load()
    created = 0
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        user_create(
            username=account.username,
            role=account.role,
            password=DEMO_PASSWORD,
            capture_codes=account.capture,
            view_codes=account.view,
            on=account.on,
            full_name=account.full_name,
        )
        created += 1
    demo_catalogue_load()
    values = demo_values_load()
    ntm_demo_load()
    outbreak_demo_load()
    outbreak_care_demo_load()
    direction_demo_load()
    report_notes_demo_load()
    return DemoResult(
        units_created=loaded.units_created, accounts_created=created, values_created=values
    )
