"""Model validation turned into the domain's bilingual error (one place for every service)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from dieuhanh.core.errors import BilingualInvalid, Conflict, ValidationFailed


def clean_or_raise(obj: models.Model, *, exclude: Sequence[str] = ()) -> None:
    """`full_clean()`, its messages joined with the labels of the fields they are about, raised
    as one `BilingualInvalid` (400) in Vietnamese and English."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        reasons = {}
        for language in ("vi", "en"):
            with override(language):
                parts = []
                for name, messages in exc.message_dict.items():
                    try:
                        label = str(getattr(obj._meta.get_field(name), "verbose_name", name))
                    except FieldDoesNotExist:  # NON_FIELD_ERRORS
                        label = ""
                    for message in (
                        ValidationError(exc.error_dict.get(name, [])).messages or messages
                    ):
                        parts.append(f"{label}: {message}" if label else message)
                reasons[language] = "; ".join(parts)
        raise BilingualInvalid(
            f"Dữ liệu không hợp lệ: {reasons['vi']}", f"Invalid input: {reasons['en']}"
        ) from exc


def check_version(*, current: int, seen: int | None, what: str | Promise) -> None:
    """Optimistic locking (khóa lạc quan): refuse (409) a change made from version `seen` of a
    record that is now at `current`, so that two people editing at once never silently overwrite
    each other. `seen` None: the caller did not say, nothing to compare."""
    if seen is not None and seen != current:
        raise Conflict(
            _("%(what)s was changed by someone else meanwhile; reload and try again."),
            what=str(what),
        )


def text_value(value: str, field: str | Promise, *, required: bool = True) -> str:
    """Text typed into `field`, trimmed; refused (400, naming the field) when required and blank."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(_("%(field)s is required."), field=field)
    return value


def choice_value(value: str, choices: type[models.TextChoices], field: str | Promise) -> str:
    """`value` if it is one of `choices`; refused (400) naming the field and what it may be."""
    if value not in choices.values:
        raise ValidationFailed(
            _("%(field)s: %(value)s is not one of %(allowed)s."),
            field=field,
            value=repr(value),
            allowed=", ".join(choices.values),
        )
    return value


def check_aware(value: datetime.datetime | None, field: str | Promise) -> None:
    """Refuse (400, naming the field) a time without a time zone offset: a naive time would be
    read in whatever zone the server runs in."""
    if value is not None and timezone.is_naive(value):
        raise ValidationFailed(_("%(field)s needs a time zone offset."), field=field)
