"""The data-entry form of a unit and period and its cycle: read, save, submit, approve, return,
unlock; and the follow-up list of flagged values."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import request_scope
from dieuhanh.indicators.selectors.forms import (
    data_entry_form,
    data_entry_form_reread,
    data_set_get,
)
from dieuhanh.indicators.selectors.quality import field_neighbours, flagged_dict, flagged_values
from dieuhanh.indicators.services.forms import form_approve, form_return, form_submit, form_unlock
from dieuhanh.indicators.services.values import Entry, values_record
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve

router = Router(tags=["indicators"])


class FieldOut(Schema):
    indicator: str
    option: str | None
    name: str
    unit: str
    value: float | None
    status: str | None
    version: int | None
    comment: str
    flags: list[str]
    previous: float | None
    last_year: float | None


class FormOut(Schema):
    data_set: str
    unit: str
    period: str
    state: str
    read_only: bool
    return_reason: str
    can_capture: bool
    fields: list[FieldOut]


def _form(request: HttpRequest, data_set: str, unit: str, period: str) -> Any:
    p = period_parse(period)
    scope = request_scope(request)
    return data_entry_form(
        data_set=data_set_get(code=data_set),
        unit=unit_resolve(code=unit, on=p, scope=scope, policy=UnitPolicy.IN_PERIOD),
        period=p,
        scope=scope,
        role=str(getattr(request.user, "role", "")),
    )


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def _form_dict(form: Any) -> dict[str, Any]:
    neighbours = field_neighbours(
        unit=form.unit, period=form.period, fields=[(f.indicator, f.option) for f in form.fields]
    )
    return {
        "data_set": form.data_set.code,
        "unit": form.unit.code,
        "period": form.period.code,
        "state": form.state,
        "read_only": form.read_only,
        "return_reason": form.return_reason,
        "can_capture": form.can_capture,
        "fields": [
            {
                "indicator": f.indicator.code,
                "option": f.option.code if f.option else None,
                "name": f.indicator.name_vi,
                "unit": f.indicator.unit_of_measure,
                "value": float(f.value.value) if f.value else None,
                "status": f.value.status if f.value else None,
                "version": f.value.version if f.value else None,
                "comment": f.value.comment if f.value else "",
                "flags": [c for c in (f.value.flags if f.value else "").split(",") if c],
                "previous": _f(neighbours[(f.indicator.pk, f.option.pk if f.option else None)][0]),
                "last_year": _f(neighbours[(f.indicator.pk, f.option.pk if f.option else None)][1]),
            }
            for f in form.fields
        ],
    }


@router.get("/forms/{data_set}/{unit}/{period}", response=FormOut, summary="A data-entry form")
@module_required(Module.INDICATORS)
def form_get(request: HttpRequest, data_set: str, unit: str, period: str) -> dict[str, Any]:
    return _form_dict(_form(request, data_set, unit, period))


class ValueIn(Schema):
    indicator: str
    option: str | None = None
    value: str  # as typed, the Vietnamese way ("1.234,5"); blank deletes
    status: str = "actual"
    comment: str | None = None  # omitted: the stored comment is kept
    version: int | None = None  # the version the client read (null: no value was there)


class FormIn(Schema):
    values: list[ValueIn]


def _entries(form: Any, values: list[ValueIn]) -> list[Entry]:
    fields = {(f.indicator.code, f.option.code if f.option else None): f for f in form.fields}
    entries = []
    unknown = []
    for v in values:
        key = (v.indicator.upper(), v.option.upper() if v.option else None)
        field = fields.get(key)
        if field is None:
            unknown.append(f"{v.indicator}{'[' + v.option + ']' if v.option else ''}")
            continue
        entries.append(
            Entry(field.indicator, field.option, v.value, v.status, v.comment, v.version)
        )
    if unknown:
        raise ValidationFailed(_("Not in this form: %(names)s"), names=", ".join(unknown))
    return entries


@router.post("/forms/{data_set}/{unit}/{period}", response=FormOut, summary="Save values of a form")
@module_required(Module.INDICATORS)
def form_save(
    request: HttpRequest, data_set: str, unit: str, period: str, body: FormIn
) -> dict[str, Any]:
    form = _form(request, data_set, unit, period)
    user = request_user(request)
    values_record(
        actor=user,
        scope=request_scope(request),
        unit=form.unit,
        period=form.period,
        entries=_entries(form, body.values),
        data_set=form.data_set,
    )
    # The reply: the form just read, with its values and state read again (not built twice).
    return _form_dict(data_entry_form_reread(form))


class UnlockIn(Schema):
    reason: str


class FlaggedOut(Schema):
    unit: str
    unit_name: str
    period: str
    indicator: str
    indicator_name: str
    option: str | None
    value: float
    flags: list[str]
    comment: str


@router.get("/followup", response=list[FlaggedOut], summary="Flagged values to follow up")
@module_required(Module.INDICATORS)
def followup_api(request: HttpRequest, unit: str, period: str) -> list[dict[str, object]]:
    """Values confirmed despite a quality flag in `unit` and below, within `period`."""
    p = period_parse(period)
    scope = request_scope(request)
    found = unit_resolve(code=unit, on=p, scope=scope, policy=UnitPolicy.IN_PERIOD)
    return [flagged_dict(r) for r in flagged_values(scope=scope, unit=found, period=p)]


@router.post("/forms/{data_set}/{unit}/{period}/submit", response=FormOut, summary="Submit a form")
@module_required(Module.INDICATORS)
def form_submit_api(request: HttpRequest, data_set: str, unit: str, period: str) -> dict[str, Any]:
    form = _form(request, data_set, unit, period)
    form_submit(
        actor=request_user(request),
        scope=request_scope(request),
        data_set=form.data_set,
        unit=form.unit,
        period=form.period,
    )
    return _form_dict(_form(request, data_set, unit, period))


@router.post(
    "/forms/{data_set}/{unit}/{period}/approve", response=FormOut, summary="Approve (lock) a form"
)
@module_required(Module.INDICATORS)
def form_approve_api(request: HttpRequest, data_set: str, unit: str, period: str) -> dict[str, Any]:
    form = _form(request, data_set, unit, period)
    form_approve(
        actor=request_user(request),
        scope=request_scope(request),
        data_set=form.data_set,
        unit=form.unit,
        period=form.period,
    )
    return _form_dict(_form(request, data_set, unit, period))


@router.post("/forms/{data_set}/{unit}/{period}/unlock", response=FormOut, summary="Unlock a form")
@module_required(Module.INDICATORS)
def form_unlock_api(
    request: HttpRequest, data_set: str, unit: str, period: str, body: UnlockIn
) -> dict[str, Any]:
    form = _form(request, data_set, unit, period)
    form_unlock(
        actor=request_user(request),
        scope=request_scope(request),
        data_set=form.data_set,
        unit=form.unit,
        period=form.period,
        reason=body.reason,
    )
    return _form_dict(_form(request, data_set, unit, period))


@router.post(
    "/forms/{data_set}/{unit}/{period}/return",
    response=FormOut,
    summary="Return a submitted form to its unit (with a reason)",
)
@module_required(Module.INDICATORS)
def form_return_api(
    request: HttpRequest, data_set: str, unit: str, period: str, body: UnlockIn
) -> dict[str, Any]:
    form = _form(request, data_set, unit, period)
    form_return(
        actor=request_user(request),
        scope=request_scope(request),
        data_set=form.data_set,
        unit=form.unit,
        period=form.period,
        reason=body.reason,
    )
    return _form_dict(_form(request, data_set, unit, period))
