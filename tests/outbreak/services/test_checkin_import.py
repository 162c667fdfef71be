"""`checkins import` with external identifiers: column mapping, kinds, pseudonymous persons and
venues registered from the file, chunked lookups, refusals that write nothing."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.imports import ImportRefused
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.checkin_store import checkins_count
from dieuhanh.outbreak.models import Person, PersonIdentifier, Venue, VenueIdentifier
from dieuhanh.outbreak.services.checkin_import import checkins_import, parse_columns
from dieuhanh.outbreak.services.identifiers import person_for_checkin
from tests.conftest import MakeUser, unit_on
from tests.outbreak.factories import IA_BLANG, OTHER_DISTRICT, person, venue

pytestmark = pytest.mark.django_db
ALL = Scope.everything()
T1 = "2021-07-10T08:00:00+07:00"
T2 = "2021-07-10T09:00:00+07:00"


def run(text: str, **kw: object) -> object:
    options: dict[str, object] = {"actor": None, "scope": ALL, "unit": unit_on(IA_BLANG)}
    options.update(kw)
    return checkins_import(content=text.encode(), file_name="f.csv", **options)  # type: ignore[arg-type]  # keyword options under test


def refused(text: str, **kw: object) -> ImportRefused:
    with pytest.raises(ImportRefused) as info:
        run(text, **kw)
    return info.value


def test_phone_forms_in_a_file_are_one_pseudonymous_person() -> None:
    done = run(
        "so_dien_thoai,ma_qr,gio_vao,gio_ra\n"
        f"0905123456,QR-CHO,{T1},{T2}\n"
        f"+84905123456,QR-CHO,{T1},\n"
        f"84 905 123 456,QR-BEN,{T1},\n",
        columns="person=so_dien_thoai,venue=ma_qr,checked_in_at=gio_vao,checked_out_at=gio_ra",
    )
    assert done.created == 3  # type: ignore[attr-defined]
    assert Person.objects.count() == 1
    registered = Person.objects.get()
    assert registered.full_name == ""
    assert registered.unit_id == unit_on(IA_BLANG).pk
    assert PersonIdentifier.objects.get().value == "84905123456"
    assert set(VenueIdentifier.objects.values_list("kind", "value")) == {
        ("qr", "QR-CHO"),
        ("qr", "QR-BEN"),
    }


def test_known_cccd_maps_to_the_registered_person() -> None:
    pid = person_for_checkin(phone="0905123456", full_name="A", id_number="064090001234")
    v = venue()
    run(f"person_id,venue_id,checked_in_at,checked_out_at\n064090001234,{v.pk},{T1},\n")
    assert Person.objects.count() == 1
    assert checkins_count() == 1
    assert pid == Person.objects.get().pk


def test_venue_name_column_names_a_new_venue() -> None:
    run(
        "person_id,venue_id,checked_in_at,checked_out_at,venue_name\n"
        f"0905123456,QR-9,{T1},,Chợ Chư Sê\n"
    )
    assert Venue.objects.get().name == "Chợ Chư Sê"


def test_person_kind_forces_cmnd_for_nine_digits() -> None:
    v = venue()
    run(
        f"person_id,venue_id,checked_in_at,checked_out_at\n230123456,{v.pk},{T1},\n",
        person_kind="cmnd",
    )
    assert PersonIdentifier.objects.get().kind == "cmnd"


def test_nine_digits_without_leading_zero_are_an_internal_id_in_auto() -> None:
    v = venue()
    problem = refused(f"person_id,venue_id,checked_in_at,checked_out_at\n230123456,{v.pk},{T1},\n")
    assert "Unknown person 230123456" in problem.problems[0].render("en")


def test_internal_ids_still_load() -> None:
    p, v = person(), venue()
    run(f"person_id,venue_id,checked_in_at,checked_out_at\n{p.pk},{v.pk},{T1},{T2}\n")
    assert checkins_count() == 1


def test_malformed_phone_names_row_and_column_and_writes_nothing() -> None:
    v = venue()
    problem = refused(
        f"sdt,venue_id,checked_in_at,checked_out_at\n0905123456,{v.pk},{T1},\n0905,{v.pk},{T1},\n",
        columns="person=sdt",
        person_kind="phone",
    )
    first = problem.problems[0]
    assert (first.row, first.field) == (3, "sdt")
    assert "số điện thoại" in first.render("vi")
    assert "phone number" in first.render("en")
    assert Person.objects.count() == 0
    assert checkins_count() == 0


def test_bad_time_and_order_are_refused_with_rows() -> None:
    v = venue()
    problem = refused(
        "person_id,venue_id,checked_in_at,checked_out_at\n"
        f"0905123456,{v.pk},2021-07-10T08:00:00,\n"
        f"0905123457,{v.pk},{T2},{T1}\n"
    )
    assert [(p.row, p.field) for p in problem.problems] == [
        (2, "checked_in_at"),
        (3, "checked_out_at"),
    ]
    assert Person.objects.count() == 0


def test_ragged_row_is_refused() -> None:
    problem = refused(f"person_id,venue_id,checked_in_at,checked_out_at\n1,2,{T1}\n")
    assert problem.problems[0].row == 2


def test_quoted_cells_are_read() -> None:
    v = venue()
    run(f'person_id,venue_id,checked_in_at,checked_out_at\n"0905123456","{v.pk}","{T1}",""\n')
    assert checkins_count() == 1


def test_other_time_forms_are_read() -> None:
    v = venue()
    run(
        f"person_id,venue_id,checked_in_at,checked_out_at\n0905123456,{v.pk},2021-07-10T01:00:00Z,\n"
    )
    assert checkins_count() == 1


def test_missing_column_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="missing columns so_dien_thoai"):
        run(f"person_id,venue_id,checked_in_at\n1,2,{T1}\n", columns="person=so_dien_thoai")


def test_unknown_role_in_columns_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="Unknown column role"):
        parse_columns("nguoi=sdt")


def test_dry_run_counts_what_it_would_register_and_writes_nothing() -> None:
    done = run(
        f"person_id,venue_id,checked_in_at,checked_out_at\n0905123456,QR-1,{T1},\n",
        dry_run=True,
    )
    assert (done.persons_registered, done.venues_registered) == (1, 1)  # type: ignore[attr-defined]
    assert Person.objects.count() == Venue.objects.count() == checkins_count() == 0


def test_person_outside_the_importers_units_is_denied(make_user: MakeUser) -> None:
    user: User = make_user(role=Role.HEALTH_OFFICER, capture=("633",))
    stranger = person(code=OTHER_DISTRICT)
    v = venue()
    problem = refused(
        f"person_id,venue_id,checked_in_at,checked_out_at\n{stranger.pk},{v.pk},{T1},\n",
        actor=user,
        scope=user_scope(user=user),
        unit=None,
    )
    assert problem.status_code == 403
    assert checkins_count() == 0


def test_new_persons_go_to_the_importers_one_unit(make_user: MakeUser) -> None:
    user: User = make_user(role=Role.HEALTH_OFFICER, capture=("633",))
    run(
        "person_id,venue_id,checked_in_at,checked_out_at\n0905123456,QR-1," + T1 + ",\n",
        actor=user,
        scope=user_scope(user=user),
        unit=None,
    )
    assert Person.objects.get().unit_path == unit_on("633").path


def test_many_venues_and_persons_map_with_small_query_chunks() -> None:
    """More distinct values than one query may carry (SQLite's variable limit, here 7)."""
    rows = [f"09051{i:05d},QR-{i},{T1}," for i in range(60)]
    text = "person_id,venue_id,checked_in_at,checked_out_at\n" + "\n".join(rows) + "\n"
    run(text, chunk_size=7)
    assert Venue.objects.count() == 60
    run(text, chunk_size=7, block_bytes=256)  # again: all known now, read in small blocks
    assert Venue.objects.count() == 60
    assert Person.objects.count() == 60
    assert checkins_count() == 120


def test_blocks_split_anywhere_give_the_same_rows() -> None:
    v = venue()
    rows = [f"0905{i:06d},{v.pk},{T1},{T2}" for i in range(50)]
    text = "person_id,venue_id,checked_in_at,checked_out_at\r\n" + "\r\n".join(rows)
    done = run(text, block_bytes=97)
    assert done.created == 50  # type: ignore[attr-defined]


def test_blank_lines_are_skipped() -> None:
    v = venue()
    run(f"person_id,venue_id,checked_in_at,checked_out_at\n0905123456,{v.pk},{T1},\n\n\n")
    assert checkins_count() == 1


def test_a_nul_byte_is_refused_with_its_line() -> None:
    problem = refused(
        f"person_id,venue_id,checked_in_at,checked_out_at\n1,2,{T1},\n1\x00,2,{T1},\n"
    )
    assert problem.problems[0].row == 3


def test_unknown_internal_venue_is_refused() -> None:
    p = person()
    problem = refused(f"person_id,venue_id,checked_in_at,checked_out_at\n{p.pk},999999,{T1},\n")
    assert (problem.problems[0].row, problem.problems[0].field) == (2, "venue_id")


def test_a_fault_after_a_block_boundary_names_its_row_and_writes_nothing() -> None:
    v = venue()
    rows = [f"0905{i:06d},{v.pk},{T1},{T2}" for i in range(30)]
    rows[25] = f"0905000025,{v.pk},{T2},{T1}"  # check-out before check-in, line 27
    text = "person_id,venue_id,checked_in_at,checked_out_at\r\n" + "\r\n".join(rows) + "\r\n"
    problem = refused(text, block_bytes=100)
    assert [(p.row, p.field) for p in problem.problems] == [(27, "checked_out_at")]
    assert "check-out" in problem.problems[0].render("en")
    assert problem.problems[0].render("vi") != problem.problems[0].render("en")
    assert Person.objects.count() == 0
    assert checkins_count() == 0


def test_empty_and_blank_check_outs_are_open_check_ins() -> None:
    v = venue()
    done = run(
        "person_id,venue_id,checked_in_at,checked_out_at\n"
        f"0905123456,{v.pk},{T1},\n"
        f"0905123457,{v.pk},{T1},  \n"
        f"0905123458,{v.pk},{T1},{T2}\n"
    )
    assert done.created == 3  # type: ignore[attr-defined]


def test_a_far_unknown_internal_person_is_refused_with_its_row() -> None:
    """An id far above the others (the distinct ids are then sorted, not marked in a bitmap)."""
    v = venue()
    p = person()
    problem = refused(
        "person_id,venue_id,checked_in_at,checked_out_at\n"
        f"{p.pk},{v.pk},{T1},\n2000000000,{v.pk},{T1},\n"
    )
    assert [(x.row, x.field) for x in problem.problems] == [(3, "person_id")]
    assert checkins_count() == 0
