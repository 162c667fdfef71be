"""The kernel's validation helpers: model validation, optimistic locking, typed-in text and
choices, all refused with a message in Vietnamese and English."""

from __future__ import annotations

import datetime

import pytest
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from dieuhanh.core.errors import BilingualInvalid, Conflict, ValidationFailed
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.validation import (
    check_aware,
    check_version,
    choice_value,
    clean_or_raise,
    text_value,
)


def _label(language: str) -> str:
    with override(language):
        return str(AuditEvent._meta.get_field("action").verbose_name)


def _too_long() -> AuditEvent:
    return AuditEvent(action="x" * 65, object_type="core.test", object_id="1")


def test_clean_or_raise_names_the_field_in_vietnamese() -> None:
    with pytest.raises(BilingualInvalid) as caught:
        clean_or_raise(_too_long())
    assert caught.value.render("vi").startswith(f"Dữ liệu không hợp lệ: {_label('vi')}:")


def test_clean_or_raise_names_the_field_in_english() -> None:
    with pytest.raises(BilingualInvalid) as caught:
        clean_or_raise(_too_long())
    assert caught.value.render("en").startswith(f"Invalid input: {_label('en')}:")


def test_clean_or_raise_leaves_out_the_excluded_fields() -> None:
    clean_or_raise(_too_long(), exclude=["action"])


def test_clean_or_raise_passes_a_valid_object() -> None:
    clean_or_raise(AuditEvent(action="core.test", object_type="core.test", object_id="1"))


def test_a_change_from_an_older_version_is_a_conflict() -> None:
    with pytest.raises(Conflict):
        check_version(current=4, seen=3, what=_("The zone"))


def test_the_current_version_passes() -> None:
    check_version(current=4, seen=4, what=_("The zone"))


def test_no_version_given_means_nothing_to_compare() -> None:
    check_version(current=4, seen=None, what=_("The zone"))


def test_the_conflict_names_the_record_in_each_language() -> None:
    with pytest.raises(Conflict) as caught:
        check_version(current=2, seen=1, what="Vùng")
    assert "Vùng" in caught.value.render("vi") and "Vùng" in caught.value.render("en")


def test_text_is_trimmed() -> None:
    assert text_value("  Hội nghị  ", _("title")) == "Hội nghị"


def test_blank_required_text_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        text_value("   ", _("title"))


def test_blank_optional_text_is_empty() -> None:
    assert text_value("   ", _("title"), required=False) == ""


class _Tone(models.TextChoices):
    CALM = "calm", "calm"
    TENSE = "tense", "tense"


def test_a_known_choice_passes() -> None:
    assert choice_value("calm", _Tone, "tone") == "calm"


def test_an_unknown_choice_is_refused_with_what_is_allowed() -> None:
    with pytest.raises(ValidationFailed) as caught:
        choice_value("angry", _Tone, "tone")
    assert "calm, tense" in caught.value.render("en")


def test_a_translatable_parameter_is_rendered_in_each_language() -> None:
    error = ValidationFailed(_("%(field)s is required."), field=_("title"))
    with override("vi"):
        title_vi = str(_("title"))
    assert (title_vi in error.render("vi"), error.render("en")) == (True, "title is required.")


def test_a_time_with_an_offset_passes() -> None:
    check_aware(datetime.datetime(2021, 7, 10, 8, 30, tzinfo=datetime.UTC), "isolated_at")


def test_a_time_without_an_offset_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        check_aware(datetime.datetime(2021, 7, 10, 8, 30), "isolated_at")
