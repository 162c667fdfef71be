"""The demo's ntm data (Chư Sê, 2019–2021). Loading is idempotent.

Source: Báo Gia Lai, July 2021 — "đã có 11 xã được công nhận đạt chuẩn nông thôn mới". The
article gives the count only: which 11 of the district's 14 communes, the decision numbers and
dates of the Gia Lai People's Committee, the advanced recognition and the yearly assessments are
illustrative demo records consistent with it, not facts. The communes' region (Tây Nguyên) is
a fact. Assessments use Decision 1980/QĐ-TTg (in force until Decision 318/QĐ-TTg of March 2022);
criteria whose targets are not in the data carry the appraised result ("declared").
"""

from __future__ import annotations

import datetime

from django.db import transaction

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import Assessment, CommuneProfile, Level, Recognition, Region
from dieuhanh.ntm.selectors.criteria_sets import criteria_set_for_year
from dieuhanh.ntm.services.assessments import (
    AssessmentChange,
    ResultInput,
    ValueInput,
    assessment_save,
)
from dieuhanh.ntm.services.criteria_sets import commune_profile_set, criteria_sets_load
from dieuhanh.ntm.services.recognitions import recognition_add
from dieuhanh.orgunits.models import OrgUnit, Succession, UnitKind
from dieuhanh.orgunits.selectors import valid_on_q

ON = datetime.date(2021, 7, 1)
ISSUER = "UBND tỉnh Gia Lai"
YEARS = (2019, 2020, 2021)

# code → (year recognised, decision number, decision date); None: not yet recognised.
RECOGNISED: dict[str, tuple[int, str, datetime.date]] = {
    "23944": (2014, "85/QĐ-UBND", datetime.date(2015, 2, 10)),  # Ia Tiêm
    "23966": (2015, "178/QĐ-UBND", datetime.date(2016, 3, 22)),  # Ia Pal
    "23953": (2016, "121/QĐ-UBND", datetime.date(2017, 2, 28)),  # AL Bá
    "23945": (2016, "122/QĐ-UBND", datetime.date(2017, 2, 28)),  # Chư Pơng
    "23965": (2017, "140/QĐ-UBND", datetime.date(2018, 3, 5)),  # Dun
    "23956": (2017, "141/QĐ-UBND", datetime.date(2018, 3, 5)),  # AYun
    "23968": (2018, "92/QĐ-UBND", datetime.date(2019, 2, 19)),  # H Bông
    "23950": (2018, "93/QĐ-UBND", datetime.date(2019, 2, 19)),  # Ia Glai
    "23946": (2019, "187/QĐ-UBND", datetime.date(2020, 3, 16)),  # Bar Măih
    "23954": (2019, "188/QĐ-UBND", datetime.date(2020, 3, 16)),  # Kông HTok
    "23959": (2020, "205/QĐ-UBND", datetime.date(2021, 4, 8)),  # Ia HLốp
}
ADVANCED = ("23944", 2020, "612/QĐ-UBND", datetime.date(2020, 12, 15))  # Ia Tiêm, nâng cao
# Not yet recognised: criteria still missing in 2021 and the year they plan to meet the standard.
PENDING: dict[str, tuple[int, int]] = {"23962": (4, 2022), "23947": (6, 2023), "23977": (8, 2025)}
# The criteria most often missed, in order (income, poverty, environment, education, ...).
USUALLY_MISSED = (10, 11, 17, 14, 2, 15, 9, 5, 13, 6, 12, 3)


def _missing(code: str, index: int, year: int) -> set[int]:
    if code in PENDING:
        n = PENDING[code][0] + 2 * (2021 - year)
    else:
        n = max(0, 2 * (RECOGNISED[code][0] - year))
    shift = index % 3
    order = USUALLY_MISSED[shift:] + USUALLY_MISSED[:shift]
    return set(order[: min(n, len(order))])


def _change(missing: set[int], plan_year: int | None) -> AssessmentChange:
    """Values consistent with the appraised results: known targets are met or missed by the
    values themselves, the other criteria carry the appraisal's result."""
    values: dict[str, ValueInput] = {}
    yes = "Đạt"
    for number, codes in ((1, ("1.1", "1.2")), (7, ("7.1",)), (13, ("13.1", "13.2"))):
        for i, code in enumerate(codes):
            values[code] = ValueInput("Chưa đạt" if number in missing and i == 0 else yes)
    values["4.1"] = ValueInput(yes)
    values["12.1"] = ValueInput("86,3" if 12 in missing else "92,5", "Báo cáo lao động của xã")
    values["15.1"] = ValueInput("81,2" if 15 in missing else "88,4", "Số liệu BHXH huyện")
    values["15.2"] = ValueInput(yes)
    values["16.1"] = ValueInput("62,5" if 16 in missing else "78", "Số thôn văn hóa / tổng số thôn")
    values["19.1"] = ValueInput(yes)
    values["19.2"] = ValueInput(yes)
    results = {
        n: ResultInput(n not in missing, "Theo kết quả thẩm định của huyện")
        for n in range(1, 20)
        if n not in (1, 7, 12, 13, 16, 19)
    }
    return AssessmentChange(
        values=values,
        results=results,
        plan_year=plan_year,
        plan_year_given=plan_year is not None,
        note="Số liệu minh họa (demo)",
    )


def _profiles() -> int:
    """Tây Nguyên for Chư Sê's communes, before and after the 2025 reform."""
    created = 0
    old = list(OrgUnit.objects.filter(valid_on_q(ON), parent__code="633", kind=UnitKind.COMMUNE))
    new = list(
        OrgUnit.objects.filter(
            pk__in=Succession.objects.filter(predecessor__in=old).values("successor"),
            kind=UnitKind.COMMUNE,
        )
    )
    for unit in old + new:
        if not CommuneProfile.objects.filter(unit=unit).exists():
            commune_profile_set(unit=unit, region=Region.HIGHLANDS)
            created += 1
    return created


@transaction.atomic
def ntm_demo_load() -> int:
    """Load the ntm demo records; returns how many were created."""
    created = criteria_sets_load()
    created += _profiles()
    actor = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    if actor is None:
        return created
    scope = Scope.everything()
    communes = list(
        OrgUnit.objects.filter(valid_on_q(ON), parent__code="633", kind=UnitKind.COMMUNE).order_by(
            "sort_key"
        )
    )
    for index, unit in enumerate(communes):
        if unit.code not in RECOGNISED and unit.code not in PENDING:
            continue
        for year in YEARS:
            cset = criteria_set_for_year(year=year)
            if cset is None or Assessment.objects.filter(unit=unit, year=year).exists():
                continue
            plan = PENDING[unit.code][1] if unit.code in PENDING else None
            if unit.code in RECOGNISED and year < RECOGNISED[unit.code][0]:
                plan = RECOGNISED[unit.code][0]
            assessment_save(
                actor=actor,
                scope=scope,
                unit_code=unit.code,
                year=year,
                change=_change(_missing(unit.code, index, year), plan),
                expected_version=None,
                on=ON,
                set_code=cset.code,
            )
            created += 1
    for code, (year, number, day) in RECOGNISED.items():
        unit = OrgUnit.objects.get(valid_on_q(ON), code=code)
        if not Recognition.objects.filter(unit=unit, level=Level.STANDARD).exists():
            recognition_add(
                actor=actor,
                scope=scope,
                unit_code=code,
                on=ON,
                level=Level.STANDARD,
                decision_number=number,
                decision_date=day,
                year=year,
                issuer=ISSUER,
                note="Số liệu minh họa (demo)",
            )
            created += 1
    code, year, number, day = ADVANCED
    unit = OrgUnit.objects.get(valid_on_q(ON), code=code)
    if not Recognition.objects.filter(unit=unit, level=Level.ADVANCED).exists():
        recognition_add(
            actor=actor,
            scope=scope,
            unit_code=code,
            on=ON,
            level=Level.ADVANCED,
            decision_number=number,
            decision_date=day,
            year=year,
            issuer=ISSUER,
            note="Số liệu minh họa (demo)",
        )
        created += 1
    return created
