"""Bringing a database that holds an older unit dataset over to a new one (issue 17 point 5):
codes that change are updated in place, so values, scopes, cases and successions stay with
their units. Small hand-made datasets (tests/orgunits/datasets.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from dieuhanh.accounts.models import Access, Role, UserScope
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.models import AuditEvent
from dieuhanh.indicators.models import DataValue, Indicator
from dieuhanh.orgunits.models import OrgUnit, Succession
from dieuhanh.orgunits.selectors import unit_resolve, valid_on_q
from dieuhanh.orgunits.services import orgunits_load, orgunits_upgrade
from dieuhanh.outbreak.models import Case, Person
from tests.factories import UserFactory
from tests.orgunits.datasets import new_dataset, old_dataset

pytestmark = pytest.mark.django_db

D = datetime.date
AFTER = D(2025, 7, 1)


def on(code: str, day: datetime.date) -> OrgUnit:
    return OrgUnit.objects.get(valid_on_q(day), code=code)


@pytest.fixture
def old(tmp_path: Path) -> dict[str, int]:
    """The old dataset loaded, with a value, a user scope and a case on the draft-coded commune
    C9 and a value on the ward C2 (a commune until 2022 in the new file): the ids they point
    to."""
    orgunits_load(path=old_dataset(tmp_path))
    c9, c2 = on("C9", AFTER), on("C2", D(2024, 1, 1))
    indicator = Indicator.objects.create(code="T_UPG", name_vi="Thử", name_en="Test")
    for unit, period in ((c9, "2025S2"), (c2, "2024")):
        start = D(2025, 7, 1) if period == "2025S2" else D(2024, 1, 1)
        DataValue.objects.create(
            indicator=indicator,
            unit=unit,
            period=period,
            period_start=start,
            period_end=D(start.year, 12, 31),
            value=Decimal("5700.5"),
        )
    user = UserFactory.create(username="canbo.c9", role=Role.DATA_OFFICER)
    UserScope.objects.create(user=user, unit=c9, access=Access.CAPTURE)
    person = Person.objects.create(full_name="Nguyễn Văn A", unit=c9, unit_path=c9.path)
    Case.objects.create(person=person, code="BN1", confirmed_at=timezone.now(), unit_path=c9.path)
    return {"c9": c9.pk, "c2": c2.pk, "user": user.pk}


def test_a_recoded_unit_keeps_its_id_and_takes_the_new_code(
    old: dict[str, int], tmp_path: Path
) -> None:
    orgunits_upgrade(path=new_dataset(tmp_path))
    assert OrgUnit.objects.get(pk=old["c9"]).code == "C8"


def test_values_stay_attached_to_the_recoded_unit(old: dict[str, int], tmp_path: Path) -> None:
    orgunits_upgrade(path=new_dataset(tmp_path))
    value = DataValue.objects.get(period="2025S2", indicator__code="T_UPG")
    assert (value.unit_id, value.unit.code) == (old["c9"], "C8")


def test_a_user_scope_follows_the_recoded_unit(old: dict[str, int], tmp_path: Path) -> None:
    orgunits_upgrade(path=new_dataset(tmp_path))
    scope = UserScope.objects.get(user_id=old["user"])
    assert (scope.unit_id, scope.unit.code) == (old["c9"], "C8")


def test_the_user_still_sees_the_unit_under_its_new_code(
    old: dict[str, int], tmp_path: Path
) -> None:
    orgunits_upgrade(path=new_dataset(tmp_path))
    scope = user_scope(user=UserScope.objects.get(user_id=old["user"]).user)
    assert unit_resolve(code="C8", on=AFTER, scope=scope).pk == old["c9"]


def test_a_case_keeps_its_unit_and_its_copied_path_follows(
    old: dict[str, int], tmp_path: Path
) -> None:
    orgunits_upgrade(path=new_dataset(tmp_path))
    case = Case.objects.get(code="BN1")
    assert (case.person.unit_id, case.unit_path) == (old["c9"], on("C8", AFTER).path)


def test_the_person_row_path_follows_too(old: dict[str, int], tmp_path: Path) -> None:
    orgunits_upgrade(path=new_dataset(tmp_path))
    assert Person.objects.get(unit_id=old["c9"]).unit_path == "/P1:20250701/C8:20250701/"


def test_successions_stay_attached_to_the_recoded_unit(old: dict[str, int], tmp_path: Path) -> None:
    edges_before = set(Succession.objects.filter(successor_id=old["c9"]).values_list("pk"))
    orgunits_upgrade(path=new_dataset(tmp_path))
    assert set(Succession.objects.filter(successor_id=old["c9"]).values_list("pk")) >= {
        e for e in edges_before
    }


def test_a_stored_unit_becomes_the_version_of_its_name(old: dict[str, int], tmp_path: Path) -> None:
    orgunits_upgrade(path=new_dataset(tmp_path))
    ward = OrgUnit.objects.get(pk=old["c2"])
    assert (ward.name, ward.kind, ward.valid_from) == ("Phường Hai", "ward", D(2023, 1, 1))


def test_a_stored_unit_of_no_version_s_name_becomes_the_one_sharing_most_of_its_span(
    old: dict[str, int], tmp_path: Path
) -> None:
    OrgUnit.objects.filter(pk=old["c2"]).update(name="Phường Hai Cũ")
    orgunits_upgrade(path=new_dataset(tmp_path))
    assert OrgUnit.objects.get(pk=old["c2"]).name == "Xã Hai"  # 2004–2022, the ward 2023–2025


def test_the_earlier_version_is_added_and_linked(old: dict[str, int], tmp_path: Path) -> None:
    orgunits_upgrade(path=new_dataset(tmp_path))
    commune = on("C2", D(2021, 7, 1))
    assert (commune.name, commune.pk != old["c2"]) == ("Xã Hai", True)
    assert Succession.objects.filter(
        predecessor=commune, successor_id=old["c2"], kind="upgraded", approximate=True
    ).exists()


def test_the_value_of_the_changed_unit_stays_attached(old: dict[str, int], tmp_path: Path) -> None:
    orgunits_upgrade(path=new_dataset(tmp_path))
    assert DataValue.objects.get(period="2024", indicator__code="T_UPG").unit_id == old["c2"]


def test_the_dry_run_lists_the_changes(old: dict[str, int], tmp_path: Path) -> None:
    plan = orgunits_upgrade(path=new_dataset(tmp_path), dry_run=True)
    mine = [c for c in plan.changes if c.code in {"C9", "C2"} or c.new_code in {"C2", "C8"}]
    listed = {(c.code, c.new_code, c.what) for c in mine}
    assert listed == {
        ("C9", "C8", ("recoded", "located")),
        ("C2", "C2", ("dates",)),
        ("", "C2", ("added",)),
    }


def test_the_dry_run_writes_nothing(old: dict[str, int], tmp_path: Path) -> None:
    orgunits_upgrade(path=new_dataset(tmp_path), dry_run=True)
    assert (OrgUnit.objects.get(pk=old["c9"]).code, OrgUnit.objects.filter(code="C2").count()) == (
        "C9",
        1,
    )


def test_the_dry_run_lists_a_succession_it_adds(old: dict[str, int], tmp_path: Path) -> None:
    plan = orgunits_upgrade(path=new_dataset(tmp_path), dry_run=True)
    assert any(e.what == "added" and e.kind == "upgraded" for e in plan.edges)


def test_a_wrong_succession_is_removed(old: dict[str, int], tmp_path: Path) -> None:
    """A link between versions the new file covers that it does not have is removed."""
    c1 = on("C1", D(2021, 7, 1))
    Succession.objects.create(
        predecessor=c1, successor_id=old["c2"], date=AFTER, kind="merged", basis="typo"
    )
    plan = orgunits_upgrade(path=new_dataset(tmp_path))
    wrong = [e.what for e in plan.edges if e.predecessor[:3] == "C1 " and e.successor[:3] == "C2 "]
    assert wrong == ["removed"]
    assert not Succession.objects.filter(basis="typo").exists()


def test_upgrading_again_with_the_same_file_changes_nothing(
    old: dict[str, int], tmp_path: Path
) -> None:
    path = new_dataset(tmp_path)
    orgunits_upgrade(path=path)
    assert orgunits_upgrade(path=path).already_loaded


def test_the_upgrade_is_audited(old: dict[str, int], tmp_path: Path) -> None:
    orgunits_upgrade(path=new_dataset(tmp_path))
    event = AuditEvent.objects.get(action="orgunits.upgrade")
    assert event.changes["recoded"] >= 1


def test_without_the_recoded_list_the_draft_code_is_kept_and_the_official_one_added(
    old: dict[str, int], tmp_path: Path
) -> None:
    plan = orgunits_upgrade(path=new_dataset(tmp_path, recoded=False), dry_run=True)
    assert {c.what for c in plan.changes if "C9" in (c.code, c.new_code) or c.new_code == "C8"} == {
        ("kept",),
        ("added",),
    }


def test_the_command_dry_run_prints_every_heading(
    old: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("orgunits", "upgrade-data", "--dry-run", "--file", str(new_dataset(tmp_path)))
    out = capsys.readouterr().out
    assert all(
        word in out for word in ("dry run", "recoded", "C9 Xã Tám", "C8 Xã Tám", "added", "renamed")
    )
