"""Loading a dataset of format 2 (versions spanning eras, dated successions): small files."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.orgunits.models import CODE_SYSTEM_START, OrgUnit, OrgUnitDataset, Succession
from dieuhanh.orgunits.services import orgunits_load
from tests.auth import Login, bearer
from tests.conftest import MakeUser
from tests.orgunits.datasets import FORMAT2_ERAS, e2, new_dataset, u2, write

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_unit_gets_one_row_per_version(tmp_path: Path) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    assert list(OrgUnit.objects.filter(code="C2").order_by("valid_from").values_list("name")) == [
        ("Xã Hai",),
        ("Phường Hai",),
    ]


def test_the_oldest_snapshot_is_stored_from_the_start_of_the_code_system(tmp_path: Path) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    assert OrgUnit.objects.get(code="C1").valid_from == CODE_SYSTEM_START


def test_the_dataset_remembers_the_date_of_its_oldest_snapshot(tmp_path: Path) -> None:
    result = orgunits_load(path=new_dataset(tmp_path))
    assert OrgUnitDataset.objects.get(sha256=result.sha256).observed_from == D(2020, 2, 1)


def test_a_later_version_keeps_its_own_start(tmp_path: Path) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    ward = OrgUnit.objects.get(code="C2", kind="ward")
    assert (ward.valid_from, ward.valid_to) == (D(2023, 1, 1), D(2025, 6, 30))


def test_a_version_hangs_under_the_parent_version_valid_on_its_first_day(tmp_path: Path) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    assert OrgUnit.objects.get(code="C8").parent.valid_from == D(2025, 7, 1)  # type: ignore[union-attr]  # C8 has a parent


def test_centroid_and_area_are_stored(tmp_path: Path) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    unit = OrgUnit.objects.get(code="C8")
    assert (unit.lat, unit.lng, unit.area_km2) == (13.7, 108.1, 123.45)


def test_a_unit_without_a_centroid_has_none(tmp_path: Path) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    assert OrgUnit.objects.get(code="C1").lat is None


def test_an_approximate_change_is_marked(tmp_path: Path) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    edge = Succession.objects.get(predecessor__code="C2", successor__code="C2")
    assert (edge.kind, edge.approximate, edge.date) == ("upgraded", True, D(2023, 1, 1))


def test_a_dated_change_is_not_approximate(tmp_path: Path) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    assert not Succession.objects.get(predecessor__code="C1", successor__code="C8").approximate


def _one_unit(tmp_path: Path, **overrides: object) -> Path:
    row = u2("2020-02", "P1", "Tỉnh Thử", "province", 1, None, "2020-02-01", None)
    row.update(overrides)
    data = {"format": 2, "eras": FORMAT2_ERAS, "units": [row], "successions": [], "recoded": []}
    return write(tmp_path / "one.json.gz", data)


def test_a_version_ending_before_it_starts_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed):
        orgunits_load(path=_one_unit(tmp_path, valid_from="2024-01-01", valid_to="2023-01-01"))


def test_a_malformed_centroid_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed):
        orgunits_load(path=_one_unit(tmp_path, lat=[1]))


def test_a_succession_naming_a_version_that_does_not_exist_writes_nothing(tmp_path: Path) -> None:
    row = u2("2020-02", "P1", "Tỉnh Thử", "province", 1, None, "2020-02-01", None)
    edge = e2(
        ("2020-02", "P1", "2020-02-01"), ("2025", "P1", "2025-07-01"), "renamed", "2025-07-01"
    )
    data = {"format": 2, "eras": FORMAT2_ERAS, "units": [row], "successions": [edge]}
    with pytest.raises(ValidationFailed):
        orgunits_load(path=write(tmp_path / "bad.json.gz", data))
    assert not OrgUnit.objects.filter(code="P1").exists()


def test_a_format_the_loader_does_not_know_is_refused(tmp_path: Path) -> None:
    data = {"format": 3, "eras": [], "units": [], "successions": []}
    with pytest.raises(ValidationFailed, match="format"):
        orgunits_load(path=write(tmp_path / "f3.json.gz", data))


def test_a_new_succession_kind_is_accepted(tmp_path: Path) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    kinds = set(
        Succession.objects.filter(predecessor__code__in=["C1", "C2", "D1"]).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"upgraded", "merged", "dissolved"}


def test_the_unit_page_shows_the_area_the_vietnamese_way(
    tmp_path: Path, client: Client, make_user: MakeUser, login: Login
) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    login(make_user(role=Role.ADMIN))
    html = client.get("/units/C8/?on=2025-07-01").content.decode()
    assert "123,45 km²" in html and 'data-lat="13.7"' in html


def test_the_api_gives_the_centroid_and_area(
    tmp_path: Path, client: Client, make_user: MakeUser
) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    body = client.get("/api/orgunits/C8?on=2025-07-01", **bearer(make_user(role=Role.ADMIN)))
    assert [body.json()[k] for k in ("lat", "lng", "area_km2")] == [13.7, 108.1, 123.45]


def test_the_api_marks_an_approximate_change(
    tmp_path: Path, client: Client, make_user: MakeUser
) -> None:
    orgunits_load(path=new_dataset(tmp_path))
    body = client.get("/api/orgunits/C2?on=2024-01-01", **bearer(make_user(role=Role.ADMIN)))
    assert [p["approximate"] for p in body.json()["predecessors"]] == [True]
