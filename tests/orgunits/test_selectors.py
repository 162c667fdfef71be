from __future__ import annotations

import datetime
import unicodedata

import pytest
from pytest_django import DjangoAssertNumQueries

from dieuhanh.core.errors import AccessDenied, NotFound, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit, UnitLevel
from dieuhanh.orgunits.selectors import (
    unit_children,
    unit_descendants,
    unit_detail,
    unit_resolve,
    unit_roots,
    units_search,
    units_visible,
)
from dieuhanh.orgunits.services import bare_name
from dieuhanh.vn import name_key
from tests.conftest import AFTER, BEFORE, unit_on

ALL = Scope.everything()
CHU_SE_2021 = [
    "Thị trấn Chư Sê",
    "Ia Tiêm",
    "Chư Pơng",
    "Bar Măih",
    "Bờ Ngoong",
    "Ia Glai",
    "Al Bá",
    "Kông HTok",
    "Ayun",
    "Ia HLốp",
    "Ia Blang",
    "Dun",
    "Ia Pal",
    "H Bông",
    "Ia Ko",
]

pytestmark = pytest.mark.django_db


def keys(names: list[str]) -> set[str]:
    return {name_key(n, strip_kind=True) for n in names}


def test_gia_lai_has_17_districts_in_2021() -> None:
    gia_lai = unit_resolve(code="64", on=BEFORE, scope=ALL)
    assert len(unit_children(unit=gia_lai, on=BEFORE, scope=ALL)) == 17


def test_chu_se_district_has_its_15_communes_in_2021() -> None:
    chu_se = unit_resolve(code="633", on=BEFORE, scope=ALL)
    children = unit_children(unit=chu_se, on=BEFORE, scope=ALL)
    assert keys([c.name for c in children]) == keys(CHU_SE_2021)


def test_no_district_level_exists_after_the_reform() -> None:
    assert not units_visible(on=AFTER, scope=ALL).filter(level=UnitLevel.DISTRICT).exists()


def test_gia_lai_has_135_communes_after_the_reform() -> None:
    gia_lai = unit_resolve(code="52", on=AFTER, scope=ALL)
    assert len(unit_children(unit=gia_lai, on=AFTER, scope=ALL)) == 135


def test_there_are_34_provinces_after_the_reform() -> None:
    assert len(unit_roots(on=AFTER, scope=ALL)) == 34


def test_there_are_63_provinces_before_the_reform() -> None:
    assert len(unit_roots(on=BEFORE, scope=ALL)) == 63


def test_reused_code_resolves_to_the_township_before_the_reform() -> None:
    unit = unit_resolve(code="23941", on=datetime.date(2025, 6, 30), scope=ALL)
    assert (unit.name, unit.kind) == ("Thị trấn Chư Sê", "township")


def test_reused_code_resolves_to_the_commune_after_the_reform() -> None:
    unit = unit_resolve(code="23941", on=AFTER, scope=ALL)
    assert (unit.name, unit.kind, unit.parent.code if unit.parent else None) == (
        "Xã Chư Sê",
        "commune",
        "52",
    )


def test_province_code_52_was_binh_dinh_before_the_reform() -> None:
    assert "Bình Định" in unit_resolve(code="52", on=BEFORE, scope=ALL).name


def test_xa_chu_se_is_the_successor_of_five_old_units() -> None:
    detail = unit_detail(code="23941", on=AFTER, scope=ALL)
    assert keys([p.unit.name for p in detail.predecessors]) == keys(
        ["Thị trấn Chư Sê", "Dun", "Ia Blang", "Ia Pal", "Ia Glai"]
    )


def test_succession_carries_date_and_legal_basis() -> None:
    link = unit_detail(code="23941", on=AFTER, scope=ALL).predecessors[0]
    assert (link.date, link.basis) == (datetime.date(2025, 7, 1), "1664/NQ-UBTVQH15")


def test_chu_se_district_became_five_communes() -> None:
    detail = unit_detail(code="633", on=BEFORE, scope=ALL)
    assert keys([s.unit.name for s in detail.successors]) == keys(
        ["Xã Chư Sê", "Bờ Ngoong", "Ia Ko", "Al Bá", "Ia Hrú"]
    )


@pytest.mark.parametrize(
    "query", ["chu se", "CHƯ SÊ", unicodedata.normalize("NFD", "Chư Sê"), "  chư   sê "]
)
def test_search_ignores_accents_case_and_normal_form(query: str) -> None:
    found = units_search(query=query, on=BEFORE, scope=ALL)
    assert "633" in [u.code for u in found]


def test_search_matches_word_prefixes_in_any_order() -> None:
    found = units_search(query="se chu", on=BEFORE, scope=ALL)
    assert "23941" in [u.code for u in found]


def test_search_matches_word_starts_not_word_insides() -> None:
    assert units_search(query="oong", on=BEFORE, scope=ALL) == []
    assert "23947" in [u.code for u in units_search(query="ngoong", on=BEFORE, scope=ALL)]


def test_search_results_are_in_vietnamese_order() -> None:
    found = units_search(query="ia", on=BEFORE, scope=ALL, limit=500)
    sort_keys = [u.sort_key for u in found]
    assert sort_keys == sorted(sort_keys)


def test_children_are_in_vietnamese_order() -> None:
    chu_se = unit_resolve(code="633", on=BEFORE, scope=ALL)
    names = [bare_name(c.name) for c in unit_children(unit=chu_se, on=BEFORE, scope=ALL)]
    assert names == [
        "AL Bá",
        "AYun",
        "Bar Măih",
        "Bờ Ngoong",
        "Chư Pơng",
        "Chư Sê",
        "Dun",
        "H Bông",
        "Ia Blang",
        "Ia Glai",
        "Ia HLốp",
        "Ia Ko",
        "Ia Pal",
        "Ia Tiêm",
        "Kông HTok",
    ]


def test_unknown_code_is_not_found() -> None:
    with pytest.raises(NotFound):
        unit_resolve(code="99999", on=BEFORE, scope=ALL)


def test_code_without_a_version_on_the_date_is_not_found() -> None:
    with pytest.raises(NotFound) as exc:
        unit_resolve(code="633", on=AFTER, scope=ALL)
    assert "2025-07-01" in exc.value.render("en")


def test_date_before_any_data_is_refused() -> None:
    with pytest.raises(ValidationFailed) as exc:
        unit_resolve(code="64", on=datetime.date(1990, 1, 1), scope=ALL)
    assert "1990-01-01" in exc.value.render("vi")


def test_unit_outside_the_scope_is_denied() -> None:
    scope = Scope(view_paths=(unit_on("23962").path,))
    with pytest.raises(AccessDenied):
        unit_resolve(code="23965", on=BEFORE, scope=scope)


def test_unit_inside_the_scope_is_granted() -> None:
    scope = Scope(view_paths=(unit_on("633").path,))
    assert unit_resolve(code="23965", on=BEFORE, scope=scope).code == "23965"


def test_empty_scope_sees_no_unit() -> None:
    assert not units_visible(on=BEFORE, scope=Scope.nothing()).exists()


def test_roots_of_a_commune_scope_are_the_commune_only() -> None:
    scope = Scope(view_paths=(unit_on("23962").path,))
    assert [u.code for u in unit_roots(on=BEFORE, scope=scope)] == ["23962"]


def test_roots_drop_a_grant_nested_in_another() -> None:
    scope = Scope(view_paths=(unit_on("633").path, unit_on("23962").path))
    assert [u.code for u in unit_roots(on=BEFORE, scope=scope)] == ["633"]


def test_search_only_returns_units_in_scope() -> None:
    scope = Scope(view_paths=(unit_on("23962").path,))
    assert [u.code for u in units_search(query="ia", on=BEFORE, scope=scope)] == ["23962"]


def test_descendants_are_one_query(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    gia_lai = unit_on("64")
    unit_descendants(unit=gia_lai, on=BEFORE, scope=ALL, level=3)  # the tree loaded once
    with django_assert_num_queries(1):  # the units' version only (issue 21: orgunits.tree)
        communes = list(unit_descendants(unit=gia_lai, on=BEFORE, scope=ALL, level=3))
    assert len(communes) > 200


def test_descendants_without_a_level_leave_the_unit_out() -> None:
    chu_se = unit_on("633")
    below = list(unit_descendants(unit=chu_se, on=BEFORE, scope=ALL))
    assert chu_se not in below
    assert len(below) == 15


def test_descendants_of_the_units_own_level_leave_the_unit_out() -> None:
    chu_se = unit_on("633")
    assert chu_se not in unit_descendants(unit=chu_se, on=BEFORE, scope=ALL, level=2)


def test_a_day_before_the_code_list_is_refused_without_reading_units() -> None:
    with pytest.raises(ValidationFailed) as exc:
        units_visible(on=datetime.date(2003, 12, 31), scope=ALL)
    assert "2003-12-31" in exc.value.render("en")


def test_a_unit_read_whole_equals_one_built_by_django() -> None:
    fast = OrgUnit.objects.get(pk=unit_on("633").pk)
    values = {f.attname: getattr(fast, f.attname) for f in OrgUnit._meta.concrete_fields}
    slow = OrgUnit(**values)
    slow._state.adding = False
    slow._state.db = "default"
    assert fast.__dict__.keys() - {"_state"} == slow.__dict__.keys() - {"_state"}
    assert all(getattr(fast, k) == getattr(slow, k) for k in fast.__dict__ if k != "_state")
    assert (fast._state.adding, fast._state.db) == (False, "default")
    assert fast.parent is not None and fast.parent.code == "64"


def test_a_partial_read_still_defers_the_other_columns(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    unit = OrgUnit.objects.only("code").get(pk=unit_on("633").pk)
    with django_assert_num_queries(1):
        assert unit.name


def test_every_unit_version_has_a_unique_path() -> None:
    assert OrgUnit.objects.values("path").distinct().count() == OrgUnit.objects.count()


def test_a_dissolved_district_is_not_listed_among_predecessors() -> None:
    detail = unit_detail(code="23941", on=AFTER, scope=ALL)
    assert all(p.unit.level == UnitLevel.COMMUNE for p in detail.predecessors)
