"""Values entered by people (nhập số liệu): parsed the Vietnamese way, checked against the form's
state and the unit's life, saved with their history and running totals; a value changed meanwhile by
someone else is a conflict, never overwritten."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write
from dieuhanh.core.errors import BilingualInvalid, Conflict, DomainError, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.bulk import db_value, insert_many
from dieuhanh.indicators.models import (
    DataSet,
    DataSetIndicator,
    DataSetReport,
    DataValue,
    DataValueChange,
    DisaggregationOption,
    FormState,
    Indicator,
    ValueImport,
    ValueStatus,
    ValueType,
)
from dieuhanh.indicators.pure.quality import Flag, check, flags_text
from dieuhanh.indicators.rollups import Delta, is_estimate, rollup_apply
from dieuhanh.indicators.selectors.quality import field_quality, flags_message
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from dieuhanh.periods import Period
from dieuhanh.vn import VnNumberError, format_number, parse_number


@dataclass(frozen=True)
class Entry:
    """One value typed into a form: the text as typed, the version the user started from."""

    indicator: Indicator
    option: DisaggregationOption | None
    text: str
    status: str = ValueStatus.ACTUAL
    comment: str | None = None  # None: keep the stored comment
    expected_version: int | None = None  # None: the user saw no value


@dataclass(frozen=True)
class FieldError:
    indicator: str
    option: str | None
    error: DomainError

    @property
    def label(self) -> str:
        return f"{self.indicator}[{self.option}]" if self.option else self.indicator

    @property
    def message(self) -> str:
        return self.error.render()


class FormInvalid(ValidationFailed):
    """Several fields are wrong; nothing was saved."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__(
            _("%(n)s value(s) could not be saved; nothing was saved: %(detail)s"),
            n=len(errors),
            detail="",
        )

    def render(self, language: str | None = None) -> str:
        self.params["detail"] = "; ".join(
            f"{e.label}: {e.error.render(language)}" for e in self.errors
        )
        return super().render(language)

    def as_dict(self) -> dict[str, object]:
        return {
            **super().as_dict(),
            "errors": [
                {
                    "indicator": e.indicator,
                    "option": e.option,
                    "message": e.message,
                    "messages": {"vi": e.error.render("vi"), "en": e.error.render("en")},
                    # quality flags a comment would confirm (empty: the value itself is wrong)
                    "flags": [f.value for f in getattr(e.error, "flags", [])],
                }
                for e in self.errors
            ],
        }


class ValueConflict(Conflict):
    """Someone else saved the same value since the user opened the form."""

    def __init__(self, conflicts: list[tuple[DataValue, str]]) -> None:
        self.conflicts = conflicts
        super().__init__(
            _(
                "Another user changed %(n)s value(s) since you opened the form; nothing was saved: "
                "%(detail)s. Reload the form to see their values."
            ),
            n=len(conflicts),
            detail="; ".join(
                f"{dv.indicator.code}: {format_number(dv.value)} ({_('theirs')}) / "
                f"{mine} ({_('yours')})"
                for dv, mine in conflicts
            ),
        )

    def as_dict(self) -> dict[str, object]:
        return {
            **super().as_dict(),
            "conflicts": [
                {
                    "indicator": dv.indicator.code,
                    "option": dv.option.code if dv.option is not None else None,
                    "theirs": format_number(dv.value) if dv.pk else None,
                    "yours": mine,
                    "version": dv.version if dv.pk else None,
                }
                for dv, mine in self.conflicts
            ],
        }


def check_unit_period(unit: OrgUnit, period: Period) -> None:
    """A period's values belong to the unit version the reports read them by
    (`UnitPolicy.IN_PERIOD`): the one in force on the period's last day, else — when no version
    of the code is in force then — the one in force on its first. 2025S1 to Thị trấn Chư Sê,
    2025 to Xã Chư Sê; 2021 to Huyện Hà Quảng as re-formed on 2021-02-03 (a date known only
    approximately, so asking for the whole year would leave 2021 with no unit to hold it)."""
    if unit.is_valid_on(period.end):
        return
    if unit.is_valid_on(period.start) and not (
        OrgUnit.objects.filter(valid_on_q(period.end), code=unit.code).exists()
    ):
        return
    raise ValidationFailed(
        _(
            "%(unit)s was not in force on the last day of %(period)s (valid %(start)s – "
            "%(end)s): a period's values belong to the unit in force at its end."
        ),
        unit=unit.name,
        period=period.code,
        start=unit.valid_from.isoformat(),
        end=unit.valid_to.isoformat() if unit.valid_to else "…",
    )


def parse_entry_value(indicator: Indicator, text: str) -> Decimal:
    """A value as typed the Vietnamese way ("1.234,5"), checked against the indicator's type."""
    try:
        value = parse_number(text)
    except VnNumberError as exc:
        raise BilingualInvalid(exc.message_vi, exc.message_en) from exc
    if indicator.value_type == ValueType.INTEGER and value != value.to_integral_value():
        raise ValidationFailed(_("%(code)s takes whole numbers only."), code=indicator.code)
    if indicator.value_type == ValueType.PERCENT and not (Decimal(0) <= value <= Decimal(100)):
        raise ValidationFailed(_("%(code)s is a percentage: 0 to 100."), code=indicator.code)
    if abs(value) >= Decimal(10) ** 14:
        raise ValidationFailed(_("%(code)s: the number is too large."), code=indicator.code)
    exponent = value.as_tuple().exponent  # an int: parse_number reads digits only (no NaN, ∞)
    if isinstance(exponent, int) and -exponent > 6:
        raise ValidationFailed(_("%(code)s: at most 6 decimal places."), code=indicator.code)
    return value


def _locked_indicators(unit: OrgUnit, period: Period) -> dict[int, str]:
    """Indicators of the submitted or approved forms of the unit and period (→ the form's
    state), whatever form a save comes through (THU_NSNN is in both the monthly and the
    district form). A submitted form is read-only until returned or approved. The report rows
    are locked until the end of the transaction, so a submission cannot slip in between."""
    states = dict(
        DataSetReport.objects.select_for_update()
        .filter(unit=unit, period=period.code, state__in=[FormState.SUBMITTED, FormState.APPROVED])
        .values_list("data_set_id", "state")
    )
    locked: dict[int, str] = {}
    for data_set_id, indicator_id in DataSetIndicator.objects.filter(
        data_set_id__in=list(states)
    ).values_list("data_set_id", "indicator_id"):
        if locked.get(indicator_id) != FormState.APPROVED:
            locked[indicator_id] = states[data_set_id]
    return locked


def check_form_shape(data_set: DataSet, unit: OrgUnit, period: Period) -> None:
    """A form is entered by units of its level for periods of its type (so no value is stored
    twice at two period lengths and added up)."""
    if unit.level != data_set.unit_level:
        raise ValidationFailed(
            _("%(form)s is not entered by a unit of this level (%(unit)s)."),
            form=data_set.code,
            unit=unit.name,
        )
    if period.kind.value != data_set.period_type:
        raise ValidationFailed(
            _("%(form)s is entered for %(type)s periods, not %(period)s."),
            form=data_set.code,
            type=data_set.get_period_type_display(),
            period=period.code,
        )


@transaction.atomic
def values_record(
    *,
    actor: User,
    scope: Scope,
    unit: OrgUnit,
    period: Period,
    entries: Sequence[Entry],
    data_set: DataSet | None = None,
    action: str = "update",
) -> list[DataValue]:
    """Save a form's values: all or nothing.

    Blank text deletes a stored value. A value whose stored version differs from the one the
    user started from is a conflict (both values are reported; nothing is saved).
    """
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.INDICATORS,
        unit_path=unit.path,
        unit_name=unit.name,
    )
    check_unit_period(unit, period)
    if data_set is not None:
        check_form_shape(data_set, unit, period)
    locked = _locked_indicators(unit, period)
    held = {locked[e.indicator.pk] for e in entries if e.indicator.pk in locked}
    if held == {FormState.SUBMITTED}:
        raise Conflict(
            _(
                "The form of %(unit)s for %(period)s has been submitted and is read-only "
                "until a leader returns or approves it."
            ),
            unit=unit.name,
            period=period.code,
        )
    if held:
        raise Conflict(
            _(
                "The form of %(unit)s for %(period)s is approved and locked. "
                "A leader must unlock it."
            ),
            unit=unit.name,
            period=period.code,
        )
    errors: list[FieldError] = []
    parsed: list[tuple[Entry, Decimal | None]] = []
    for entry in entries:
        if entry.status not in ValueStatus.values:
            errors.append(
                FieldError(entry.indicator.code, None, ValidationFailed(_("unknown status")))
            )
            continue
        if (
            entry.option is not None
            and entry.option.disaggregation_id != entry.indicator.disaggregation_id
        ):
            errors.append(
                FieldError(
                    entry.indicator.code, entry.option.code, ValidationFailed(_("wrong option"))
                )
            )
            continue
        if entry.option is None and entry.indicator.disaggregation_id is not None:
            errors.append(
                FieldError(entry.indicator.code, None, ValidationFailed(_("an option is required")))
            )
            continue
        text = entry.text.strip()
        if not text:
            parsed.append((entry, None))
            continue
        try:
            parsed.append((entry, parse_entry_value(entry.indicator, text)))
        except ValidationFailed as exc:
            errors.append(
                FieldError(entry.indicator.code, entry.option.code if entry.option else None, exc)
            )
    if errors:
        raise FormInvalid(errors)

    keys = [(e.indicator.pk, e.option.pk if e.option else None) for e, _v in parsed]
    existing = {
        (dv.indicator_id, dv.option_id): dv
        for dv in DataValue.objects.select_for_update(of=("self",))
        .select_related("indicator", "created_by_import")
        .filter(unit=unit, period=period.code, indicator_id__in=[k[0] for k in keys])
    }
    conflicts = []
    for (entry, value), key in zip(parsed, keys, strict=True):
        current = existing.get(key)
        seen = entry.expected_version
        if current is not None and seen != current.version:
            # Someone saved since this page was opened: the same value and status may pass, but
            # a different comment would overwrite theirs (the comment confirming a flag).
            comment_differs = entry.comment is not None and entry.comment[:500] != current.comment
            if (
                value is None
                or (current.value, current.status) != (value, entry.status)
                or comment_differs
            ):
                conflicts.append((current, entry.text.strip() or "∅"))
        elif current is None and seen is not None:
            conflicts.append((DataValue(indicator=entry.indicator, value=Decimal(0)), entry.text))
    if conflicts:
        raise ValueConflict(conflicts)
    flags = _quality_flags(unit, period, parsed, keys, existing)

    saved: list[DataValue] = []
    now = timezone.now()
    history: list[DataValueChange] = []

    def change(entry: Entry, dv: DataValue | None, kind: str, **values: object) -> None:
        history.append(
            DataValueChange(
                data_value=dv,
                indicator=entry.indicator,
                option=entry.option,
                unit=unit,
                period=period.code,
                user=actor,
                action=kind,
                **values,
            )
        )

    origins: list[DataValueChange] = []  # creations by an import, written before a change

    def keep_origin(dv: DataValue, deleted: bool) -> None:
        batch = dv.created_by_import
        if batch is not None:
            origins.append(_import_origin(dv, batch, None if deleted else dv))
            dv.created_by_import = None

    for (entry, value), key in zip(parsed, keys, strict=True):
        current = existing.get(key)
        if value is None:
            if current is not None:
                keep_origin(current, deleted=True)
                change(entry, None, "delete", old_value=current.value, old_status=current.status)
                current.delete()
            continue
        if current is None:
            try:
                with transaction.atomic():
                    current = DataValue.objects.create(
                        indicator=entry.indicator,
                        option=entry.option,
                        unit=unit,
                        period=period.code,
                        period_start=period.start,
                        period_end=period.end,
                        value=value,
                        status=entry.status,
                        comment=(entry.comment or "")[:500],
                        flags=flags.get(key, ""),
                        updated_by=actor,
                    )
            except IntegrityError:
                conflict = DataValue(indicator=entry.indicator, value=value)
                raise ValueConflict([(conflict, entry.text)]) from None
            change(
                entry,
                current,
                "create" if action == "update" else action,
                new_value=value,
                new_status=entry.status,
            )
        elif (current.value, current.status, current.comment) != (
            value,
            entry.status,
            current.comment if entry.comment is None else entry.comment[:500],
        ):
            keep_origin(current, deleted=False)
            change(
                entry,
                current,
                action,
                old_value=current.value,
                new_value=value,
                old_status=current.status,
                new_status=entry.status,
            )
            if current.value != value:
                current.flags = flags.get(key, "")
            current.value = value
            current.status = entry.status
            if entry.comment is not None:
                current.comment = entry.comment[:500]
            current.version += 1
            current.updated_by = actor
            current.updated_at = now
            current.save(
                update_fields=[
                    "value",
                    "status",
                    "comment",
                    "flags",
                    "version",
                    "updated_by",
                    "updated_at",
                    "created_by_import",
                ]
            )
        saved.append(current)
    _origins_write(origins)  # before the changes: history reads newest first by time, then id
    DataValueChange.objects.bulk_create(history)
    rollup_apply(_deltas(history, period))
    if data_set is not None:
        DataSetReport.objects.get_or_create(data_set=data_set, unit=unit, period=period.code)
    return saved


class QualityUnconfirmed(ValidationFailed):
    """A value outside its plausible range, saved only with a comment confirming it."""

    def __init__(self, code: str, value: Decimal, flags: list[Flag], why: str) -> None:
        self.flags = flags
        super().__init__(
            _("%(code)s: %(value)s looks wrong (%(why)s). Check it, or confirm it with a comment."),
            code=code,
            value=format_number(value),
            why=why,
        )


def _quality_flags(
    unit: OrgUnit,
    period: Period,
    parsed: Sequence[tuple[Entry, Decimal | None]],
    keys: Sequence[tuple[int, int | None]],
    existing: dict[tuple[int, int | None], DataValue],
) -> dict[tuple[int, int | None], str]:
    """The quality flags of every new or changed value (pure.quality): a negative value where
    the indicator forbids one is refused, any other flag needs a comment (the one typed with
    the value, or the stored one when none is sent). Raises FormInvalid naming every field."""
    changed = [
        (entry, value, key)
        for (entry, value), key in zip(parsed, keys, strict=True)
        if value is not None and (key not in existing or existing[key].value != value)
    ]
    quality = field_quality(
        unit=unit, period=period, fields=[(e.indicator, e.option) for e, _v, _k in changed]
    )
    errors: list[FieldError] = []
    result: dict[tuple[int, int | None], str] = {}
    for entry, value, key in changed:
        assert value is not None
        bounds = quality[key].bounds
        flags = check(value, bounds)
        if not flags:
            continue
        option = entry.option.code if entry.option else None
        if Flag.NEGATIVE in flags:
            errors.append(
                FieldError(
                    entry.indicator.code,
                    option,
                    ValidationFailed(_("%(code)s may not be negative."), code=entry.indicator.code),
                )
            )
            continue
        stored = existing[key].comment if key in existing else ""
        comment = stored if entry.comment is None else entry.comment
        if not comment.strip():
            why = flags_message(flags, bounds)
            errors.append(
                FieldError(
                    entry.indicator.code,
                    option,
                    QualityUnconfirmed(entry.indicator.code, value, flags, why),
                )
            )
            continue
        result[key] = flags_text(flags)
    if errors:
        raise FormInvalid(errors)
    return result


def _import_origin(dv: DataValue, batch: ValueImport, link: DataValue | None) -> DataValueChange:
    """The history row of an imported value's creation (see ValueImport), as the import would
    have written it: its time and user, no old value, the value as it still stands."""
    return DataValueChange(
        data_value=link,
        indicator_id=dv.indicator_id,
        option_id=dv.option_id,
        unit_id=dv.unit_id,
        period=dv.period,
        at=batch.at,
        user_id=batch.user_id,
        action="import",
        old_value=None,
        new_value=dv.value,
        old_status="",
        new_status=dv.status,
    )


def _origins_write(origins: Sequence[DataValueChange]) -> None:
    """Write creation rows with the import's own time (`at` is set to now by the ORM)."""
    decimal = connection.ops.adapt_decimalfield_value
    insert_many(
        DataValueChange,
        HISTORY_FIELDS,
        [
            (
                o.data_value_id,
                o.indicator_id,
                o.option_id,
                o.unit_id,
                o.period,
                db_value(DataValueChange, "at", o.at),
                o.user_id,
                o.action,
                None,
                decimal(o.new_value, 20, 6),
                "",
                o.new_status,
            )
            for o in origins
        ],
    )


def _deltas(history: Sequence[DataValueChange], period: Period) -> list[Delta]:
    """What the recorded changes do to the running totals above the unit."""
    deltas = []
    for h in history:
        old = h.old_value if h.old_value is not None else Decimal(0)
        new = h.new_value if h.new_value is not None else Decimal(0)
        count = (h.new_value is not None) - (h.old_value is not None)
        estimates = is_estimate(h.new_status) - is_estimate(h.old_status)
        deltas.append(
            Delta(
                h.unit_id,
                h.indicator_id,
                h.option_id,
                period.start,
                period.end,
                new - old,
                count,
                estimates,
            )
        )
    return deltas


HISTORY_FIELDS = (
    "data_value",
    "indicator",
    "option",
    "unit",
    "period",
    "at",
    "user",
    "action",
    "old_value",
    "new_value",
    "old_status",
    "new_status",
)
