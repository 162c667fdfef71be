"""The assessment endpoints (ntm/api/assessments.py): the own commune saved, a sibling refused;
evidence attached to the own commune only."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from dieuhanh.accounts.models import User
from dieuhanh.ntm.models import Assessment, Attachment, CriteriaSet
from tests.auth import bearer
from tests.ntm.factories import DUN, IA_BLANG, save

pytestmark = pytest.mark.django_db


def test_api_saves_the_own_commune(
    sets: dict[str, CriteriaSet], officer: User, client: Client
) -> None:
    body = {"version": 0, "values": {"12.1": {"value": "92,5"}}, "results": {"10": {"met": True}}}
    response = client.put(
        f"/api/ntm/assessments/{IA_BLANG}/2021?on=2021-07-01",
        json.dumps(body),
        content_type="application/json",
        **bearer(officer),
    )
    assert (response.status_code, response.json()["version"]) == (200, 1)


def test_api_refuses_the_sibling_commune(
    sets: dict[str, CriteriaSet], officer: User, client: Client
) -> None:
    body = {"version": 0, "values": {"12.1": {"value": "92,5"}}}
    response = client.put(
        f"/api/ntm/assessments/{DUN}/2021?on=2021-07-01",
        json.dumps(body),
        content_type="application/json",
        **bearer(officer),
    )
    assert (response.status_code, Assessment.objects.exists()) == (403, False)


def test_api_attaches_evidence_to_the_own_commune(
    sets: dict[str, CriteriaSet],
    officer: User,
    client: Client,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    save(IA_BLANG, {"12.1": "91"})
    file = io.BytesIO(b"%PDF-1.4")
    file.name = "bien-ban.pdf"
    response = client.post(
        f"/api/ntm/assessments/{IA_BLANG}/2021/attachments?on=2021-07-01",
        {"file": file},
        **bearer(officer),
    )
    assert (response.status_code, Attachment.objects.count()) == (200, 1)


def test_api_refuses_evidence_for_a_sibling_commune(
    sets: dict[str, CriteriaSet],
    officer: User,
    client: Client,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    save(DUN, {"12.1": "91"})
    file = io.BytesIO(b"%PDF-1.4")
    file.name = "bien-ban.pdf"
    response = client.post(
        f"/api/ntm/assessments/{DUN}/2021/attachments?on=2021-07-01",
        {"file": file},
        **bearer(officer),
    )
    assert (response.status_code, Attachment.objects.exists()) == (403, False)
