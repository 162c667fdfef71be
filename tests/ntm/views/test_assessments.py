"""The assessment form (ntm/views/assessments.py): grants next to denials (role, unit scope),
bad values and conflicts, evidence stored and served within the scope."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TypedDict

import pytest
from pytest_django.fixtures import Settings

from dieuhanh.accounts.models import Role, User
from dieuhanh.ntm.models import Assessment, Attachment, CriteriaSet, IndicatorValue
from tests.auth import Login
from tests.conftest import MakeUser
from tests.ntm.factories import CHU_SE, DUN, IA_BLANG, ON, form, save

pytestmark = pytest.mark.django_db


def test_officer_saves_the_own_communes_form(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    response = login(officer).post(f"/ntm/communes/{IA_BLANG}/2021/?{ON}", form())
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator__code="12.1").assessment.unit.code == IA_BLANG


def test_officer_is_refused_the_sibling_communes_form(
    sets: dict[str, CriteriaSet], make_user: MakeUser, officer: User, login: Login
) -> None:
    response = login(officer).post(f"/ntm/communes/{DUN}/2021/?{ON}", form())
    assert (response.status_code, Assessment.objects.exists()) == (403, False)


def test_the_form_is_read_only_for_a_viewer(
    sets: dict[str, CriteriaSet], make_user: MakeUser, login: Login
) -> None:
    viewer = make_user(role=Role.VIEWER, view=(CHU_SE,))
    response = login(viewer).get(f"/ntm/communes/{IA_BLANG}/2021/?{ON}")
    assert response.status_code == 200 and not response.context["can_capture"]


# A key of its own for mypy: **{"v-15.1": ...} as a dict[str, str] could fill form's `version`
_BadValue = TypedDict("_BadValue", {"v-15.1": str})


def test_a_bad_value_redisplays_the_form_with_the_field_named(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    bad: _BadValue = {"v-15.1": "120"}
    response = login(officer).post(f"/ntm/communes/{IA_BLANG}/2021/?{ON}", form(**bad))
    assert response.status_code == 400 and "15.1" in response.content.decode()


def test_a_stale_form_is_a_conflict(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    save(IA_BLANG, {"12.1": "91"})
    response = login(officer).post(f"/ntm/communes/{IA_BLANG}/2021/?{ON}", form(version=0))
    assert response.status_code == 409


def test_evidence_is_stored_and_served_within_the_scope(
    sets: dict[str, CriteriaSet],
    officer: User,
    login: Login,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    file = io.BytesIO(b"%PDF-1.4 bien ban")
    file.name = "bien-ban-tham-dinh.pdf"
    client = login(officer)
    client.post(f"/ntm/communes/{IA_BLANG}/2021/?{ON}", {**form(), "attachment": file})
    attachment = Attachment.objects.get()
    assert client.get(f"/ntm/attachments/{attachment.pk}/").status_code == 200


def test_evidence_is_not_served_outside_the_scope(
    sets: dict[str, CriteriaSet],
    officer: User,
    make_user: MakeUser,
    login: Login,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    file = io.BytesIO(b"%PDF-1.4")
    file.name = "a.pdf"
    login(officer).post(f"/ntm/communes/{IA_BLANG}/2021/?{ON}", {**form(), "attachment": file})
    other = make_user(role=Role.DATA_OFFICER, capture=(DUN,))
    pk = Attachment.objects.get().pk
    assert login(other).get(f"/ntm/attachments/{pk}/").status_code == 404


def test_evidence_of_a_refused_kind_is_not_stored(
    sets: dict[str, CriteriaSet],
    officer: User,
    login: Login,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    file = io.BytesIO(b"MZ")
    file.name = "virus.exe"
    response = login(officer).post(
        f"/ntm/communes/{IA_BLANG}/2021/?{ON}", {**form(), "attachment": file}
    )
    assert (response.status_code, Assessment.objects.exists()) == (400, False)


def test_a_save_that_fails_after_storing_its_evidence_leaves_no_file(
    sets: dict[str, CriteriaSet],
    officer: User,
    login: Login,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The file is written before the commit: a failure after it (here the audit record) rolls
    the assessment back and removes the file."""

    def failing_audit(**_kwargs: object) -> None:
        raise RuntimeError("the database went away")

    settings.MEDIA_ROOT = tmp_path
    from dieuhanh.ntm.services import assessments

    monkeypatch.setattr(assessments, "audit_record", failing_audit)
    file = io.BytesIO(b"%PDF-1.4 bien ban")
    file.name = "bien-ban-tham-dinh.pdf"
    client = login(officer)
    client.raise_request_exception = False
    response = client.post(f"/ntm/communes/{IA_BLANG}/2021/?{ON}", {**form(), "attachment": file})
    assert response.status_code == 500
    assert (Assessment.objects.exists(), [p for p in tmp_path.rglob("*") if p.is_file()]) == (
        False,
        [],
    )


def test_a_merged_commune_opens_on_its_last_day_without_a_date(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    """The opening rule: Xã Ia Blang (merged in 2025) opens on 30/06/2025, not a 404 today."""
    response = login(officer).get(f"/ntm/communes/{IA_BLANG}/")
    assert response.status_code == 200 and "Ia Blang" in response.content.decode()


def test_a_commune_outside_the_scope_is_refused_without_a_date(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    assert login(officer).get(f"/ntm/communes/{DUN}/").status_code == 403
