"""Data-entry forms: the forms of a unit, one form to fill (typed the Vietnamese way, checked as you
type), and its cycle (save, submit, approve, unlock)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.errors import AccessDenied, DomainError
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import Scope, request_scope
from dieuhanh.indicators.models import DataSet
from dieuhanh.indicators.pure.quality import Bounds, Flag, check, flags_parse
from dieuhanh.indicators.selectors.forms import (
    DataEntryForm,
    FormField,
    data_entry_form,
    data_set_get,
    data_sets_for_unit,
    form_states,
    reports_awaiting_approval,
)
from dieuhanh.indicators.selectors.quality import (
    FieldChange,
    FieldQuality,
    field_quality,
    flags_message,
    form_changes,
)
from dieuhanh.indicators.selectors.review import values_opening
from dieuhanh.indicators.selectors.rules import rule_violations
from dieuhanh.indicators.services.forms import form_approve, form_return, form_submit, form_unlock
from dieuhanh.indicators.services.values import (
    Entry,
    FormInvalid,
    QualityUnconfirmed,
    ValueConflict,
    parse_entry_value,
    values_record,
)
from dieuhanh.indicators.views.review import default_period
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.periods import Period, PeriodKind
from dieuhanh.vn import format_number

_KIND_OF_TYPE = {
    "month": PeriodKind.MONTH,
    "quarter": PeriodKind.QUARTER,
    "half_year": PeriodKind.HALF_YEAR,
    "year": PeriodKind.YEAR,
}


@login_required
@module_required(Module.INDICATORS)
def form_list(request: HttpRequest) -> HttpResponse:
    """The forms of a unit within a period (e.g. the six monthly forms of 2021S1), and the
    forms awaiting the user's approval."""
    scope = request_scope(request)
    context: dict[str, object] = {"awaiting": reports_awaiting_approval(scope=scope)}
    code = request.GET.get("data_set")
    unit_code = request.GET.get("unit", "")
    period_code = request.GET.get("period", "")
    if not (code and unit_code):  # the opening rule: the user's unit, its newest half-year
        home, opening = values_opening(user=request_user(request), scope=scope, today=today())
        own = data_sets_for_unit(unit=home) if home is not None else []
        if home is not None and own:
            code, unit_code = code or own[0].code, unit_code or home.code
            period_code = period_code or opening.code
    if code and unit_code:
        data_set = data_set_get(code=code)
        period = period_parse(period_code or default_period().code)
        unit = unit_resolve(code=unit_code, on=period, scope=scope, policy=UnitPolicy.IN_PERIOD)
        kind = _KIND_OF_TYPE[data_set.period_type]
        periods = (
            period.subperiods(kind) if kind.months <= period.kind.months else [period.parent(kind)]
        )
        context.update(
            data_set=data_set,
            unit=unit,
            period=period,
            forms=form_states(
                data_set=data_set, unit=unit, periods=periods, scope=scope, today=today()
            ),
        )
    return render(request, "indicators/forms.html", context)


def _load_form(request: HttpRequest, data_set: str, unit: str, period: str) -> DataEntryForm:
    p = period_parse(period)
    scope = request_scope(request)
    return data_entry_form(
        data_set=data_set_get(code=data_set),
        unit=unit_resolve(code=unit, on=p, scope=scope, policy=UnitPolicy.IN_PERIOD),
        period=p,
        scope=scope,
        role=str(getattr(request.user, "role", "")),
    )


@login_required
@module_required(Module.INDICATORS)
def entry_page(request: HttpRequest, data_set: str, unit: str, period: str) -> HttpResponse:
    form = _load_form(request, data_set, unit, period)
    errors: dict[str, str] = {}
    unconfirmed: set[str] = set()
    conflicts: dict[str, str] = {}
    typed: dict[str, str] = {}
    comments: dict[str, str] = {}
    if request.method == "POST":
        entries = []
        for f in form.fields:
            text = request.POST.get(f.name, "")
            typed[f.name] = text
            version = request.POST.get(f.name + "-version") or None
            comment = request.POST.get(f.name + "-comment")  # absent: keep the stored one
            if comment is not None:
                comments[f.name] = comment
            entries.append(
                Entry(
                    f.indicator,
                    f.option,
                    text,
                    request.POST.get(f.name + "-status", "actual"),
                    comment,
                    int(version) if version and version.isdigit() else None,
                )
            )
        try:
            values_record(
                actor=request_user(request),
                scope=request_scope(request),
                unit=form.unit,
                period=form.period,
                entries=entries,
                data_set=form.data_set,
            )
        except FormInvalid as exc:
            errors = {_field_name(form, e.indicator, e.option): e.message for e in exc.errors}
            unconfirmed = {
                _field_name(form, e.indicator, e.option)
                for e in exc.errors
                if isinstance(e.error, QualityUnconfirmed)
            }
            messages.error(request, exc.render())
        except ValueConflict as exc:
            for dv, mine in exc.conflicts:
                conflicts[
                    _field_name(
                        form, dv.indicator.code, dv.option.code if dv.option is not None else None
                    )
                ] = mine
            messages.error(request, exc.render())
            form = _load_form(request, data_set, unit, period)  # show their values and versions
        else:
            messages.success(request, _("Saved."))
            return redirect(request.path)
    violations = rule_violations(unit=form.unit, period=form.period, scope=request_scope(request))
    quality = field_quality(
        unit=form.unit, period=form.period, fields=[(f.indicator, f.option) for f in form.fields]
    )
    changes = form_changes(report=form.report, unit=form.unit, period=form.period)
    rows = [
        EntryRow(
            field=f,
            text=typed.get(f.name, format_number(f.value.value) if f.value else ""),
            error=errors.get(f.name, ""),
            conflict=conflicts.get(f.name, ""),
            comment=comments.get(f.name, f.value.comment if f.value else ""),
            unconfirmed=f.name in unconfirmed,
            quality=quality[_key(f)],
            change=changes.get(_key(f)),
        )
        for f in form.fields
    ]
    return render(
        request,
        "indicators/entry.html",
        {
            "form": form,
            "rows": rows,
            "violations": violations,
            "changed_rows": [r for r in rows if r.change is not None or r.flags],
        },
        status=400 if errors else (409 if conflicts else 200),
    )


def _key(f: FormField) -> tuple[int, int | None]:
    return (f.indicator.pk, f.option.pk if f.option else None)


@dataclass(frozen=True)
class EntryRow:
    """A field as the page shows it: what is in the box, what is wrong with it, its previous
    period and same period last year, its quality flags and what changed for the approver."""

    field: FormField
    text: str
    error: str
    conflict: str
    comment: str
    unconfirmed: bool  # flagged and not yet confirmed with a comment
    quality: FieldQuality
    change: FieldChange | None

    @property
    def flags(self) -> list[Flag]:
        """The flags the stored value was confirmed with."""
        return flags_parse(self.field.value.flags) if self.field.value else []

    @property
    def flags_label(self) -> str:
        return flags_message(self.flags, self.quality.bounds)

    @property
    def bounds(self) -> Bounds:
        return self.quality.bounds


def _field_name(form: DataEntryForm, code: str, option: str | None) -> str:
    for f in form.fields:
        if f.indicator.code == code and (f.option.code if f.option else None) == option:
            return str(f.name)
    return ""


@login_required
@module_required(Module.INDICATORS)
@require_POST
def entry_check(request: HttpRequest, data_set: str, unit: str, period: str) -> HttpResponse:
    """Check one typed value as the user types (HTMX): the message, or nothing."""
    form = _load_form(request, data_set, unit, period)
    name = request.POST.get("field", "")
    field = next((f for f in form.fields if f.name == name), None)
    message = ""
    flagged = False
    if field is not None:
        text = request.POST.get(name, "").strip()
        if text:
            try:
                value = parse_entry_value(field.indicator, text)
            except DomainError as exc:
                message = exc.render()
            else:
                # The same rule the save applies (services.values._quality_flags).
                bounds = field_quality(
                    unit=form.unit, period=form.period, fields=[(field.indicator, field.option)]
                )[_key(field)].bounds
                flags = check(value, bounds)
                if field.value is not None and field.value.value == value:
                    flags = []  # unchanged: confirmed when it was saved
                if Flag.NEGATIVE in flags:
                    message = _("%(code)s may not be negative.") % {"code": field.indicator.code}
                elif flags:
                    flagged = True
                    message = _(
                        "Looks wrong (%(why)s). Check it, or confirm it with a comment."
                    ) % {"why": flags_message(flags, bounds)}
    return render(
        request,
        "indicators/_check.html",
        {"message": message, "name": name, "flagged": flagged},
    )


class _FormActionArgs(TypedDict):
    actor: User
    scope: Scope
    data_set: DataSet
    unit: OrgUnit
    period: Period


@login_required
@module_required(Module.INDICATORS)
@require_POST
def entry_action(
    request: HttpRequest, data_set: str, unit: str, period: str, action: str
) -> HttpResponse:
    form = _load_form(request, data_set, unit, period)
    args: _FormActionArgs = {
        "actor": request_user(request),
        "scope": request_scope(request),
        "data_set": form.data_set,
        "unit": form.unit,
        "period": form.period,
    }
    try:
        if action == "submit":
            form_submit(**args)
            messages.success(request, _("Submitted for approval."))
        elif action == "approve":
            form_approve(**args)
            messages.success(request, _("Approved and locked."))
        elif action == "return":
            form_return(**args, reason=request.POST.get("reason", ""))
            messages.success(request, _("Returned to the unit."))
        elif action == "unlock":
            form_unlock(**args, reason=request.POST.get("reason", ""))
            messages.success(request, _("Unlocked."))
        else:
            raise AccessDenied(_("Unknown action."))
    except DomainError as exc:
        if exc.status_code == 403:
            raise
        messages.error(request, exc.render())
    return redirect(reverse("indicators:entry", args=[data_set, unit, period]))
