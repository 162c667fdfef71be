"""The audit record (core/services.py): without a user it is by the system; erasure replaces
personal values by a marker and keeps the event."""

from __future__ import annotations

import pytest

from dieuhanh.core.models import AuditEvent
from dieuhanh.core.services import ERASED, audit_erase, audit_record, audit_values, erase_values


@pytest.mark.django_db
def test_audit_record_without_a_user_is_by_system() -> None:
    event = audit_record(actor=None, action="test.action", object_type="x", object_id="1")
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "system"


# --- erasure of personal data from the audit log ---------------------------------------------


def _event(object_id: str = "7", **changes: object) -> AuditEvent:
    return audit_record(
        actor=None,
        action="test.correct",
        object_type="test.person",
        object_id=object_id,
        object_repr=f"Lê Thị Hoa #{object_id}",
        changes=changes,
    )


@pytest.mark.django_db
def test_audit_erase_replaces_recorded_values_and_keeps_the_event() -> None:
    event = _event(full_name=["Lê Thị Hoa", "Lê Thị Hòa"], birth_year=["1990", "1991"])
    audit_erase(object_type="test.person", object_ids=["7"], keys=["full_name"])
    after = AuditEvent.objects.get(pk=event.pk)
    assert after.changes == {"full_name": [ERASED, ERASED], "birth_year": ["1990", "1991"]}
    assert (after.at, after.action, after.actor_label) == (event.at, "test.correct", "system")


@pytest.mark.django_db
def test_audit_erase_replaces_quoted_values_in_other_text_and_the_label() -> None:
    event = _event(reason="gọi LÊ THỊ HOA ở 0905 123 456")
    audit_erase(object_type="test.person", object_ids=[7], values=["Lê Thị Hoa", "0905 123 456"])
    after = AuditEvent.objects.get(pk=event.pk)
    assert after.changes == {"reason": f"gọi {ERASED} ở {ERASED}"}
    assert after.object_repr == f"{ERASED} #7"


@pytest.mark.django_db
def test_audit_erase_can_erase_the_whole_label() -> None:
    event = _event()
    audit_erase(object_type="test.person", object_ids=[7], whole_repr=True)
    assert AuditEvent.objects.get(pk=event.pk).object_repr == ERASED


@pytest.mark.django_db
def test_audit_erase_leaves_other_objects_alone() -> None:
    other = _event("8", full_name=["Lê Thị Hoa", "Lê Thị Hòa"])
    audit_erase(object_type="test.person", object_ids=[7], keys=["full_name"], values=["Hoa"])
    assert AuditEvent.objects.get(pk=other.pk).changes == other.changes


@pytest.mark.django_db
def test_audit_values_finds_every_value_before_and_after() -> None:
    _event(full_name=["Lê Thị Hoa", "Lê Thị Hòa"])
    _event(phone=["", "0905123456"])
    found = audit_values(object_type="test.person", object_id="7", keys=["full_name", "phone"])
    assert found == {"Lê Thị Hoa", "Lê Thị Hòa", "0905123456"}


def test_erase_values_takes_the_longest_value_first_and_ignores_case() -> None:
    assert (
        erase_values("Hộ ông NGUYỄN VĂN AN", ["Nguyễn Văn", "nguyễn văn an"]) == f"Hộ ông {ERASED}"
    )
