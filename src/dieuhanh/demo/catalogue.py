"""The demo indicator catalogue: disaggregations, indicators, data sets, validation rules, plans.

Pure data (standard library only, no Django). The demo loader turns each definition into a row
of the matching model in `dieuhanh.indicators.models`; field names here are the model's field
names, and references between definitions are by code:

- `DisaggregationDef` → `Disaggregation` (+ one `DisaggregationOption` per `OptionDef`);
  `growth_option` / `share_option` name an option of the same disaggregation.
- `IndicatorDef` → `Indicator`; `disaggregation` and `parent` are codes (or None).
- `DataSetDef` → `DataSet` (+ one `DataSetIndicator` per code in `indicators`, in that order,
  `sort_order` = position × 10).
- `ValidationRuleDef` → `ValidationRule`; `left` / `right` are expressions (grammar below),
  also given parsed as `left_terms` / `right_terms`.
- `TargetDef` → `Target`; the unit is `unit_code` resolved in `era` (see `chuse_values`).

Rule expression grammar: a sum of terms, `term ( "+" term )*`, where a term is an indicator
code optionally followed by `[OPTION]` (the option code of the indicator's disaggregation,
written exactly as in `DISAGGREGATIONS`; match it case-insensitively), or a decimal constant
with a dot. An indicator with a disaggregation and no option in brackets is not allowed.
Amounts are in billion VND (tỷ đồng).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

__all__ = [
    "CONSTANT2010",
    "CURRENT",
    "DATA_SETS",
    "DISAGGREGATIONS",
    "INDICATORS",
    "PRICE_BASIS",
    "TARGETS",
    "VALIDATION_RULES",
    "DataSetDef",
    "DisaggregationDef",
    "IndicatorDef",
    "OptionDef",
    "RuleSide",
    "RuleTerm",
    "TargetDef",
    "ValidationRuleDef",
    "data_set",
    "indicator",
    "options_of",
    "parse_side",
]

ValueType = Literal["number", "integer", "percent"]
UnitAggregation = Literal["sum", "average", "none"]
TimeAggregation = Literal["sum", "average", "last"]
PeriodType = Literal["month", "quarter", "half_year", "year"]
Operator = Literal["==", "!=", "<=", ">=", "<", ">"]
Severity = Literal["error", "warning"]
Era = Literal["pre2025", "2025"]
Direction = Literal["higher_better", "lower_better", "none"]
Kind = Literal["flow", "stock", "rate", "count"]

PRICE_BASIS: Final = "PRICE_BASIS"
CURRENT: Final = "CURRENT"
CONSTANT2010: Final = "CONSTANT2010"


# --- disaggregations ----------------------------------------------------------------------


@dataclass(frozen=True)
class OptionDef:
    code: str
    name_vi: str
    name_en: str
    sort_order: int


@dataclass(frozen=True)
class DisaggregationDef:
    code: str
    name_vi: str
    name_en: str
    options: tuple[OptionDef, ...]
    growth_option: str | None
    """Option on which growth vs the same period is computed (constant prices)."""
    share_option: str | None
    """Option on which structure shares of the parent are computed (current prices)."""


DISAGGREGATIONS: Final[tuple[DisaggregationDef, ...]] = (
    DisaggregationDef(
        code=PRICE_BASIS,
        name_vi="Giá",
        name_en="Price basis",
        options=(
            OptionDef(CURRENT, "Giá hiện hành", "Current prices", 1),
            OptionDef(CONSTANT2010, "Giá so sánh 2010", "Constant 2010 prices", 2),
        ),
        growth_option=CONSTANT2010,
        share_option=CURRENT,
    ),
)


# --- indicators -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name_vi: str
    name_en: str
    unit_of_measure: str
    value_type: ValueType
    decimals: int
    unit_aggregation: UnitAggregation
    time_aggregation: TimeAggregation
    disaggregation: str | None
    parent: str | None
    entered_overrides_rollup: bool
    sort_order: int
    report_section: str = "economy"
    """The section of the half-year review that states this indicator's figures."""
    direction: Direction = "higher_better"
    """Which way is better: decides "đạt" / "chưa đạt" against the plan."""
    kind: Kind = "flow"
    """Flow, stock, rate or count: decides how the change and the plan are said."""


def _amount(
    code: str,
    name_vi: str,
    name_en: str,
    sort_order: int,
    *,
    disaggregation: str | None = None,
    parent: str | None = None,
    report_section: str = "economy",
    direction: Direction = "higher_better",
) -> IndicatorDef:
    """A flow in tỷ đồng: summed over units and over time."""
    return IndicatorDef(
        code=code,
        name_vi=name_vi,
        name_en=name_en,
        unit_of_measure="tỷ đồng",
        value_type="number",
        decimals=2,
        unit_aggregation="sum",
        time_aggregation="sum",
        disaggregation=disaggregation,
        parent=parent,
        entered_overrides_rollup=False,
        sort_order=sort_order,
        report_section=report_section,
        direction=direction,
        kind="flow",
    )


INDICATORS: Final[tuple[IndicatorDef, ...]] = (
    _amount(
        "GTSX",
        "Tổng giá trị sản xuất",
        "Total production value",
        10,
        disaggregation=PRICE_BASIS,
    ),
    _amount(
        "GTSX_NLTS",
        "Giá trị sản xuất ngành nông, lâm, thủy sản",
        "Production value: agriculture, forestry and fishery",
        11,
        disaggregation=PRICE_BASIS,
        parent="GTSX",
    ),
    _amount(
        "GTSX_CNXD",
        "Giá trị sản xuất ngành công nghiệp - xây dựng",
        "Production value: industry and construction",
        12,
        disaggregation=PRICE_BASIS,
        parent="GTSX",
    ),
    _amount(
        "GTSX_TMDV",
        "Giá trị sản xuất ngành thương mại - dịch vụ",
        "Production value: trade and services",
        13,
        disaggregation=PRICE_BASIS,
        parent="GTSX",
    ),
    # Entered monthly by communes and half-yearly by the district (revenue the district collects
    # itself); the district's own entry adds to the communes' rollup, it does not replace it.
    _amount(
        "THU_NSNN",
        "Thu ngân sách nhà nước trên địa bàn",
        "State budget revenue collected in the area",
        20,
        report_section="budget",
    ),
    _amount(
        "CHI_NSDP",
        "Chi ngân sách địa phương",
        "Local budget expenditure",
        21,
        report_section="budget",
        direction="none",  # spending more or less than planned is neither good nor bad by itself
    ),
    IndicatorDef(
        code="DT_GIEO_TRONG",
        name_vi="Diện tích gieo trồng cây hàng năm",
        name_en="Sown area of annual crops",
        unit_of_measure="ha",
        value_type="number",
        decimals=2,
        unit_aggregation="sum",
        time_aggregation="sum",
        disaggregation=None,
        parent=None,
        entered_overrides_rollup=False,
        sort_order=30,
    ),
    IndicatorDef(
        code="SL_LUONG_THUC",
        name_vi="Sản lượng lương thực có hạt",
        name_en="Food (cereal) output",
        unit_of_measure="tấn",
        value_type="number",
        decimals=2,
        unit_aggregation="sum",
        time_aggregation="sum",
        disaggregation=None,
        parent=None,
        entered_overrides_rollup=False,
        sort_order=31,
    ),
    _amount(
        "TMBL",
        "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
        "Retail sales of goods and consumer services",
        40,
    ),
    _amount(
        "VON_DAU_TU",
        "Vốn đầu tư phát triển toàn xã hội",
        "Total social investment capital",
        41,
    ),
    IndicatorDef(
        code="HO_NGHEO",
        name_vi="Số hộ nghèo",
        name_en="Poor households",
        unit_of_measure="hộ",
        value_type="integer",
        decimals=0,
        unit_aggregation="sum",
        time_aggregation="last",
        disaggregation=None,
        parent=None,
        entered_overrides_rollup=False,
        sort_order=50,
        report_section="social",
        direction="lower_better",
        kind="stock",
    ),
    IndicatorDef(
        code="TY_LE_HO_NGHEO",
        name_vi="Tỷ lệ hộ nghèo",
        name_en="Poor-household rate",
        unit_of_measure="%",
        value_type="percent",
        decimals=2,
        unit_aggregation="average",
        time_aggregation="last",
        disaggregation=None,
        parent=None,
        entered_overrides_rollup=False,
        sort_order=51,
        report_section="social",
        direction="lower_better",
        kind="rate",
    ),
    IndicatorDef(
        code="NTM_XA",
        name_vi="Số xã đạt chuẩn nông thôn mới",
        name_en="Communes recognised as meeting the new-rural standard",
        unit_of_measure="xã",
        value_type="integer",
        decimals=0,
        unit_aggregation="sum",
        time_aggregation="last",
        disaggregation=None,
        parent=None,
        entered_overrides_rollup=True,
        sort_order=60,
        report_section="new_rural",
        kind="count",
    ),
    IndicatorDef(
        code="COVID_F0",
        name_vi="Số ca mắc Covid-19 (cộng dồn)",
        name_en="Confirmed Covid-19 cases (cumulative)",
        unit_of_measure="ca",
        value_type="integer",
        decimals=0,
        unit_aggregation="sum",
        time_aggregation="last",
        disaggregation=None,
        parent=None,
        entered_overrides_rollup=False,
        sort_order=70,
        report_section="epidemic",
        direction="lower_better",
        kind="count",
    ),
)


# --- data sets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataSetDef:
    code: str
    name_vi: str
    name_en: str
    period_type: PeriodType
    unit_level: int
    """1 province, 2 district, 3 commune (level of the units that enter the form)."""
    deadline_days: int
    indicators: tuple[str, ...]


DATA_SETS: Final[tuple[DataSetDef, ...]] = (
    DataSetDef(
        code="KTXH_THANG",
        name_vi="Báo cáo tình hình kinh tế - xã hội hằng tháng (cấp xã)",
        name_en="Monthly socio-economic report (commune level)",
        period_type="month",
        unit_level=3,
        deadline_days=5,
        indicators=tuple(i.code for i in INDICATORS if i.code != "NTM_XA"),
    ),
    DataSetDef(
        code="KTXH_HUYEN",
        name_vi="Báo cáo kinh tế - xã hội 6 tháng (cấp huyện)",
        name_en="Half-yearly socio-economic report (district level)",
        period_type="half_year",
        unit_level=2,
        deadline_days=5,
        indicators=("THU_NSNN", "NTM_XA"),
    ),
)


# --- validation rules ---------------------------------------------------------------------


@dataclass(frozen=True)
class RuleTerm:
    """One term of a rule side: an indicator (with its option, or None) summed over the scope."""

    indicator: str
    option: str | None


@dataclass(frozen=True)
class RuleSide:
    """A parsed rule side: the sum of `terms` plus `constant`."""

    terms: tuple[RuleTerm, ...]
    constant: Decimal


_TERM = re.compile(r"\s*(?:([A-Z][A-Z0-9_]*)(?:\[([A-Za-z0-9_]+)\])?|([0-9]+(?:\.[0-9]+)?))\s*")


def parse_side(expression: str) -> RuleSide:
    """Parse `GTSX_NLTS[CURRENT] + GTSX_CNXD[CURRENT]` or `0`; option codes are upper-cased.

    Raises ValueError on anything else, on an unknown indicator, or on an option that the
    indicator's disaggregation does not have (or a missing one).
    """
    terms: list[RuleTerm] = []
    constant = Decimal(0)
    for part in expression.split("+"):
        match = _TERM.fullmatch(part)
        if match is None:
            raise ValueError(f"bad rule term {part!r} in {expression!r}")
        code, option, number = match.groups()
        if number is not None:
            constant += Decimal(number)
            continue
        assert code is not None
        definition = indicator(code)
        wanted = options_of(code)
        option_code = option.upper() if option is not None else None
        if (option_code is None) != (not wanted) or (option_code and option_code not in wanted):
            raise ValueError(f"{code}: option {option!r} does not fit {definition.disaggregation}")
        terms.append(RuleTerm(code, option_code))
    return RuleSide(tuple(terms), constant)


@dataclass(frozen=True)
class ValidationRuleDef:
    """`left operator right`; for `==` the sides may differ by at most `tolerance`."""

    code: str
    name_vi: str
    name_en: str
    left: str
    operator: Operator
    right: str
    tolerance: Decimal
    severity: Severity

    @property
    def left_terms(self) -> RuleSide:
        return parse_side(self.left)

    @property
    def right_terms(self) -> RuleSide:
        return parse_side(self.right)


_SECTORS_CURRENT = "GTSX_NLTS[CURRENT] + GTSX_CNXD[CURRENT] + GTSX_TMDV[CURRENT]"
_SECTORS_CONSTANT = "GTSX_NLTS[CONSTANT2010] + GTSX_CNXD[CONSTANT2010] + GTSX_TMDV[CONSTANT2010]"

VALIDATION_RULES: Final[tuple[ValidationRuleDef, ...]] = (
    # Severity "warning": the article's own 2021 H1 figures break this rule at current prices
    # (sectors ≈ 5,240 vs total ≈ 5,716 tỷ đồng); see src/dieuhanh/demo/NOTES.md, "The article
    # does not add up".
    ValidationRuleDef(
        code="GTSX_CO_CAU_HH",
        name_vi="Tổng giá trị sản xuất bằng tổng ba khu vực (giá hiện hành)",
        name_en="Total production value equals the sum of the three sectors (current prices)",
        left="GTSX[CURRENT]",
        operator="==",
        right=_SECTORS_CURRENT,
        tolerance=Decimal("0.5"),
        severity="warning",
    ),
    ValidationRuleDef(
        code="GTSX_CO_CAU_SS",
        name_vi="Tổng giá trị sản xuất bằng tổng ba khu vực (giá so sánh 2010)",
        name_en="Total production value equals the sum of the three sectors (constant 2010 prices)",
        left="GTSX[CONSTANT2010]",
        operator="==",
        right=_SECTORS_CONSTANT,
        tolerance=Decimal("0.5"),
        severity="error",
    ),
    ValidationRuleDef(
        code="GTSX_SS_LE_HH",
        name_vi="Giá trị sản xuất giá so sánh không lớn hơn giá hiện hành",
        name_en="Production value at constant prices does not exceed current prices",
        left="GTSX[CONSTANT2010]",
        operator="<=",
        right="GTSX[CURRENT]",
        tolerance=Decimal(0),
        severity="warning",
    ),
    ValidationRuleDef(
        code="HO_NGHEO_NONNEG",
        name_vi="Số hộ nghèo không âm",
        name_en="Poor households are not negative",
        left="HO_NGHEO",
        operator=">=",
        right="0",
        tolerance=Decimal(0),
        severity="error",
    ),
)


# --- plan targets (kế hoạch) ----------------------------------------------------------------


@dataclass(frozen=True)
class TargetDef:
    """A year plan (`period` "2021") of an indicator (and option) for a unit."""

    indicator: str
    option: str | None
    unit_code: str
    era: Era
    period: str
    value: Decimal
    note: str = ""


def _plan(
    indicator_code: str, option: str | None, unit: str, year: int, value: str, note: str = ""
) -> TargetDef:
    return TargetDef(indicator_code, option, unit, "pre2025", str(year), Decimal(value), note)


_DISTRICT = "633"
_NOTE_THU = "toàn địa bàn: phần các xã, thị trấn thu và phần huyện thu"
_NOTE_THU_XA = "phần xã, thị trấn thu"

# 2021 year plan of each commune's own collection of state budget revenue (THU_NSNN). The
# district's plan (101.50) covers the whole area: the communes' 31.90 plus 69.60 that the
# district collects itself.
_COMMUNE_THU_2021: Final[tuple[tuple[str, str], ...]] = (
    ("23941", "13.60"),
    ("23944", "0.95"),
    ("23945", "1.05"),
    ("23946", "1.30"),
    ("23947", "1.40"),
    ("23950", "1.70"),
    ("23953", "0.85"),
    ("23954", "1.00"),
    ("23956", "1.25"),
    ("23959", "1.25"),
    ("23962", "1.60"),
    ("23965", "2.05"),
    ("23966", "1.20"),
    ("23968", "1.20"),
    ("23977", "1.50"),
)

TARGETS: Final[tuple[TargetDef, ...]] = (
    _plan("GTSX", CURRENT, _DISTRICT, 2020, "12500.00"),
    _plan("GTSX", CONSTANT2010, _DISTRICT, 2020, "8000.00"),
    _plan("GTSX", CURRENT, _DISTRICT, 2021, "13100.00"),
    _plan("GTSX", CONSTANT2010, _DISTRICT, 2021, "8480.00"),
    _plan("THU_NSNN", None, _DISTRICT, 2020, "96.00", _NOTE_THU),
    _plan("THU_NSNN", None, _DISTRICT, 2021, "101.50", _NOTE_THU),
    _plan("DT_GIEO_TRONG", None, _DISTRICT, 2020, "13800.00"),
    _plan("DT_GIEO_TRONG", None, _DISTRICT, 2021, "13900.00"),
    _plan("SL_LUONG_THUC", None, _DISTRICT, 2020, "26000.00"),
    _plan("SL_LUONG_THUC", None, _DISTRICT, 2021, "26800.00"),
    _plan("TY_LE_HO_NGHEO", None, _DISTRICT, 2020, "7.00", "bình quân các xã, cuối năm"),
    _plan("TY_LE_HO_NGHEO", None, _DISTRICT, 2021, "5.80", "bình quân các xã, cuối năm"),
    *(
        _plan("THU_NSNN", None, code, 2021, value, _NOTE_THU_XA)
        for code, value in _COMMUNE_THU_2021
    ),
)


# --- lookups --------------------------------------------------------------------------------

_BY_CODE: Final[dict[str, IndicatorDef]] = {i.code: i for i in INDICATORS}
_DISAGGREGATION_BY_CODE: Final[dict[str, DisaggregationDef]] = {d.code: d for d in DISAGGREGATIONS}


def indicator(code: str) -> IndicatorDef:
    """The indicator with this code; ValueError when there is none."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise ValueError(f"unknown indicator {code!r}") from None


def options_of(code: str) -> tuple[str, ...]:
    """Option codes of an indicator's disaggregation, in order; () when it has none."""
    disaggregation = indicator(code).disaggregation
    if disaggregation is None:
        return ()
    return tuple(o.code for o in _DISAGGREGATION_BY_CODE[disaggregation].options)


def data_set(code: str) -> DataSetDef:
    """The data set with this code; ValueError when there is none."""
    for definition in DATA_SETS:
        if definition.code == code:
            return definition
    raise ValueError(f"unknown data set {code!r}")
