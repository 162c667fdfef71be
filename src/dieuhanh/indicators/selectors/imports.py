"""What goes out to be filled and comes back: exports (DHIS2 JSON/CSV, Excel) of a unit's values,
the Excel template of a form, and the units of many (code, period) pairs resolved at once for an
import."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import AccessDenied, DomainError, NotFound, ValidationFailed
from dieuhanh.core.scope import Scope, path_prefix_q
from dieuhanh.indicators.models import DataSet, DataValue
from dieuhanh.indicators.pure.exchange.common import FORMATS, ExportValue
from dieuhanh.indicators.pure.exchange.dhis2 import write_dhis2_csv, write_dhis2_json
from dieuhanh.indicators.pure.exchange.xlsx import (
    Template,
    TemplateRow,
    TemplateSheet,
    write_values_xlsx,
)
from dieuhanh.indicators.selectors.forms import data_set_get, data_sets_for_unit, form_periods
from dieuhanh.indicators.selectors.review import indicator_options
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period

_T = TypeVar("_T")


def _chunks(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def units_for_periods(
    *, keys: Iterable[tuple[str, Period]], scope: Scope
) -> dict[tuple[str, Period], OrgUnit | DomainError]:
    """`unit_for_period` for many (code, period) pairs at once, with one query per 500 codes:
    the version valid at each period's end (else at its start), or why there is none."""
    wanted = set(keys)
    versions: dict[str, list[OrgUnit]] = defaultdict(list)
    for chunk in _chunks(sorted({code for code, _p in wanted}), 500):
        for version in OrgUnit.objects.filter(code__in=chunk).order_by("valid_from"):
            versions[version.code].append(version)
    found: dict[tuple[str, Period], OrgUnit | DomainError] = {}
    spans = {p: (p.start, p.end) for _c, p in wanted}
    for code, period in wanted:
        candidates = versions.get(code)
        if not candidates:
            found[(code, period)] = NotFound(
                _("Unknown administrative unit code: %(code)s."), code=code
            )
            continue
        start, end = spans[period]
        unit = next((u for u in candidates if u.is_valid_on(end)), None) or next(
            (u for u in candidates if u.is_valid_on(start)), None
        )
        if unit is None:
            found[(code, period)] = NotFound(
                _("Unit code %(code)s exists, but no version of it is valid on %(day)s."),
                code=code,
                day=start.isoformat(),
            )
        elif not scope.can_view_path(unit.path):
            found[(code, period)] = AccessDenied(
                _("Unit %(code)s is outside the units you are allowed to see."), code=code
            )
        else:
            found[(code, period)] = unit
    return found


def _check_view(unit: OrgUnit, scope: Scope) -> None:
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=unit.code
        )


def values_export(*, unit: OrgUnit, period: Period, scope: Scope) -> list[ExportValue]:
    """Every value stored for `unit` and the units under it whose period lies within `period`
    (2021S1: the half-year's own values, its quarters' and its months')."""
    _check_view(unit, scope)
    rows = (
        DataValue.objects.filter(
            unit_id__in=OrgUnit.objects.filter(path_prefix_q("path", unit.path)).values("id"),
            period_start__gte=period.start,
            period_end__lte=period.end,
        )
        .order_by(
            "unit__path",
            "period_start",
            "-period_end",
            "indicator__sort_order",
            "indicator__code",
            "option__sort_order",
            "option__code",
        )
        .values_list(
            "indicator__code",
            "period",
            "unit__code",
            "option__code",
            "value",
            "updated_by__username",
            "updated_at",
            "comment",
        )
    )
    return [
        ExportValue(ind, per, code, opt or "", value, user or "", at, comment)
        for ind, per, code, opt, value, user, at, comment in rows.iterator(chunk_size=5000)
    ]


def values_template(*, data_set: DataSet, unit: OrgUnit, period: Period, scope: Scope) -> Template:
    """A data set's Excel form for a unit: a sheet per form period, its stored values filled in."""
    _check_view(unit, scope)
    members = list(
        data_set.members.select_related("indicator__disaggregation").prefetch_related(
            "indicator__disaggregation__options"
        )
    )
    periods = form_periods(data_set=data_set, period=period)
    stored = {
        (v.indicator_id, v.option_id, v.period): v
        for v in DataValue.objects.filter(
            unit=unit,
            period__in=[p.code for p in periods],
            indicator__in=[m.indicator for m in members],
        )
    }
    sheets = []
    for p in periods:
        rows = []
        for m in members:
            ind = m.indicator
            for opt in indicator_options(ind):
                dv = stored.get((ind.pk, opt.pk if opt else None, p.code))
                rows.append(
                    TemplateRow(
                        indicator=ind.code,
                        option=opt.code if opt else "",
                        name=f"{ind.name_vi} — {opt.name_vi}" if opt else ind.name_vi,
                        unit_of_measure=ind.unit_of_measure,
                        value=dv.value if dv else None,
                        status=dv.status if dv else "",
                        comment=dv.comment if dv else "",
                        decimals=ind.decimals,
                    )
                )
        sheets.append(TemplateSheet(p.code, p.label_vi(), rows))
    return Template(
        data_set=data_set.code,
        data_set_name=data_set.name_vi,
        unit=unit.code,
        unit_name=unit.name,
        period=period.code,
        period_label=period.label_vi(),
        sheets=sheets,
    )


def values_template_xlsx(
    *, data_set: DataSet, unit: OrgUnit, period: Period, scope: Scope
) -> bytes:
    """The Excel workbook of `values_template`."""
    return write_values_xlsx(
        values_template(data_set=data_set, unit=unit, period=period, scope=scope)
    )


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    file_name: str
    content_type: str


_CONTENT_TYPES = {
    "dhis2-json": ("json", "application/json"),
    "dhis2-csv": ("csv", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _export_data_set(unit: OrgUnit, code: str | None) -> DataSet:
    if code:
        return data_set_get(code=code)
    candidates = data_sets_for_unit(unit=unit)
    if len(candidates) != 1:
        raise ValidationFailed(
            _("Name the data set of the Excel export (one of: %(codes)s)."),
            codes=", ".join(d.code for d in candidates) or "—",
        )
    return candidates[0]


def values_export_file(
    *, unit: OrgUnit, period: Period, fmt: str, scope: Scope, data_set: str | None = None
) -> ExportFile:
    """The export of `values_export` as a file: DHIS2 JSON or CSV of the unit's subtree, or
    the unit's Excel form of a data set filled with its stored values."""
    if fmt not in _CONTENT_TYPES:
        raise ValidationFailed(
            _("Unknown format %(format)s: use one of %(formats)s."),
            format=fmt,
            formats=", ".join(FORMATS),
        )
    extension, content_type = _CONTENT_TYPES[fmt]
    if fmt == "xlsx":
        ds = _export_data_set(unit, data_set)
        content = values_template_xlsx(data_set=ds, unit=unit, period=period, scope=scope)
        name = f"{ds.code}-{unit.code}-{period.code}.{extension}"
    else:
        values = values_export(unit=unit, period=period, scope=scope)
        content = write_dhis2_json(values) if fmt == "dhis2-json" else write_dhis2_csv(values)
        name = f"dieuhanh-{unit.code}-{period.code}.{extension}"
    return ExportFile(content, name, content_type)
