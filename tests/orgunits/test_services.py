from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
from pytest_django import DjangoAssertNumQueries

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.models import AuditEvent
from dieuhanh.orgunits.models import OrgUnit, Succession
from dieuhanh.orgunits.services import bare_name, orgunits_load

pytestmark = pytest.mark.django_db


def write_dataset(
    tmp_path: Path,
    units: list[dict[str, object]],
    successions: Iterable[Mapping[str, object]] = (),
) -> Path:
    data = {
        "format": 1,
        "eras": [
            {"id": "old", "valid_from": "2019-01-01", "valid_to": "2025-06-30", "source": "t"},
            {"id": "new", "valid_from": "2025-07-01", "valid_to": None, "source": "t"},
        ],
        "units": units,
        "successions": list(successions),
        "unresolved": [],
    }
    path = tmp_path / "units.json.gz"
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    return path


def unit(
    era: str, code: str, name: str, kind: str, level: int, parent: str | None
) -> dict[str, object]:
    return {"era": era, "code": code, "name": name, "kind": kind, "level": level, "parent": parent}


def test_loading_the_packaged_dataset_again_changes_nothing() -> None:
    before = (OrgUnit.objects.count(), Succession.objects.count())
    result = orgunits_load()
    assert result.already_loaded and (OrgUnit.objects.count(), Succession.objects.count()) == before


def test_a_new_dataset_adds_its_units(tmp_path: Path) -> None:
    path = write_dataset(
        tmp_path,
        [
            unit("old", "T1", "Tỉnh Thử", "province", 1, None),
            unit("old", "T11", "Xã Một", "commune", 3, "T1"),
        ],
    )
    result = orgunits_load(path=path)
    assert (result.units_created, OrgUnit.objects.get(code="T11").parent.code) == (2, "T1")  # type: ignore[union-attr]  # T11 has a parent


def test_loading_writes_an_audit_event(tmp_path: Path) -> None:
    path = write_dataset(tmp_path, [unit("old", "T1", "Tỉnh Thử", "province", 1, None)])
    orgunits_load(path=path)
    assert AuditEvent.objects.filter(action="orgunits.load", object_repr="units.json.gz").exists()


def test_a_dataset_with_a_missing_parent_writes_nothing(tmp_path: Path) -> None:
    path = write_dataset(
        tmp_path,
        [
            unit("old", "T1", "Tỉnh Thử", "province", 1, None),
            unit("old", "T11", "Xã Một", "commune", 3, "T9"),
        ],
    )
    with pytest.raises(ValidationFailed):
        orgunits_load(path=path)
    assert not OrgUnit.objects.filter(code__in=["T1", "T11"]).exists()


def test_a_dataset_with_a_duplicate_code_is_refused(tmp_path: Path) -> None:
    path = write_dataset(
        tmp_path,
        [
            unit("old", "T1", "Tỉnh Thử", "province", 1, None),
            unit("old", "T1", "Tỉnh Hai", "province", 1, None),
        ],
    )
    with pytest.raises(ValidationFailed, match="twice"):
        orgunits_load(path=path)


def test_a_succession_to_an_unknown_unit_writes_nothing(tmp_path: Path) -> None:
    succession = {
        "from_era": "old",
        "from": "T1",
        "to_era": "new",
        "to": "NOPE",
        "date": "2025-07-01",
        "kind": "merged",
        "basis": "x",
    }
    path = write_dataset(
        tmp_path, [unit("old", "T1", "Tỉnh Thử", "province", 1, None)], [succession]
    )
    with pytest.raises(ValidationFailed):
        orgunits_load(path=path)
    assert not OrgUnit.objects.filter(code="T1").exists()


def test_a_file_that_is_not_a_dataset_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "units.json.gz"
    path.write_bytes(b"not gzip")
    with pytest.raises(ValidationFailed):
        orgunits_load(path=path)


def test_a_renamed_unit_is_updated_in_place(tmp_path: Path) -> None:
    orgunits_load(
        path=write_dataset(tmp_path, [unit("old", "T1", "Tỉnh Thử", "province", 1, None)])
    )
    (tmp_path / "units.json.gz").unlink()
    result = orgunits_load(
        path=write_dataset(tmp_path, [unit("old", "T1", "Tỉnh Mới", "province", 1, None)])
    )
    assert (result.units_updated, OrgUnit.objects.get(code="T1").name) == (1, "Tỉnh Mới")


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("Xã Chư Sê", "Chư Sê"),
        ("Thị trấn Chư Sê", "Chư Sê"),
        ("Thành phố Pleiku", "Pleiku"),
        ("Thị xã An Khê", "An Khê"),
        ("Xã Xuân Lộc", "Xuân Lộc"),
        ("Ayun", "Ayun"),
    ],
)
def test_bare_name_drops_only_the_type_word(name: str, bare: str) -> None:
    assert bare_name(name) == bare


def test_loading_an_older_dataset_again_restores_it(tmp_path: Path) -> None:
    first = write_dataset(tmp_path, [unit("old", "T1", "Tỉnh Thử", "province", 1, None)])
    orgunits_load(path=first)
    second_dir = tmp_path / "b"
    second_dir.mkdir()
    orgunits_load(
        path=write_dataset(second_dir, [unit("old", "T1", "Tỉnh Mới", "province", 1, None)])
    )
    orgunits_load(path=first)
    assert OrgUnit.objects.get(code="T1").name == "Tỉnh Thử"


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed):
        orgunits_load(path=tmp_path / "nope.json.gz")


def test_a_succession_of_unknown_kind_writes_nothing(tmp_path: Path) -> None:
    succession = {
        "from_era": "old",
        "from": "T1",
        "to_era": "new",
        "to": "N1",
        "date": "2025-07-01",
        "kind": "bogus",
    }
    path = write_dataset(
        tmp_path,
        [
            unit("old", "T1", "Tỉnh Thử", "province", 1, None),
            unit("new", "N1", "Tỉnh Mới", "province", 1, None),
        ],
        [succession],
    )
    with pytest.raises(ValidationFailed):
        orgunits_load(path=path)
    assert not OrgUnit.objects.filter(code="T1").exists()


def test_a_unit_under_a_parent_of_its_own_level_is_refused(tmp_path: Path) -> None:
    path = write_dataset(
        tmp_path,
        [
            unit("old", "T1", "Tỉnh Thử", "province", 1, None),
            unit("old", "T2", "Tỉnh Hai", "province", 1, "T1"),
        ],
    )
    with pytest.raises(ValidationFailed):
        orgunits_load(path=path)


def test_reloading_checks_parents_without_a_query_per_unit(
    tmp_path: Path, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    units = [unit("old", "T1", "Tỉnh Thử", "province", 1, None)] + [
        unit("old", f"T1{i:02d}", f"Xã {i}", "commune", 3, "T1") for i in range(40)
    ]
    orgunits_load(path=write_dataset(tmp_path, units))
    (tmp_path / "units.json.gz").unlink()
    units[0]["name"] = "Tỉnh Đổi"
    with django_assert_max_num_queries(30):
        orgunits_load(path=write_dataset(tmp_path, units))
