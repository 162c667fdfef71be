"""The mapping tables: a self check-in finds or registers its person; bulk lookups in chunks."""

from __future__ import annotations

import pytest

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.outbreak.models import Person, PersonIdentifier, Venue
from dieuhanh.outbreak.services.identifiers import (
    person_for_checkin,
    persons_ids,
    persons_lookup,
    persons_register_pseudonymous,
    venues_ids,
    venues_lookup,
    venues_register,
)
from tests.conftest import unit_on
from tests.outbreak.factories import IA_BLANG

pytestmark = pytest.mark.django_db


def test_checkin_registers_a_new_person_with_identifiers() -> None:
    pid = person_for_checkin(
        phone="0905123456", full_name="Rơ Châm  H'Bia", id_number="064090001234"
    )
    person = Person.objects.get(pk=pid)
    assert person.full_name == "Rơ Châm H'Bia"
    assert set(person.identifiers.values_list("kind", "value")) == {
        ("phone", "84905123456"),
        ("cccd", "064090001234"),
    }


def test_the_same_phone_in_another_form_is_the_same_person() -> None:
    first = person_for_checkin(phone="0905123456", full_name="A")
    assert person_for_checkin(phone="+84 905 123 456", full_name="A") == first
    assert Person.objects.count() == 1


def test_cccd_finds_the_person_under_a_new_phone() -> None:
    first = person_for_checkin(phone="0905123456", full_name="A", id_number="064090001234")
    assert person_for_checkin(phone="0912000111", full_name="A", id_number="064090001234") == first


def test_a_public_check_in_adds_no_identifier_to_a_named_person() -> None:
    # someone types another's CCCD with their own phone: the phone is not joined to that record
    victim = person_for_checkin(phone="0905123456", full_name="A", id_number="064090001234")
    person_for_checkin(phone="0912000111", full_name="B", id_number="064090001234")
    assert not PersonIdentifier.objects.filter(value="84912000111").exists()
    assert PersonIdentifier.objects.filter(person_id=victim).count() == 2


def test_a_new_cccd_on_a_known_phone_is_a_new_person() -> None:
    mother = person_for_checkin(phone="0905123456", full_name="Mẹ", id_number="064090001234")
    child = person_for_checkin(phone="0905123456", full_name="Con", id_number="064090009999")
    assert child != mother
    assert set(PersonIdentifier.objects.filter(person_id=child).values_list("kind", "value")) == {
        ("cccd", "064090009999")
    }


def test_checkin_names_a_pseudonymous_person() -> None:
    pid = persons_register_pseudonymous([("phone", "84905123456")], unit=unit_on(IA_BLANG))[
        ("phone", "84905123456")
    ]
    assert person_for_checkin(phone="0905123456", full_name="Nguyễn Văn An") == pid
    assert Person.objects.get(pk=pid).full_name == "Nguyễn Văn An"


def test_checkin_with_a_malformed_phone_is_refused_and_writes_nothing() -> None:
    with pytest.raises(ValidationFailed) as info:
        person_for_checkin(phone="12345", full_name="A")
    assert "số điện thoại" in info.value.render("vi")
    assert Person.objects.count() == 0


def test_checkin_without_a_name_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        person_for_checkin(phone="0905123456", full_name="  ")


def test_lookup_in_chunks_smaller_than_the_set() -> None:
    keys = [("phone", f"849051234{i:02d}") for i in range(25)]
    made = persons_register_pseudonymous(keys, unit=unit_on(IA_BLANG), batch_size=4)
    assert persons_lookup([*keys, ("phone", "84999999999")], chunk_size=3) == made


def test_venues_register_and_lookup() -> None:
    keys = [("qr", f"QR-{i}") for i in range(7)]
    made = venues_register(keys, unit=None, names={("qr", "QR-0"): "Chợ Chư Sê"}, batch_size=2)
    assert venues_lookup(keys, chunk_size=2) == made
    assert Venue.objects.get(pk=made[("qr", "QR-0")]).name == "Chợ Chư Sê"


def test_paths_of_many_dense_ids_by_one_range_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from dieuhanh.outbreak.services import identifiers

    monkeypatch.setattr(identifiers, "SCAN_AT", 3)
    made = persons_register_pseudonymous(
        [("phone", f"8490512340{i}") for i in range(5)], unit=unit_on(IA_BLANG)
    )
    wanted = sorted(made.values())[1:4]
    assert set(identifiers.persons_paths(wanted)) == set(wanted)
    assert identifiers.venues_unknown(wanted) == wanted


def test_ids_in_the_keys_order_with_zero_for_the_unknown() -> None:
    keys = [("phone", f"849051234{i:02d}") for i in range(6)] + [("cccd", "064090001234")]
    made = persons_register_pseudonymous(keys, unit=unit_on(IA_BLANG), batch_size=4)
    asked = [("cccd", "064090009999"), *reversed(keys), ("phone", "84999999999"), keys[0]]
    got = persons_ids(asked, chunk_size=3).tolist()
    assert got == [0, *(made[k] for k in reversed(keys)), 0, made[keys[0]]]


@pytest.mark.parametrize("scan_at", [2, 10**6])
def test_ids_by_a_scan_of_the_kind_or_by_lists(
    monkeypatch: pytest.MonkeyPatch, scan_at: int
) -> None:
    from dieuhanh.outbreak.services import identifiers

    monkeypatch.setattr(identifiers, "SCAN_AT", scan_at)
    keys = [("qr", f"QR-{i}") for i in range(5)]
    made = venues_register(keys[:4], unit=None, batch_size=2)
    assert venues_ids(keys, chunk_size=2).tolist() == [*(made[k] for k in keys[:4]), 0]
    assert venues_ids([]).tolist() == []


def test_unknown_person_ids_without_their_paths() -> None:
    from dieuhanh.outbreak.services.identifiers import persons_unknown

    made = persons_register_pseudonymous(
        [("phone", f"8490512340{i}") for i in range(3)], unit=unit_on(IA_BLANG)
    )
    ids = sorted(made.values())
    assert persons_unknown([ids[-1] + 1000, *ids, ids[0]]) == [ids[-1] + 1000]
    assert persons_unknown([]) == []


@pytest.mark.parametrize("gap", [False, True])
def test_unknown_ids_of_a_dense_range_by_its_count_or_its_ids(
    monkeypatch: pytest.MonkeyPatch, gap: bool
) -> None:
    from dieuhanh.outbreak.services import identifiers

    monkeypatch.setattr(identifiers, "SCAN_AT", 3)
    made = persons_register_pseudonymous(
        [("phone", f"8490512340{i}") for i in range(5)], unit=unit_on(IA_BLANG)
    )
    ids = sorted(made.values())
    if gap:
        Person.objects.filter(pk=ids[2]).delete()
    assert identifiers.persons_unknown(ids) == ([ids[2]] if gap else [])
    assert identifiers.persons_unknown([*ids, ids[-1] + 1]) == (
        [ids[2], ids[-1] + 1] if gap else [ids[-1] + 1]
    )
