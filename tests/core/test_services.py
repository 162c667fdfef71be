"""The audit record (core/services.py): without a user it is by the system."""

from __future__ import annotations

import pytest

from dieuhanh.core.models import AuditEvent
from dieuhanh.core.services import audit_record


@pytest.mark.django_db
def test_audit_record_without_a_user_is_by_system() -> None:
    event = audit_record(actor=None, action="test.action", object_type="x", object_id="1")
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "system"
