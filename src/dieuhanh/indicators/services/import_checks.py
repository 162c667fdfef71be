"""The checks of an import, row by row: the catalogue and the units of a file resolved in a few
queries, each row's faults named by field, duplicates and locked forms found before anything is
written."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple, TypeVar

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import (
    AccessDenied,
    BilingualInvalid,
    Conflict,
    DomainError,
    NotFound,
    ValidationFailed,
)
from dieuhanh.core.imports import ImportRefused, RowProblem
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import (
    DataSetIndicator,
    DataSetReport,
    DisaggregationOption,
    FormState,
    Indicator,
    ValueType,
)
from dieuhanh.indicators.pure.exchange.common import (
    RawValue,
    ValueProblem,
    parse_status,
    parse_value,
)
from dieuhanh.indicators.selectors.imports import units_for_periods
from dieuhanh.indicators.services.values import check_unit_period
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period
from dieuhanh.vn import format_number

_T = TypeVar("_T")

_CHUNK = 500

_TOO_LARGE = Decimal(10) ** 14

ImportKey = tuple[int, int | None, int, str]  # indicator, option, unit, period code

_Faults = list[tuple[str, DomainError]]  # (field, error)


class Planned(NamedTuple):
    """A row that passed every check, resolved to the catalogue and the unit."""

    key: ImportKey
    period: Period
    value: Decimal
    status: str  # "" keeps the stored status (a new value is actual)
    comment: str


def _value_error(indicator: Indicator, value: Decimal, comment: str = "") -> DomainError | None:
    if abs(value) >= _TOO_LARGE:
        return ValidationFailed(_("%(code)s: the number is too large."), code=indicator.code)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        normal = value.normalize().as_tuple().exponent
        if isinstance(normal, int) and normal < -6:
            return ValidationFailed(
                _("%(code)s: at most 6 decimal places are stored."), code=indicator.code
            )
    if indicator.value_type == ValueType.INTEGER and value != value.to_integral_value():
        return ValidationFailed(_("%(code)s takes whole numbers only."), code=indicator.code)
    if indicator.value_type == ValueType.PERCENT and not (Decimal(0) <= value <= Decimal(100)):
        return ValidationFailed(_("%(code)s is a percentage: 0 to 100."), code=indicator.code)
    return _quality_error(indicator, value, comment)


def _quality_error(indicator: Indicator, value: Decimal, comment: str) -> DomainError | None:
    """The form's plausibility rule as far as an import applies it (pure.quality): a negative
    value where the indicator forbids one is refused; a value outside the indicator's min–max
    is refused unless its row carries a comment confirming it. (The checks learned from the
    unit's history are the form's only: they would read every value's past.)"""
    if value < 0 and not indicator.may_be_negative:
        return ValidationFailed(_("%(code)s may not be negative."), code=indicator.code)
    low, high = indicator.min_value, indicator.max_value
    outside = (low is not None and value < low) or (high is not None and value > high)
    if outside and not comment.strip():
        return ValidationFailed(
            _(
                "%(code)s: %(value)s is outside the plausible range %(min)s – %(max)s; "
                "confirm it with a comment in the row."
            ),
            code=indicator.code,
            value=format_number(value),
            min=format_number(low) if low is not None else "…",
            max=format_number(high) if high is not None else "…",
        )
    return None


def _unit_error(unit: OrgUnit, period: Period, scope: Scope) -> DomainError | None:
    if not scope.can_capture_path(unit.path):
        return AccessDenied(
            _("You may not enter data for %(unit)s: it is outside your units."), unit=unit.name
        )
    try:
        check_unit_period(unit, period)
    except ValidationFailed as exc:
        return exc
    return None


def chunked(items: Sequence[_T], size: int = _CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _locked(units: set[int], periods: set[str]) -> set[tuple[int, str, int]]:
    """(unit, period, indicator) of the submitted or approved forms among these units and
    periods (a submitted form is read-only until returned or approved)."""
    reports = [
        (data_set_id, unit_id, period)
        for unit_chunk in chunked(sorted(units))
        for data_set_id, unit_id, period in DataSetReport.objects.filter(
            state__in=[FormState.SUBMITTED, FormState.APPROVED],
            unit_id__in=unit_chunk,
            period__in=sorted(periods),
        ).values_list("data_set_id", "unit_id", "period")
    ]
    if not reports:
        return set()
    members: dict[int, list[int]] = defaultdict(list)
    for data_set_id, indicator_id in DataSetIndicator.objects.filter(
        data_set_id__in={r[0] for r in reports}
    ).values_list("data_set_id", "indicator_id"):
        members[data_set_id].append(indicator_id)
    return {(u, p, i) for d, u, p in reports for i in members[d]}


class _Target(NamedTuple):
    """What a row's indicator and option codes name."""

    indicator: Indicator
    indicator_id: int
    option_id: int | None
    checked: bool  # whole numbers, percentages or a min–max: checked beyond the number's size
    signed: bool  # may be negative (else a negative value is refused)


class _Catalogue:
    """Indicator and option codes resolved once per distinct pair of a file."""

    def __init__(self) -> None:
        self.indicators = {
            i.code.upper(): i for i in Indicator.objects.select_related("disaggregation")
        }
        self.options: dict[int, dict[str, DisaggregationOption]] = defaultdict(dict)
        for o in DisaggregationOption.objects.order_by("sort_order", "code"):
            self.options[o.disaggregation_id][o.code.upper()] = o
        self.cache: dict[tuple[str, str], tuple[_Target | None, _Faults]] = {}

    def resolve(self, code: str, option: str) -> tuple[_Target | None, _Faults]:
        found = self.cache.get((code, option))
        if found is None:
            found = self.cache[(code, option)] = self._resolve(code, option)
        return found

    def _resolve(self, code: str, option: str) -> tuple[_Target | None, _Faults]:
        error: DomainError
        indicator = self.indicators.get(code.upper())
        if indicator is None:
            error = NotFound(_("Unknown indicator code %(code)s."), code=code or "∅")
            return None, [("dataelement", error)]
        checked = (
            indicator.value_type != ValueType.NUMBER
            or indicator.min_value is not None
            or indicator.max_value is not None
        )
        signed = indicator.may_be_negative
        if indicator.disaggregation_id is None:
            if option and option.lower() != "default":
                error = ValidationFailed(
                    _(
                        "%(code)s has no disaggregation: leave catoptcombo blank or write "
                        '"default" (found %(option)s).'
                    ),
                    code=indicator.code,
                    option=option,
                )
                return _Target(indicator, indicator.pk, None, True, signed), [
                    ("catoptcombo", error)
                ]
            return _Target(indicator, indicator.pk, None, checked, signed), []
        choices = self.options[indicator.disaggregation_id]
        found = choices.get(option.upper())
        if found is None:
            error = ValidationFailed(
                _("%(code)s needs catoptcombo, one of %(options)s (found %(option)s)."),
                code=indicator.code,
                options=", ".join(o.code for o in choices.values()),
                option=option or "∅",
            )
            return _Target(indicator, indicator.pk, None, True, signed), [("catoptcombo", error)]
        return _Target(indicator, indicator.pk, found.pk, checked, signed), []


class _Place(NamedTuple):
    """The period and unit version a row's period and unit codes name."""

    period: Period
    code: str
    unit_id: int
    unit_name: str


def _places(rows: Sequence[RawValue], scope: Scope) -> dict[tuple[str, str], _Place | _Faults]:
    """Each distinct (period, unit code) of a file: the period and the unit version it is
    reported on, checked against the caller's scope and the unit's lifetime; or the fault."""
    pairs = {(r[2], r[3]) for r in rows}  # (period, orgunit): one pass over the rows
    periods: dict[str, Period | DomainError] = {}
    for text in {text for text, _code in pairs}:
        try:
            periods[text] = period_parse(text)
        except DomainError as exc:
            periods[text] = exc
    found = units_for_periods(
        keys={(code, p) for text, code in pairs if isinstance(p := periods[text], Period)},
        scope=scope,
    )
    places: dict[tuple[str, str], _Place | _Faults] = {}
    for text, code in pairs:
        period = periods[text]
        if isinstance(period, DomainError):
            places[(text, code)] = [("period", period)]
            continue
        unit = found[(code, period)]
        error = unit if isinstance(unit, DomainError) else _unit_error(unit, period, scope)
        if error is not None:
            places[(text, code)] = [("orgunit", error)]
        else:
            assert isinstance(unit, OrgUnit)
            places[(text, code)] = _Place(period, period.code, unit.pk, unit.name)
    return places


# A machine number that needs no more checks than its indicator's type: at most 14 integer
# digits (below 10**14) and 6 decimals, as DataValue stores.
_PLAIN_VALUE = re.compile(r"-?[0-9]{1,14}(?:\.[0-9]{1,6})?")


def import_plan(scope: Scope, rows: Sequence[RawValue], file_name: str) -> list[Planned]:
    """Check every row against the catalogue, the units, the caller's scope and the forms'
    locks, with a few queries for the whole file; raise ImportRefused listing every fault.

    Codes are looked up once per distinct value, so the loop over rows does no query."""
    if not rows:
        raise ImportRefused(
            file_name,
            [RowProblem(file_name, None, "", ValidationFailed(_("The file holds no values.")))],
        )
    catalogue = _Catalogue()
    places = _places(rows, scope)
    resolved = [p for p in places.values() if isinstance(p, _Place)]
    locked = _locked({p.unit_id for p in resolved}, {p.code for p in resolved})
    problems: list[RowProblem] = []
    seen: dict[ImportKey, int] = {}
    planned: list[Planned] = []
    append = planned.append
    plain = _PLAIN_VALUE.fullmatch
    resolve = catalogue.resolve
    resolved_codes = catalogue.cache
    make = tuple.__new__  # a Planned without the Python-level constructor
    # Duplicates are found by position in the file, not by row number: rows of two spreadsheet
    # sheets share numbers.
    for position, raw in enumerate(rows):
        fields = raw[:9]
        _row, code, period_text, orgunit, option, value_text, comment, attribute, status = fields
        found = resolved_codes.get((code, option))
        target, faults = found if found is not None else resolve(code, option)
        place = places[(period_text, orgunit)]
        text = value_text.strip()
        # The usual row — known codes, a plain machine number, no status or attribute — takes
        # the short way; any other row takes the long way, which names each fault.
        if (
            not faults
            and type(place) is _Place
            and not attribute
            and not status
            and not raw.decimal_comma
            and plain(text)
            and (target is None or target.signed or not text.startswith("-"))
        ):
            assert target is not None
            value = Decimal(text)
            if not target.checked or _value_error(target.indicator, value, comment) is None:
                key = (target.indicator_id, target.option_id, place.unit_id, place.code)
                if seen.setdefault(key, position) == position and not (
                    locked and (place.unit_id, place.code, target.indicator_id) in locked
                ):
                    append(make(Planned, (key, place.period, value, "", comment[:500])))
                    continue
        faults = _row_faults(raw, target, faults, place, text)
        if not faults:
            assert target is not None and isinstance(place, _Place)
            key = (target.indicator_id, target.option_id, place.unit_id, place.code)
            first = seen.setdefault(key, position)
            if first != position:
                faults = [("", _duplicate_error(rows[first].row))]
            elif locked and (place.unit_id, place.code, target.indicator_id) in locked:
                faults = [("period", _locked_error(place))]
            else:
                value = _row_value(raw, text)
                status = parse_status(raw.status) if raw.status else ""
                append(Planned(key, place.period, value, status, raw.comment[:500]))
                continue
        problems.extend(
            RowProblem(file_name, raw.row, where, error, raw.sheet) for where, error in faults
        )
    if problems:
        raise ImportRefused(file_name, problems)
    return planned


def _row_value(raw: RawValue, text: str) -> Decimal:
    """The value of a row `_row_faults` found nothing wrong with."""
    if not raw.decimal_comma and _PLAIN_VALUE.fullmatch(text):
        return Decimal(text)
    return parse_value(raw)


def _row_faults(
    raw: RawValue, target: _Target | None, faults: _Faults, place: _Place | _Faults, text: str
) -> _Faults:
    """Every fault of one row: its codes, unit, attribute, value and status."""
    if not isinstance(place, _Place):
        faults = [*faults, *place]
    if raw.attribute and raw.attribute.lower() != "default":
        faults = [*faults, ("attroptcombo", _attribute_error(raw.attribute))]
    if not raw.decimal_comma and _PLAIN_VALUE.fullmatch(text):
        value = Decimal(text)
        if target is not None and (target.checked or not target.signed):
            error = _value_error(target.indicator, value, raw.comment)
            if error is not None:
                faults = [*faults, ("value", error)]
    else:
        try:
            value = parse_value(raw)
        except ValueProblem as exc:
            faults = [*faults, ("value", BilingualInvalid(exc.message_vi, exc.message_en))]
        else:
            if target is not None and (error := _value_error(target.indicator, value, raw.comment)):
                faults = [*faults, ("value", error)]
    if raw.status:
        try:
            parse_status(raw.status)
        except ValueProblem as exc:
            faults = [*faults, ("status", BilingualInvalid(exc.message_vi, exc.message_en))]
    return faults


def _attribute_error(value: str) -> DomainError:
    return ValidationFailed(
        _(
            "Attribute option combinations are not used: leave attroptcombo "
            'blank or write "default" (found %(value)s).'
        ),
        value=value,
    )


def _duplicate_error(first: int) -> DomainError:
    return ValidationFailed(
        _("The same indicator, option, unit and period as row %(row)s."), row=first
    )


def _locked_error(place: _Place) -> DomainError:
    return Conflict(
        _(
            "The form of %(unit)s for %(period)s is submitted or approved: read-only until a "
            "leader returns or unlocks it."
        ),
        unit=place.unit_name,
        period=place.code,
    )
