"""Facts about the packaged administrative-unit dataset (src/dieuhanh/orgunits/data), format 2.

Plain pytest: no Django, no database. The file is read as the loader reads it.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "src" / "dieuhanh" / "orgunits" / "data"
UNITS_FILE = DATA_DIR / "units.json.gz"

KINDS = {
    1: {"province", "municipality"},
    2: {"district", "urban_district", "town", "city"},
    3: {"commune", "ward", "township", "special_zone"},
}
CODE_LENGTH = {1: 2, 2: 3, 3: 5}
SUCCESSION_KINDS = {
    "merged", "partial", "split", "renamed", "upgraded", "moved", "unchanged", "dissolved",
}  # fmt: skip
ERA_IDS = ["2020-02", "2021-02", "2023-05", "2025-01", "pre2025", "2025"]
_TYPE = re.compile(r"^(thành phố|thị trấn|thị xã|đặc khu|phường|quận|huyện|tỉnh|xã)\s+")

Row = dict[str, Any]


def key(name: str) -> str:
    """Name key: NFC, lowercase, type word removed, no accents (đ->d), spaces, ' or -."""
    s = _TYPE.sub("", unicodedata.normalize("NFC", name).strip().lower()).replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    return re.sub(r"[\s'’\-–]", "", s)


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(gzip.decompress(UNITS_FILE.read_bytes()))
    return document


@pytest.fixture(scope="module")
def versions(data: dict[str, Any]) -> dict[tuple[str, str], Row]:
    """(code, valid_from) -> unit row."""
    return {(u["code"], u["valid_from"]): u for u in data["units"]}


def on(data: dict[str, Any], day: str, level: int | None = None) -> list[Row]:
    """The units in force on `day`."""
    return [
        u
        for u in data["units"]
        if u["valid_from"] <= day
        and (u["valid_to"] is None or day <= u["valid_to"])
        and (level is None or u["level"] == level)
    ]


def unit_on(data: dict[str, Any], code: str, day: str) -> Row:
    (row,) = [u for u in on(data, day) if u["code"] == code]
    return row


def children_on(data: dict[str, Any], parent: str, day: str) -> list[Row]:
    return [u for u in on(data, day) if u["parent"] == parent]


def predecessors(data: dict[str, Any], code: str, day: str = "2025-07-01") -> list[Row]:
    return [
        s
        for s in data["successions"]
        if s["to"] == code and s["to_valid_from"] == day and s["kind"] != "dissolved"
    ]


# --- shape ---------------------------------------------------------------------------------


def test_file_is_small_gzip_with_zero_mtime() -> None:
    raw = UNITS_FILE.read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    assert raw[4:8] == b"\x00\x00\x00\x00"  # gzip header mtime
    assert len(raw) < 3_000_000


def test_format_and_keys(data: dict[str, Any]) -> None:
    assert data["format"] == 2
    assert set(data) == {"format", "eras", "units", "successions", "unresolved", "recoded"}


def test_eras_are_ordered_and_contiguous(data: dict[str, Any]) -> None:
    eras = data["eras"]
    assert [e["id"] for e in eras] == ERA_IDS
    for e in eras:
        assert set(e) == {"id", "source", "data_date", "data_date_stated", "valid_from", "valid_to"}
        assert e["data_date_stated"]
    for a, b in itertools.pairwise(eras):
        assert a["valid_to"] is not None and a["valid_to"] < b["valid_from"]
    assert eras[-1]["valid_to"] is None
    assert eras[-1]["valid_from"] == "2025-07-01"
    assert eras[-2]["valid_to"] == "2025-06-30"


def test_data_dates_as_the_sources_state_them(data: dict[str, Any]) -> None:
    dates = {e["id"]: (e["source"], e["data_date"]) for e in data["eras"]}
    assert dates["2020-02"] == ("vietnam-provinces 0.2", "2020-02-25")
    assert dates["2021-02"] == ("vietnam-provinces 0.3.0", "2021-02-03")
    assert dates["2023-05"] == ("vietnam-provinces 0.5.0", "2023-05-07")
    assert dates["2025-01"] == ("vietnam-provinces 0.5.8", "2025-01-04")
    assert dates["2025"] == ("vietnamadminunits 1.0.4", None)  # it states none


def test_provenance_states_the_2025_10_1_data_version() -> None:
    text = (DATA_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "__data_version__ = '2025-10-18'" in text
    assert "data version 2025-08-02" not in text


def test_unit_rows(data: dict[str, Any]) -> None:
    eras = set(ERA_IDS)
    for u in data["units"]:
        assert {"era", "code", "name", "kind", "level", "parent", "valid_from", "valid_to"} <= set(
            u
        )
        assert set(u) <= {"era", "code", "name", "kind", "level", "parent", "valid_from",
                          "valid_to", "lat", "lng", "area_km2"}  # fmt: skip
        assert u["era"] in eras
        assert u["kind"] in KINDS[u["level"]], u
        assert re.fullmatch(r"\d+", u["code"]) and len(u["code"]) == CODE_LENGTH[u["level"]], u
        assert u["name"] == unicodedata.normalize("NFC", u["name"]) == u["name"].strip()
        assert "  " not in u["name"]
        assert _TYPE.match(u["name"].lower()), u
        assert u["valid_to"] is None or u["valid_from"] <= u["valid_to"], u


def test_versions_of_a_code_do_not_overlap(data: dict[str, Any]) -> None:
    spans: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for u in data["units"]:
        spans[u["code"]].append((u["valid_from"], u["valid_to"] or "9999-12-31"))
    for code, rows in spans.items():
        rows.sort()
        for (_, a_to), (b_from, _) in itertools.pairwise(rows):
            assert a_to < b_from, code


def test_era_and_code_identify_a_version(data: dict[str, Any]) -> None:
    counts = Counter((u["era"], u["code"]) for u in data["units"])
    assert [k for k, n in counts.items() if n > 1] == []


def test_parent_version_covers_the_child(data: dict[str, Any]) -> None:
    by_code: dict[str, list[Row]] = defaultdict(list)
    for u in data["units"]:
        by_code[u["code"]].append(u)
    for u in data["units"]:
        if u["level"] == 1:
            assert u["parent"] is None
            continue
        (parent,) = [
            p
            for p in by_code[u["parent"]]
            if p["valid_from"] <= u["valid_from"]
            and (p["valid_to"] is None or u["valid_from"] <= p["valid_to"])
        ]
        end = u["valid_to"] or "9999-12-31"
        assert end <= (parent["valid_to"] or "9999-12-31"), u
        assert parent["level"] == (1 if u["era"] == "2025" else u["level"] - 1), u


# --- counts on dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "provinces", "districts", "communes"),
    [
        ("2020-02-25", 63, 707, 10767),
        ("2021-07-01", 63, 705, 10603),
        ("2024-06-30", 63, 705, 10598),
        ("2025-01-04", 63, 696, 10051),
        ("2025-06-30", 63, 696, 10035),
        ("2025-07-01", 34, 0, 3321),
        ("2026-12-31", 34, 0, 3321),
    ],
)
def test_units_in_force_on_a_day(
    data: dict[str, Any], day: str, provinces: int, districts: int, communes: int
) -> None:
    assert [len(on(data, day, lvl)) for lvl in (1, 2, 3)] == [provinces, districts, communes]


def test_chu_se_had_15_communes_on_every_day_before_the_reform(data: dict[str, Any]) -> None:
    expected = [
        "Thị trấn Chư Sê", "Ia Tiêm", "Chư Pơng", "Bar Măih", "Bờ Ngoong",
        "Ia Glai", "Al Bá", "Kông HTok", "Ayun", "Ia HLốp",
        "Ia Blang", "Dun", "Ia Pal", "H Bông", "Ia Ko",
    ]  # fmt: skip
    for day in ("2020-02-25", "2021-07-01", "2024-12-31", "2025-06-30"):
        assert unit_on(data, "633", day)["name"] == "Huyện Chư Sê"
        communes = children_on(data, "633", day)
        assert sorted(key(u["name"]) for u in communes) == sorted(key(n) for n in expected)


def test_2025_kinds(data: dict[str, Any]) -> None:
    kinds = Counter(u["kind"] for u in on(data, "2025-07-01"))
    assert kinds == {
        "province": 28, "municipality": 6, "commune": 2621, "ward": 687, "special_zone": 13,
    }  # fmt: skip


def test_2025_gia_lai_and_chu_se(data: dict[str, Any]) -> None:
    day = "2025-07-01"
    assert unit_on(data, "52", day)["name"] == "Tỉnh Gia Lai"
    assert unit_on(data, "01", day)["kind"] == "municipality"
    assert len(children_on(data, "52", day)) == 135
    chu_se = unit_on(data, "23941", day)
    assert (chu_se["name"], chu_se["kind"], chu_se["parent"]) == ("Xã Chư Sê", "commune", "52")


# --- official codes, names, centroids ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("00082", "Phường Cửa Nam"),
        ("00226", "Phường Văn Miếu - Quốc Tử Giám"),
        ("23938", "Xã Ia Mơ"),
        ("20137", "Xã Chân Mây - Lăng Cô"),
        ("21859", "Xã Đề Gi"),
    ],
)
def test_official_codes_after_the_reform(data: dict[str, Any], code: str, name: str) -> None:
    assert key(unit_on(data, code, "2025-07-01")["name"]) == key(name)


def test_every_post_reform_commune_has_a_centroid_and_an_area(data: dict[str, Any]) -> None:
    no_area = []
    for u in on(data, "2025-07-01", 3):
        assert 8.0 < u["lat"] < 23.5 and 102.0 < u["lng"] < 117.5, u
        if "area_km2" in u:
            assert u["area_km2"] > 0, u
        else:
            no_area.append(u["code"])
    # Listed in PROVENANCE.md under "no centroid or area" (the source gives none, or 0).
    assert no_area == ["06187", "19147", "19159", "28435"]


def test_recoded_rows(data: dict[str, Any]) -> None:
    rows = data["recoded"]
    assert len(rows) == 123
    pairs = {(r["old_code"], r["new_code"]) for r in rows}
    assert ("00073", "00082") in pairs  # Cửa Nam
    assert ("23737", "23938") in pairs  # Ia Mơ
    assert ("20152", "20137") in pairs  # Chân Mây – Lăng Cô
    assert ("21862", "21859") in pairs  # Đề Gi
    new_codes = {u["code"] for u in on(data, "2025-07-01", 3)}
    for r in rows:
        assert r["era"] == "2025" and r["old_code"] != r["new_code"]
        assert r["new_code"] in new_codes
    assert len({r["old_code"] for r in rows}) == len({r["new_code"] for r in rows}) == len(rows)


# --- successions ---------------------------------------------------------------------------


def test_succession_rows(data: dict[str, Any], versions: dict[tuple[str, str], Row]) -> None:
    edges = Counter(
        (s["from"], s["from_valid_from"], s["to"], s["to_valid_from"]) for s in data["successions"]
    )
    assert [e for e, n in edges.items() if n > 1] == []
    for s in data["successions"]:
        assert set(s) == {
            "from", "from_valid_from", "from_era", "to", "to_valid_from", "to_era", "kind",
            "date", "approximate", "basis", "basis_date", "note",
        }  # fmt: skip
        assert s["kind"] in SUCCESSION_KINDS
        old = versions[(s["from"], s["from_valid_from"])]
        new = versions[(s["to"], s["to_valid_from"])]
        assert (old["era"], new["era"]) == (s["from_era"], s["to_era"])
        assert s["date"] == new["valid_from"]
        assert old["valid_from"] < new["valid_from"]
        if s["kind"] != "split":  # a split-off source continues
            assert old["valid_to"] < new["valid_from"]
        assert s["approximate"] == (s["date"] != "2025-07-01")
        if s["date"] == "2025-07-01":
            assert re.fullmatch(r"\d+/(?:\d{4}/)?(?:NQ-UBTVQH|QH)\d+", s["basis"]), s
            assert re.fullmatch(r"2025-0[1-6]-\d\d", s["basis_date"]), s


def test_every_later_version_has_a_predecessor(data: dict[str, Any]) -> None:
    first: dict[str, str] = {}
    for u in sorted(data["units"], key=lambda u: u["valid_from"]):
        first.setdefault(u["code"], u["valid_from"])
    reached = {(s["to"], s["to_valid_from"]) for s in data["successions"]}
    missing = [
        (u["code"], u["valid_from"])
        for u in data["units"]
        if (u["valid_from"] != first[u["code"]] or u["era"] == "2025")
        and (u["code"], u["valid_from"]) not in reached
    ]
    assert missing == []


def test_every_commune_of_2025_06_30_has_a_successor(data: dict[str, Any]) -> None:
    went = {(s["from"], s["from_valid_from"]) for s in data["successions"]}
    orphans = [
        u["code"] for u in on(data, "2025-06-30", 3) if (u["code"], u["valid_from"]) not in went
    ]
    assert orphans == []


def test_every_unit_that_ends_before_the_reform_has_a_successor(data: dict[str, Any]) -> None:
    went = {(s["from"], s["from_valid_from"]) for s in data["successions"]}
    ended = [
        u["code"]
        for u in data["units"]
        if u["valid_to"] is not None and (u["code"], u["valid_from"]) not in went
    ]
    assert ended == []


def names_of_predecessors(data: dict[str, Any], versions: dict[tuple[str, str], Row],
                          code: str) -> dict[str, str]:  # fmt: skip
    return {
        key(versions[(s["from"], s["from_valid_from"])]["name"]): s["kind"]
        for s in predecessors(data, code)
    }


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("14623", {"Bình Minh", "Cồn Thoi", "Kim Mỹ"}),  # Ninh Bình
        ("20611", {"Duy Châu", "Duy Hòa", "Duy Phú", "Duy Tân"}),  # Thu Bồn
        ("00829", {"Thắng Mố", "Sủng Tráng", "Sủng Thài"}),
    ],
)
def test_links_the_issue_names_wrong_are_right(
    data: dict[str, Any], versions: dict[tuple[str, str], Row], code: str, expected: set[str]
) -> None:
    assert set(names_of_predecessors(data, versions, code)) == {key(n) for n in expected}


def test_hoang_loc_cai_lay_and_yen_lang_have_no_extra_predecessor(
    data: dict[str, Any], versions: dict[tuple[str, str], Row]
) -> None:
    def names(code: str) -> dict[str, str]:
        return {
            versions[(s["from"], s["from_valid_from"])]["name"]: s["kind"]
            for s in predecessors(data, code)
        }

    assert "Xã Hoằng Thanh" not in names("15961")
    assert "Xã Hoằng Thành" in names("15961")
    cai_lay = names("28439")
    assert "Phường 2" not in cai_lay and cai_lay["Phường 4"] == "partial"
    yen_lang = names("08980")
    assert "Xã Thanh Đa" not in yen_lang and "Xã Thạch Đà" in yen_lang


def test_chu_se_predecessors(data: dict[str, Any], versions: dict[tuple[str, str], Row]) -> None:
    def names(code: str) -> set[str]:
        return set(names_of_predecessors(data, versions, code))

    assert names("23941") == {key(n) for n in ("Chư Sê", "Dun", "Ia Blang", "Ia Pal", "Ia Glai")}
    assert names("23947") == {key(n) for n in ("Bar Măih", "Ia Tiêm", "Chư Pơng", "Bờ Ngoong")}
    assert names("23954") == {key(n) for n in ("Ayun", "Kông HTok", "Al Bá")}
    assert names("23977") == {key(n) for n in ("Ia HLốp", "Ia Hla", "Ia Ko")}
    row = next(s for s in predecessors(data, "23941") if s["from"] == "23941")
    assert row["kind"] == "merged"
    assert (row["basis"], row["basis_date"]) == ("1664/NQ-UBTVQH15", "2025-06-16")
    assert row["note"].startswith("Thay đổi loại hình. Đổi tên từ thị trấn Chư Sê")


def test_chu_se_district_dissolved_into_five_communes(
    data: dict[str, Any], versions: dict[tuple[str, str], Row]
) -> None:
    rows = [s for s in data["successions"] if s["from"] == "633" and s["date"] == "2025-07-01"]
    assert {s["kind"] for s in rows} == {"dissolved"}
    assert {key(versions[(s["to"], s["to_valid_from"])]["name"]) for s in rows} == {
        key(n) for n in ("Chư Sê", "Bờ Ngoong", "Ia Ko", "Al Bá", "Ia Hrú")
    }


def test_province_successions(data: dict[str, Any]) -> None:
    rows = [s for s in data["successions"] if len(s["from"]) == 2 and s["date"] == "2025-07-01"]
    targets: dict[str, set[str]] = defaultdict(set)
    for s in rows:
        targets[s["from"]].add(s["to"])
        assert (s["basis"], s["basis_date"]) == ("202/2025/QH15", "2025-06-12")
    assert len(targets) == 63
    assert all(len(t) == 1 for t in targets.values())
    assert targets["64"] == targets["52"] == {"52"}  # Gia Lai and Bình Định -> Gia Lai
    kinds = {(s["from"], s["to"]): s["kind"] for s in rows}
    assert kinds[("64", "52")] == kinds[("52", "52")] == "merged"
    assert kinds[("01", "01")] == "unchanged"


def test_island_district_becomes_its_special_zone(data: dict[str, Any]) -> None:
    rows = {(s["from"], s["to"]): s["kind"] for s in data["successions"]}
    assert rows[("318", "11948")] == "renamed"  # Huyện Bạch Long Vĩ -> Đặc khu Bạch Long Vĩ


def test_history_kinds_are_all_present(data: dict[str, Any]) -> None:
    before = Counter(s["kind"] for s in data["successions"] if s["date"] < "2025-07-01")
    for kind in ("merged", "split", "renamed", "upgraded", "moved", "unchanged"):
        assert before[kind] > 0, kind


def test_inferred_links_say_so(data: dict[str, Any]) -> None:
    for s in data["successions"]:
        if s["kind"] in ("merged", "split") and s["date"] < "2025-07-01" and s["from"] != s["to"]:
            assert s["note"].startswith("inferred: "), s


def test_unresolved_rows(data: dict[str, Any]) -> None:
    codes = {u["code"] for u in on(data, "2025-07-01", 3)}
    assert len(data["unresolved"]) == 10  # the rest settled by the converter (PROVENANCE.md)
    for u in data["unresolved"]:
        assert set(u) == {"to", "to_era", "name_in_note", "note", "reason"}
        assert u["to"] in codes and u["to_era"] == "2025"
        assert u["reason"]
