"""Demo values of Chư Sê district (Gia Lai): 2019–2021, and 2024–2025 around the 2025 merger.

Pure computation (standard library only, no Django, no wall clock): `demo_values()` returns the
same list of `ValueRow` on every call, generated from a seeded `random.Random` and calibrated so
that the district rollups read as the July 2021 article (see NOTES.md next to this file):

- 2021 H1, sum of the 15 communes' months 01–06: GTSX at current prices 5,716.35 (trên 5.700),
  +5.56% on 2020 H1 at constant 2010 prices; sectors at current prices NLTS 1,826.47,
  CNXD 2,193.58, TMDV 1,219.86; THU_NSNN 55.16 with the district's own 2021S1 entry;
- 2020 H1: GTSX at current prices 5,624.37 (trên 5.600), +6.68% on 2019 H1 at constant prices;
- NTM_XA (district, half-yearly): 11 communes recognised in 2021S1; COVID_F0: 7 by June 2021.

What is generated (`era` is the era in which `unit_code` is resolved, as in the orgunits data):
- the 15 communes of district 633 (`COMMUNES`), every month 2019-01..2021-12, every indicator
  of the KTXH_THANG form (GTSX and its sectors once per price basis), era "pre2025";
- district 633, half-years 2019S1..2021S2: NTM_XA and THU_NSNN (the revenue the district
  collects itself, added to the communes' rollup), era "pre2025";
- the pre-2025 units that formed Xã Chư Sê, Bờ Ngoong, Al Bá and Ia Ko (`SUCCESSORS`, which
  includes Xã Ia Hla 23978 of Chư Pưh district), every month 2024-01..2025-06, era "pre2025";
- those four 2025 communes, every month 2025-07..2025-12, era "2025", each the sum of what its
  predecessors would have reported, so that "same period last year" on today's boundaries is
  comparable (e.g. Xã Chư Sê 2025S2 vs its five predecessors' 2024S2).

Months 202105 and 202106 are estimates (ước), except the budget figures (actual, from the
Treasury) and the Covid-19 cases (actual, counted cases); every other row is actual.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

__all__ = [
    "ACTUAL_ONLY",
    "COMMUNES",
    "DISTRICT_CODE",
    "ESTIMATE_PERIODS",
    "IA_HLA",
    "SEED",
    "SUCCESSORS",
    "DemoUnit",
    "Era",
    "Status",
    "ValueRow",
    "demo_values",
]

Era = Literal["pre2025", "2025"]
Status = Literal["estimate", "actual"]


@dataclass(frozen=True)
class ValueRow:
    """One value: indicator (and price-basis option) × unit (code in `era`) × DHIS2 period."""

    indicator: str
    option: str | None
    """"CURRENT" / "CONSTANT2010" for the GTSX indicators, None for the others."""
    unit_code: str
    era: Era
    period: str
    """"202101" (month) for the commune form, "2021S1" (half-year) for the district form."""
    value: Decimal
    """Quantised to 2 decimals (tỷ đồng, ha, tấn, hộ, %, xã, ca); whole numbers end in .00."""
    status: Status


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str


SEED: Final = 20210715
DISTRICT_CODE: Final = "633"
ESTIMATE_PERIODS: Final = frozenset({"202105", "202106"})

CENT: Final = Decimal("0.01")
CURRENT: Final = "CURRENT"
CONSTANT2010: Final = "CONSTANT2010"
SECTORS: Final = ("GTSX_NLTS", "GTSX_CNXD", "GTSX_TMDV")


@dataclass(frozen=True)
class _Profile:
    code: str
    name: str
    households: int
    """Households at the end of 2019."""
    poor_rate: float
    """Poor-household rate (%) at the end of 2018."""
    nlts: float
    cnxd: float
    tmdv: float
    """Relative weights of the unit in the district's production value of each sector."""
    sown_ha: float
    """Annual-crop area sown in a year (ha)."""
    cereal_t_ha: float
    """Cereal output per sown hectare (tấn/ha)."""
    revenue: float
    """The commune's own state budget collection per month in 2019 (tỷ đồng)."""
    spending: float
    """The commune's budget spending per month in 2019 (tỷ đồng)."""


# The township (thị trấn) carries most industry, trade and services; the rural communes carry
# agriculture (pepper, coffee, rice, maize). Jrai communes (Al Bá, Kông HTok, Ayun, H Bông)
# have higher poverty rates.
_PROFILES: Final[tuple[_Profile, ...]] = (
    _Profile("23941", "Thị trấn Chư Sê", 6150, 2.8, 3.0, 38.0, 46.0, 240, 1.5, 1.050, 1.65),
    _Profile("23944", "Xã Ia Tiêm", 1420, 9.5, 5.5, 2.6, 2.4, 720, 1.9, 0.075, 0.58),
    _Profile("23945", "Xã Chư Pơng", 1580, 11.2, 6.2, 2.9, 2.6, 810, 1.8, 0.080, 0.62),
    _Profile("23946", "Xã Bar Măih", 1390, 10.4, 6.8, 4.5, 3.0, 930, 1.7, 0.095, 0.60),
    _Profile("23947", "Xã Bờ Ngoong", 2350, 8.1, 8.0, 4.2, 4.1, 1050, 1.8, 0.105, 0.74),
    _Profile("23950", "Xã Ia Glai", 2480, 7.6, 8.4, 6.5, 4.4, 1120, 1.9, 0.125, 0.78),
    _Profile("23953", "Xã Al Bá", 1510, 16.3, 5.9, 2.8, 2.2, 860, 2.0, 0.062, 0.61),
    _Profile("23954", "Xã Kông HTok", 1260, 15.1, 5.2, 3.6, 2.0, 780, 2.0, 0.075, 0.57),
    _Profile("23956", "Xã Ayun", 1720, 14.2, 6.4, 5.8, 2.5, 1240, 2.1, 0.092, 0.66),
    _Profile("23959", "Xã Ia HLốp", 1960, 9.8, 7.6, 3.7, 3.3, 1090, 1.8, 0.092, 0.70),
    _Profile("23962", "Xã Ia Blang", 1640, 8.6, 7.0, 6.3, 4.6, 930, 1.7, 0.118, 0.65),
    _Profile("23965", "Xã Dun", 2110, 6.9, 8.3, 7.2, 5.9, 1010, 1.6, 0.150, 0.72),
    _Profile("23966", "Xã Ia Pal", 1530, 10.7, 6.1, 4.1, 3.4, 840, 1.8, 0.088, 0.61),
    _Profile("23968", "Xã H Bông", 1880, 13.9, 6.5, 3.3, 2.7, 1060, 2.0, 0.088, 0.68),
    _Profile("23977", "Xã Ia Ko", 2020, 9.1, 8.8, 4.5, 3.4, 1180, 1.9, 0.110, 0.73),
    # Chư Pưh district (639); merged into Xã Ia Ko on 1 July 2025.
    _Profile("23978", "Xã Ia Hla", 1850, 12.5, 7.2, 3.4, 2.6, 1010, 1.9, 0.085, 0.66),
)
_IA_HLA_CODE: Final = "23978"

COMMUNES: Final[tuple[DemoUnit, ...]] = tuple(
    DemoUnit(p.code, p.name) for p in _PROFILES if p.code != _IA_HLA_CODE
)
"""The 15 units of Chư Sê district (633) before 1 July 2025 (pre2025 codes)."""

IA_HLA: Final = DemoUnit(_IA_HLA_CODE, "Xã Ia Hla")
"""Of Chư Pưh district (639); one of the three units that formed Xã Ia Ko (23977) in 2025."""

SUCCESSORS: Final[Mapping[str, tuple[str, ...]]] = {
    "23941": ("23941", "23965", "23962", "23966", "23950"),  # Xã Chư Sê
    "23947": ("23946", "23944", "23945", "23947"),  # Xã Bờ Ngoong
    "23954": ("23956", "23954", "23953"),  # Xã Al Bá
    "23977": ("23959", "23977", "23978"),  # Xã Ia Ko
}
"""2025 commune code (era "2025") → the pre2025 unit codes it was formed from (1664/NQ-UBTVQH15).

H Bông (23968) went to Xã Ia Hrú (23971) with units of Chư Pưh and is not generated after 2021.
"""

# --- calendar -------------------------------------------------------------------------------

Month = tuple[int, int]


def _months(year: int, first: int = 1, last: int = 12) -> list[Month]:
    return [(year, m) for m in range(first, last + 1)]


def _code(month: Month) -> str:
    return f"{month[0]}{month[1]:02d}"


_OLD_YEARS: Final = (2019, 2020, 2021)
_NEW_YEARS: Final = (2024, 2025)
_ALL_MONTHS: Final[tuple[Month, ...]] = tuple(
    m for y in (*_OLD_YEARS, *_NEW_YEARS) for m in _months(y)
)
_OLD_MONTHS: Final = tuple(m for m in _ALL_MONTHS if m[0] in _OLD_YEARS)
_PRE_NEW_MONTHS: Final = tuple(m for m in _ALL_MONTHS if (2024, 1) <= m <= (2025, 6))
_POST_MONTHS: Final = tuple(m for m in _ALL_MONTHS if m >= (2025, 7))
_HALVES: Final = ((1, range(1, 7)), (2, range(7, 13)))


def _season(*weights: float) -> tuple[float, ...]:
    """Monthly weights rescaled to a mean of 1."""
    assert len(weights) == 12
    total = math.fsum(weights)
    return tuple(w * 12 / total for w in weights)


# Central Highlands calendar: pepper harvest Feb–Apr, coffee harvest Oct–Jan; construction
# slows at Tết (Feb) and in the rainy season; trade peaks at Tết and at the year's end.
_SEASON_SECTOR: Final[Mapping[str, tuple[float, ...]]] = {
    "GTSX_NLTS": _season(1.10, 1.05, 1.25, 1.20, 0.80, 0.70, 0.65, 0.70, 0.85, 1.10, 1.45, 1.50),
    "GTSX_CNXD": _season(1.05, 0.75, 1.00, 1.05, 1.00, 0.95, 0.90, 0.90, 0.95, 1.05, 1.15, 1.30),
    "GTSX_TMDV": _season(1.15, 1.20, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 1.00, 1.00, 1.15),
}
# Sowing: winter-spring crop Dec–Feb, main (rainy) season crop Apr–Jul.
_SEASON_SOWN: Final = _season(6, 3, 1, 8, 32, 28, 12, 3, 1, 0.5, 1.5, 4)
# Harvest: winter-spring crop Mar–Apr, maize Aug–Sep, main-season rice Sep–Nov.
_SEASON_HARVEST: Final = _season(2, 3, 8, 7, 2, 1, 2, 12, 22, 25, 13, 3)
_SEASON_REVENUE: Final = _season(
    1.10, 0.85, 0.95, 1.00, 0.95, 1.00, 0.95, 0.95, 1.0, 1.0, 1.05, 1.2
)
_SEASON_SPENDING: Final = _season(
    1.05, 0.85, 0.9, 0.95, 0.95, 1.0, 0.95, 0.95, 1.0, 0.95, 1.05, 1.4
)
_SEASON_RETAIL: Final = _season(
    1.18, 1.22, 0.93, 0.94, 0.95, 0.94, 0.95, 0.96, 0.94, 0.97, 0.98, 1.14
)
_SEASON_INVEST: Final = _season(
    0.85, 0.60, 0.95, 1.05, 1.05, 1.10, 0.95, 0.90, 1.0, 1.05, 1.15, 1.35
)
# The fourth Covid-19 wave (social distancing in Aug–Sep 2021) cut retail sales.
_RETAIL_SHOCK: Final[Mapping[Month, float]] = {(2021, 8): 0.80, (2021, 9): 0.84, (2021, 10): 0.93}

# --- production value (GTSX), district totals ----------------------------------------------

Half = tuple[int, int]
_Triple = tuple[str, str, str]

# District totals of the three sectors at constant 2010 prices per half-year (NLTS, CNXD, TMDV).
# H1 sums: 2019 3,420.26; 2020 3,648.73 (+6.68%); 2021 3,851.60 (+5.56%).
_CONSTANT: Final[Mapping[Half, _Triple]] = {
    (2019, 1): ("1215.40", "1337.95", "866.91"),
    (2019, 2): ("1612.30", "1545.20", "1003.55"),
    (2020, 1): ("1251.85", "1468.62", "928.26"),
    (2020, 2): ("1668.70", "1652.40", "1071.85"),
    (2021, 1): ("1290.30", "1618.45", "942.85"),
    (2021, 2): ("1722.10", "1698.55", "1058.40"),
}
# District totals of the sectors at current prices where the sources fix them. 2020 H1 sums to
# 5,624.37 (the 2020 report's "trên 5.600"); 2021 H1 is the article's sector figures.
_CURRENT: Final[Mapping[Half, _Triple]] = {
    (2020, 1): ("2013.52", "2317.24", "1293.61"),
    (2021, 1): ("1826.47", "2193.58", "1219.86"),
}
# The article's total at current prices for 2021 H1: it is NOT the sum of its sectors (see
# NOTES.md); every other half-year's total is the sum of its sectors, unit by unit.
_TOTAL_CURRENT_2021H1: Final = Decimal("5716.35")
# Price indices (current / constant 2010) per sector, used to derive current prices elsewhere.
_DEFLATOR: Final[Mapping[int, tuple[float, float, float]]] = {
    2019: (1.576, 1.547, 1.367),
    2020: (1.608, 1.578, 1.394),
    2021: (1.640, 1.610, 1.422),
    2024: (1.801, 1.767, 1.561),
    2025: (1.865, 1.830, 1.617),
}
# Growth of the constant-price level from 2021: +6.5% (2022), +6.8% (2023), +7.0% (2024),
# +7.4% (2025); the second half also recovers from the 2021 Covid-19 wave (+4%).
_LEVEL_FROM_2021: Final[Mapping[Half, float]] = {
    (2024, 1): 1.065 * 1.068 * 1.070,
    (2024, 2): 1.065 * 1.068 * 1.070 * 1.04,
    (2025, 1): 1.065 * 1.068 * 1.070 * 1.074,
    (2025, 2): 1.065 * 1.068 * 1.070 * 1.074 * 1.04,
}

# --- other indicators -----------------------------------------------------------------------

# State budget revenue that the district collects itself (half-yearly district form). 2021 H1:
# 38.42 + the communes' 16.74 = 55.16 (the article).
_DISTRICT_REVENUE: Final[Mapping[Half, str]] = {
    (2019, 1): "31.20",
    (2019, 2): "38.65",
    (2020, 1): "33.85",
    (2020, 2): "41.30",
    (2021, 1): "38.42",
    (2021, 2): "40.20",
}
_THU_NSNN_2021H1: Final = Decimal("55.16")
# Communes recognised as new-rural, cumulative, at the end of each half-year (district form).
_NTM_RECOGNISED: Final[Mapping[Half, int]] = {
    (2019, 1): 8,
    (2019, 2): 9,
    (2020, 1): 9,
    (2020, 2): 11,
    (2021, 1): 11,
    (2021, 2): 12,
}
# Covid-19: the article's 7 cases by June 2021 (township 4, Ia Blang 2, Dun 1), then the 2021
# H2 wave: new cases per month, spread over the communes by households.
_COVID_H1_2021: Final[Mapping[Month, Mapping[str, int]]] = {
    (2021, 5): {"23941": 2},
    (2021, 6): {"23941": 4, "23962": 2, "23965": 1},
}
_COVID_NEW_2021H2: Final[Mapping[int, int]] = {7: 6, 8: 14, 9: 9, 10: 21, 11: 38, 12: 64}

_YEAR_FACTOR: Final[Mapping[str, Mapping[int, float]]] = {
    "THU_NSNN": {2019: 1.00, 2020: 1.08, 2021: 1.16, 2024: 1.52, 2025: 1.66},
    "CHI_NSDP": {2019: 1.00, 2020: 1.06, 2021: 1.12, 2024: 1.38, 2025: 1.47},
    "TMBL": {2019: 1.00, 2020: 1.04, 2021: 1.06, 2024: 1.42, 2025: 1.55},
    "VON_DAU_TU": {2019: 1.00, 2020: 1.08, 2021: 1.11, 2024: 1.45, 2025: 1.60},
    "DT_GIEO_TRONG": {2019: 1.00, 2020: 1.01, 2021: 1.015, 2024: 0.99, 2025: 0.985},
    "SL_LUONG_THUC": {2019: 1.00, 2020: 1.03, 2021: 1.045, 2024: 1.09, 2025: 1.11},
}
_RETAIL_2019_MONTH: Final = 221.0
"""District retail sales per month in 2019 (tỷ đồng), spread by the units' TMDV weight."""
_INVEST_2019_MONTH: Final = 104.0
"""District social investment per month in 2019 (tỷ đồng), spread by the units' CNXD weight."""
_HOUSEHOLD_GROWTH: Final = 0.016
_POVERTY_REDUCTION: Final = 0.82
"""Each year the poor-household rate falls to 82% of the previous year's."""
_POVERTY_FLOOR: Final = 0.6
_COVID_ATTACK: Final = 4.1 * 0.045
"""Cumulative confirmed cases per household by 2024 (4.1 persons per household, 4.5%)."""

_INDICATOR_ORDER: Final[Mapping[str, int]] = {
    "GTSX": 10,
    "GTSX_NLTS": 11,
    "GTSX_CNXD": 12,
    "GTSX_TMDV": 13,
    "THU_NSNN": 20,
    "CHI_NSDP": 21,
    "DT_GIEO_TRONG": 30,
    "SL_LUONG_THUC": 31,
    "TMBL": 40,
    "VON_DAU_TU": 41,
    "HO_NGHEO": 50,
    "TY_LE_HO_NGHEO": 51,
    "NTM_XA": 60,
    "COVID_F0": 70,
}


# --- arithmetic -----------------------------------------------------------------------------


# Floats are only added with math.fsum (exactly rounded: the same result on every platform and
# Python version, unlike the built-in sum, whose float algorithm changed in 3.12), multiplied and
# divided (IEEE 754, exactly rounded); no libm functions.


def _q(value: float | Decimal) -> Decimal:
    """Round half up to 2 decimals (floats are converted exactly first)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """Split a whole number in proportion to `weights` (largest remainder; ties by position)."""
    scaled = [round(w * 1_000_000) for w in weights]
    whole = sum(scaled)
    if whole <= 0 or min(scaled) < 0:
        raise ValueError("weights must be non-negative with a positive sum")
    parts = [total * w // whole for w in scaled]
    remainders = [total * w % whole for w in scaled]
    order = sorted(range(len(parts)), key=lambda i: (-remainders[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _allocate(total: Decimal, weights: Sequence[float]) -> list[Decimal]:
    """Split an amount of 2 decimals into cents in proportion to `weights`; sums exactly."""
    cents = int(total.quantize(CENT) * 100)
    return [(Decimal(c) / 100).quantize(CENT) for c in _split(cents, weights)]


def _noise(rng: random.Random, spread: float) -> float:
    return rng.uniform(1 - spread, 1 + spread)


ACTUAL_ONLY: Final = frozenset({"THU_NSNN", "CHI_NSDP", "COVID_F0"})
"""Budget figures come from the State Treasury's books, Covid-19 cases from the case register:
actual even for the last months."""


def _status(indicator: str, period: str) -> Status:
    if indicator in ACTUAL_ONLY:
        return "actual"
    return "estimate" if period in ESTIMATE_PERIODS else "actual"


# --- generation -----------------------------------------------------------------------------

_Key = tuple[str, str | None, str, Month]
"""(indicator, option, unit code, month)"""


class _Builder:
    def __init__(self) -> None:
        self.rows: list[ValueRow] = []

    def add(
        self, indicator: str, option: str | None, unit: str, era: Era, period: str, value: Decimal
    ) -> None:
        self.rows.append(
            ValueRow(indicator, option, unit, era, period, value, _status(indicator, period))
        )


def _weights(attr: str) -> dict[str, float]:
    """Each unit's share of the district (the 15 Chư Sê units sum to 1; Ia Hla is extra)."""
    values = {p.code: float(getattr(p, attr)) for p in _PROFILES}
    district = math.fsum(v for code, v in values.items() if code != _IA_HLA_CODE)
    return {code: v / district for code, v in values.items()}


_SECTOR_ATTR: Final = {"GTSX_NLTS": "nlts", "GTSX_CNXD": "cnxd", "GTSX_TMDV": "tmdv"}


def _gtsx_old(rng: random.Random, out: _Builder) -> None:
    """GTSX and sectors, both price bases, the 15 communes, 2019–2021: district totals exact."""
    communes = [u.code for u in COMMUNES]
    for year in _OLD_YEARS:
        for half, month_numbers in _HALVES:
            months = [(year, m) for m in month_numbers]
            cells = [(c, m) for c in communes for m in months]
            constant: dict[str, list[Decimal]] = {}
            current: dict[str, list[Decimal]] = {}
            natural_current: dict[str, list[float]] = {}
            for s_index, sector in enumerate(SECTORS):
                share = _weights(_SECTOR_ATTR[sector])
                season = _SEASON_SECTOR[sector]
                half_season = math.fsum(season[m - 1] for m in month_numbers)
                raw = [
                    share[c] * season[m[1] - 1] / half_season * _noise(rng, 0.06) for c, m in cells
                ]
                constant[sector] = _allocate(Decimal(_CONSTANT[(year, half)][s_index]), raw)
                deflator = _DEFLATOR[year][s_index]
                natural = [float(v) * deflator * _noise(rng, 0.02) for v in constant[sector]]
                natural_current[sector] = natural
                fixed = _CURRENT.get((year, half))
                total = Decimal(fixed[s_index]) if fixed else _q(math.fsum(natural))
                current[sector] = _allocate(total, natural)
            if (year, half) == (2021, 1):
                weights = [
                    math.fsum(natural_current[s][i] for s in SECTORS) for i in range(len(cells))
                ]
                total_current = _allocate(_TOTAL_CURRENT_2021H1, weights)
            else:
                total_current = [
                    sum((current[s][i] for s in SECTORS), Decimal(0)) for i in range(len(cells))
                ]
            for i, (commune, month) in enumerate(cells):
                period = _code(month)
                for sector in SECTORS:
                    out.add(sector, CONSTANT2010, commune, "pre2025", period, constant[sector][i])
                    out.add(sector, CURRENT, commune, "pre2025", period, current[sector][i])
                total_constant = sum((constant[s][i] for s in SECTORS), Decimal(0))
                out.add("GTSX", CONSTANT2010, commune, "pre2025", period, total_constant)
                out.add("GTSX", CURRENT, commune, "pre2025", period, total_current[i])


def _gtsx_new_raw(rng: random.Random) -> dict[_Key, float]:
    """Unrounded sector values, both bases, every pre2025 profile, every month of 2024–2025."""
    raw: dict[_Key, float] = {}
    for (year, half), level in _LEVEL_FROM_2021.items():
        month_numbers = range(1, 7) if half == 1 else range(7, 13)
        for s_index, sector in enumerate(SECTORS):
            district = float(_CONSTANT[(2021, half)][s_index]) * level
            share = _weights(_SECTOR_ATTR[sector])
            season = _SEASON_SECTOR[sector]
            half_season = math.fsum(season[m - 1] for m in month_numbers)
            for p in _PROFILES:
                for m in month_numbers:
                    value = district * share[p.code] * season[m - 1] / half_season
                    value *= _noise(rng, 0.06)
                    raw[(sector, CONSTANT2010, p.code, (year, m))] = value
                    deflated = value * _DEFLATOR[year][s_index] * _noise(rng, 0.02)
                    raw[(sector, CURRENT, p.code, (year, m))] = deflated
    return raw


def _flows_raw(rng: random.Random) -> dict[_Key, float]:
    """Unrounded monthly flows (not GTSX) of every profile for every month generated."""
    retail = _weights("tmdv")
    invest = _weights("cnxd")
    bases: tuple[tuple[str, Callable[[_Profile], float], tuple[float, ...], float], ...] = (
        ("THU_NSNN", lambda p: p.revenue, _SEASON_REVENUE, 0.15),
        ("CHI_NSDP", lambda p: p.spending, _SEASON_SPENDING, 0.10),
        ("DT_GIEO_TRONG", lambda p: p.sown_ha / 12, _SEASON_SOWN, 0.08),
        ("SL_LUONG_THUC", lambda p: p.sown_ha * p.cereal_t_ha / 12, _SEASON_HARVEST, 0.08),
        ("TMBL", lambda p: _RETAIL_2019_MONTH * retail[p.code], _SEASON_RETAIL, 0.05),
        ("VON_DAU_TU", lambda p: _INVEST_2019_MONTH * invest[p.code], _SEASON_INVEST, 0.20),
    )
    raw: dict[_Key, float] = {}
    for code, base, season, spread in bases:
        years = _YEAR_FACTOR[code]
        for p in _PROFILES:
            for month in _ALL_MONTHS:
                value = base(p) * years[month[0]] * season[month[1] - 1] * _noise(rng, spread)
                if code == "TMBL":
                    value *= _RETAIL_SHOCK.get(month, 1.0)
                raw[(code, None, p.code, month)] = value
    return raw


def _households(p: _Profile, year: int) -> int:
    """Households at the end of `year`."""
    return round(p.households * (1 + _HOUSEHOLD_GROWTH * (year - 2019)))


def _poor(p: _Profile, year: int) -> int:
    """Poor households at the end of `year` (the annual review closes in December)."""
    rate = p.poor_rate
    for _ in range(year - 2018):
        rate = max(rate * _POVERTY_REDUCTION, _POVERTY_FLOOR)
    return round(_households(p, year) * rate / 100)


def _poverty(p: _Profile, month: Month) -> tuple[int, int]:
    """(poor households, households) as reported for a month: last December's review until
    November, this year's review in December."""
    year = month[0] if month[1] == 12 else month[0] - 1
    return _poor(p, year), _households(p, year)


def _rate(poor: int, households: int) -> Decimal:
    return (Decimal(poor) * 100 / Decimal(households)).quantize(CENT, rounding=ROUND_HALF_UP)


def _covid_old(rng: random.Random) -> dict[tuple[str, Month], int]:
    """Cumulative confirmed cases per commune and month, 2019–2021."""
    communes = [p for p in _PROFILES if p.code != _IA_HLA_CODE]
    cumulative = {p.code: 0 for p in communes}
    result: dict[tuple[str, Month], int] = {}
    for month in _OLD_MONTHS:
        if month in _COVID_H1_2021:
            for code, total in _COVID_H1_2021[month].items():
                cumulative[code] = total
        elif month[0] == 2021 and month[1] in _COVID_NEW_2021H2:
            weights = [p.households * _noise(rng, 0.5) for p in communes]
            new = _split(_COVID_NEW_2021H2[month[1]], weights)
            for p, n in zip(communes, new, strict=True):
                cumulative[p.code] += n
        for p in communes:
            result[(p.code, month)] = cumulative[p.code]
    return result


def _covid_new(rng: random.Random) -> dict[str, int]:
    """Cumulative confirmed cases per pre2025 profile, unchanged through 2024–2025."""
    return {p.code: round(p.households * _COVID_ATTACK * _noise(rng, 0.25)) for p in _PROFILES}


def _stocks_old(out: _Builder, covid: Mapping[tuple[str, Month], int]) -> None:
    for unit in COMMUNES:
        p = next(q for q in _PROFILES if q.code == unit.code)
        for month in _OLD_MONTHS:
            poor, households = _poverty(p, month)
            period = _code(month)
            out.add("HO_NGHEO", None, p.code, "pre2025", period, _q(poor))
            out.add("TY_LE_HO_NGHEO", None, p.code, "pre2025", period, _rate(poor, households))
            out.add("COVID_F0", None, p.code, "pre2025", period, _q(covid[(p.code, month)]))


def _flows_old(out: _Builder, raw: Mapping[_Key, float]) -> None:
    communes = [u.code for u in COMMUNES]
    revenue_h1 = [
        (c, (2021, m)) for c in communes for m in range(1, 7)
    ]  # the communes' part of the article's 55.16
    communes_part = _THU_NSNN_2021H1 - Decimal(_DISTRICT_REVENUE[(2021, 1)])
    revenue = _allocate(communes_part, [raw[("THU_NSNN", None, c, m)] for c, m in revenue_h1])
    fixed = dict(zip(revenue_h1, revenue, strict=True))
    for (code, option, unit, month), value in raw.items():
        if unit == _IA_HLA_CODE or month not in _OLD_MONTHS:
            continue
        amount = fixed.get((unit, month)) if code == "THU_NSNN" else None
        out.add(
            code, option, unit, "pre2025", _code(month), _q(value) if amount is None else amount
        )


def _district(out: _Builder) -> None:
    for (year, half), value in _DISTRICT_REVENUE.items():
        period = f"{year}S{half}"
        out.add("THU_NSNN", None, DISTRICT_CODE, "pre2025", period, Decimal(value))
        out.add("NTM_XA", None, DISTRICT_CODE, "pre2025", period, _q(_NTM_RECOGNISED[(year, half)]))


def _merger(out: _Builder, raw: Mapping[_Key, float], covid: Mapping[str, int]) -> None:
    """2024-01..2025-06 for the predecessors (pre2025), 2025-07..12 for the successors (2025)."""
    profiles = {p.code: p for p in _PROFILES}
    flows = sorted({key[0:2] for key in raw}, key=lambda k: (_INDICATOR_ORDER[k[0]], k[1] or ""))
    groups: list[tuple[str, Era, tuple[str, ...], tuple[Month, ...]]] = []
    for successor, predecessors in SUCCESSORS.items():
        groups.extend((code, "pre2025", (code,), _PRE_NEW_MONTHS) for code in predecessors)
        groups.append((successor, "2025", predecessors, _POST_MONTHS))
    for unit, era, sources, months in groups:
        for month in months:
            period = _code(month)
            values: dict[tuple[str, str | None], Decimal] = {}
            for indicator, option in flows:
                total = math.fsum(raw[(indicator, option, s, month)] for s in sources)
                values[(indicator, option)] = _q(total)
            for option in (CONSTANT2010, CURRENT):
                parts = (values[(s, option)] for s in SECTORS)
                values[("GTSX", option)] = sum(parts, Decimal(0))
            for (indicator, option), value in values.items():
                out.add(indicator, option, unit, era, period, value)
            poor = sum(_poverty(profiles[s], month)[0] for s in sources)
            households = sum(_poverty(profiles[s], month)[1] for s in sources)
            out.add("HO_NGHEO", None, unit, era, period, _q(poor))
            out.add("TY_LE_HO_NGHEO", None, unit, era, period, _rate(poor, households))
            out.add("COVID_F0", None, unit, era, period, _q(sum(covid[s] for s in sources)))


def _sort_key(row: ValueRow) -> tuple[int, str, str, int, str]:
    return (
        0 if row.era == "pre2025" else 1,
        row.unit_code,
        row.period,
        _INDICATOR_ORDER[row.indicator],
        row.option or "",
    )


def demo_values() -> list[ValueRow]:
    """Every demo value, sorted by era, unit code, period, indicator order and option.

    Deterministic: the same rows, in the same order, on every call and every platform.
    """
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    out = _Builder()
    _gtsx_old(rng, out)
    flows = _flows_raw(rng)
    _flows_old(out, flows)
    _stocks_old(out, _covid_old(rng))
    _district(out)
    new_raw: dict[_Key, float] = {**_gtsx_new_raw(rng), **flows}
    _merger(out, new_raw, _covid_new(rng))
    return sorted(out.rows, key=_sort_key)
