"""Facts about the packaged administrative-unit dataset (src/dieuhanh/orgunits/data).

Plain pytest: no Django, no database. The file is read as the loader reads it.
"""

from __future__ import annotations

import gzip
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
# Extracted wheels (vp06/, vp25/, dva/), as made by the tool's --download or by hand.

KINDS = {
    1: {"province", "municipality"},
    2: {"district", "urban_district", "town", "city"},
    3: {"commune", "ward", "township", "special_zone"},
}
CODE_LENGTH = {1: 2, 2: 3, 3: 5}
SUCCESSION_KINDS = {"merged", "renamed", "unchanged", "partial", "dissolved"}
_TYPE = re.compile(r"^(thành phố|thị trấn|thị xã|đặc khu|phường|quận|huyện|tỉnh|xã)\s+")


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
def units(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(u["era"], u["code"]): u for u in data["units"]}


@pytest.fixture(scope="module")
def predecessors(data: dict[str, Any]) -> dict[str, set[str]]:
    """2025 code -> pre2025 codes of its commune-level predecessors."""
    out: dict[str, set[str]] = defaultdict(set)
    for s in data["successions"]:
        if len(s["from"]) == 5:
            out[s["to"]].add(s["from"])
    return out


def era_units(data: dict[str, Any], era: str, level: int | None = None) -> list[dict[str, Any]]:
    return [u for u in data["units"] if u["era"] == era and (level is None or u["level"] == level)]


def children(data: dict[str, Any], era: str, parent: str) -> list[dict[str, Any]]:
    return [u for u in data["units"] if u["era"] == era and u["parent"] == parent]


# --- shape ---------------------------------------------------------------------------------


def test_file_is_small_gzip_with_zero_mtime() -> None:
    raw = UNITS_FILE.read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    assert raw[4:8] == b"\x00\x00\x00\x00"  # gzip header mtime
    assert len(raw) < 2_000_000


def test_format_and_eras(data: dict[str, Any]) -> None:
    assert data["format"] == 1
    assert set(data) == {"format", "eras", "units", "successions", "unresolved"}
    assert data["eras"] == [
        {
            "id": "pre2025",
            "valid_from": "2019-01-01",
            "valid_to": "2025-06-30",
            "source": "vietnam-provinces 0.6.0",
        },
        {
            "id": "2025",
            "valid_from": "2025-07-01",
            "valid_to": None,
            "source": "vietnam-provinces 2025.10.1",
        },
    ]


def test_unit_rows(data: dict[str, Any]) -> None:
    for u in data["units"]:
        assert set(u) == {"era", "code", "name", "kind", "level", "parent"}
        assert u["era"] in {"pre2025", "2025"}
        assert u["kind"] in KINDS[u["level"]], u
        assert re.fullmatch(r"\d+", u["code"]) and len(u["code"]) == CODE_LENGTH[u["level"]], u
        assert u["name"] == unicodedata.normalize("NFC", u["name"]) == u["name"].strip()
        assert "  " not in u["name"]
        assert _TYPE.match(u["name"].lower()), u


def test_codes_unique_per_era(data: dict[str, Any]) -> None:
    counts = Counter((u["era"], u["code"]) for u in data["units"])
    assert [k for k, n in counts.items() if n > 1] == []


def test_parents_exist_in_same_era_one_level_up(
    data: dict[str, Any], units: dict[tuple[str, str], dict[str, Any]]
) -> None:
    for u in data["units"]:
        if u["level"] == 1:
            assert u["parent"] is None
            continue
        parent = units.get((u["era"], u["parent"]))
        assert parent is not None, u
        expected = u["level"] - 1 if u["era"] == "pre2025" else 1
        assert parent["level"] == expected, u


# --- pre-2025 ------------------------------------------------------------------------------


def test_pre2025_counts(data: dict[str, Any]) -> None:
    assert len(era_units(data, "pre2025", 1)) == 63
    assert len(era_units(data, "pre2025", 2)) == 696
    assert len(era_units(data, "pre2025", 3)) == 10051


def test_pre2025_gia_lai_and_chu_se(
    data: dict[str, Any], units: dict[tuple[str, str], dict[str, Any]]
) -> None:
    gia_lai = units[("pre2025", "64")]
    assert (gia_lai["name"], gia_lai["kind"]) == ("Tỉnh Gia Lai", "province")
    assert len(children(data, "pre2025", "64")) == 17
    chu_se = units[("pre2025", "633")]
    assert (chu_se["name"], chu_se["kind"], chu_se["parent"]) == ("Huyện Chư Sê", "district", "64")
    expected = [
        "Thị trấn Chư Sê", "Ia Tiêm", "Chư Pơng", "Bar Măih", "Bờ Ngoong",
        "Ia Glai", "Al Bá", "Kông HTok", "Ayun", "Ia HLốp",
        "Ia Blang", "Dun", "Ia Pal", "H Bông", "Ia Ko",
    ]  # fmt: skip
    communes = children(data, "pre2025", "633")
    assert len(communes) == 15
    assert sorted(key(u["name"]) for u in communes) == sorted(key(n) for n in expected)
    township = units[("pre2025", "23941")]
    assert (township["name"], township["kind"], township["level"]) == (
        "Thị trấn Chư Sê",
        "township",
        3,
    )


def test_pre2025_kinds_follow_the_name(data: dict[str, Any]) -> None:
    by_kind = Counter(u["kind"] for u in era_units(data, "pre2025"))
    assert by_kind["municipality"] == 5 + 1  # five centrally-run cities and Huế (2025-01-01)
    assert by_kind["township"] > 500  # 0.6.0 calls them "xã"; the name says "Thị trấn"
    assert by_kind["special_zone"] == 0


# --- 2025 ----------------------------------------------------------------------------------


def test_2025_counts(data: dict[str, Any]) -> None:
    assert len(era_units(data, "2025", 1)) == 34
    assert era_units(data, "2025", 2) == []
    assert len(era_units(data, "2025", 3)) == 3321
    kinds = Counter(u["kind"] for u in era_units(data, "2025"))
    assert kinds == {
        "province": 28,
        "municipality": 6,
        "commune": 2621,
        "ward": 687,
        "special_zone": 13,
    }


def test_2025_gia_lai_and_chu_se(
    data: dict[str, Any], units: dict[tuple[str, str], dict[str, Any]]
) -> None:
    assert units[("2025", "52")]["name"] == "Tỉnh Gia Lai"
    assert units[("2025", "01")]["name"] == "Thành phố Hà Nội"
    assert units[("2025", "01")]["kind"] == "municipality"
    assert len(children(data, "2025", "52")) == 135
    chu_se = units[("2025", "23941")]
    assert (chu_se["name"], chu_se["kind"], chu_se["level"], chu_se["parent"]) == (
        "Xã Chư Sê",
        "commune",
        3,
        "52",
    )


# --- successions ---------------------------------------------------------------------------


def test_succession_rows(
    data: dict[str, Any], units: dict[tuple[str, str], dict[str, Any]]
) -> None:
    edges = Counter((s["from"], s["to"]) for s in data["successions"])
    assert [e for e, n in edges.items() if n > 1] == []  # the loader keeps one edge per pair
    for s in data["successions"]:
        assert set(s) == {
            "from_era", "from", "to_era", "to", "date", "basis", "basis_date", "kind", "note",
        }  # fmt: skip
        assert (s["from_era"], s["to_era"], s["date"]) == ("pre2025", "2025", "2025-07-01")
        assert s["kind"] in SUCCESSION_KINDS
        old, new = units[("pre2025", s["from"])], units[("2025", s["to"])]
        assert old["level"] == 1 or new["level"] == 3, s
        assert (old["level"] == 2) == (s["kind"] == "dissolved"), s
        assert re.fullmatch(r"\d+/(?:\d{4}/)?(?:NQ-UBTVQH|QH)\d+", s["basis"]), s
        assert re.fullmatch(r"2025-0[1-6]-\d\d", s["basis_date"]), s


def test_every_2025_commune_has_a_predecessor_or_is_unresolved(data: dict[str, Any]) -> None:
    reached = {s["to"] for s in data["successions"]}
    unresolved = {u["to"] for u in data["unresolved"]}
    missing = [
        u["code"]
        for u in era_units(data, "2025", 3)
        if u["code"] not in reached and u["code"] not in unresolved
    ]
    assert missing == []
    without = [u for u in era_units(data, "2025", 3) if u["code"] not in reached]
    assert len(without) < 10


def test_unresolved_rows(
    data: dict[str, Any], units: dict[tuple[str, str], dict[str, Any]]
) -> None:
    assert len(data["unresolved"]) < 100
    for u in data["unresolved"]:
        assert {"to", "name_in_note", "note", "reason"} <= set(u)
        assert ("2025", u["to"]) in units
        assert u["reason"]


def test_chu_se_predecessors(
    units: dict[tuple[str, str], dict[str, Any]], predecessors: dict[str, set[str]]
) -> None:
    def names(code: str) -> set[str]:
        return {key(units[("pre2025", c)]["name"]) for c in predecessors[code]}

    assert "23941" in predecessors["23941"]
    assert names("23941") == {key(n) for n in ("Chư Sê", "Dun", "Ia Blang", "Ia Pal", "Ia Glai")}
    assert names("23947") == {key(n) for n in ("Bar Măih", "Ia Tiêm", "Chư Pơng", "Bờ Ngoong")}
    assert names("23954") == {key(n) for n in ("Ayun", "Kông HTok", "Al Bá")}
    assert names("23977") == {key(n) for n in ("Ia HLốp", "Ia Hla", "Ia Ko")}
    h_bong = next(c for c in predecessors["23971"] if units[("pre2025", c)]["name"] == "Xã H Bông")
    assert units[("pre2025", h_bong)]["parent"] == "633"


def test_chu_se_succession_rows(data: dict[str, Any]) -> None:
    row = next(s for s in data["successions"] if (s["from"], s["to"]) == ("23941", "23941"))
    assert row["kind"] == "merged"
    assert (row["basis"], row["basis_date"]) == ("1664/NQ-UBTVQH15", "2025-06-16")
    assert row["note"].startswith("Thay đổi loại hình. Đổi tên từ thị trấn Chư Sê")


def test_chu_se_district_dissolved_into_five_communes(
    data: dict[str, Any], units: dict[tuple[str, str], dict[str, Any]]
) -> None:
    rows = [s for s in data["successions"] if s["from"] == "633"]
    assert {s["kind"] for s in rows} == {"dissolved"}
    assert {s["basis"] for s in rows} == {"1664/NQ-UBTVQH15"}
    assert {units[("2025", s["to"])]["name"] for s in rows} == {
        "Xã Chư Sê",
        "Xã Bờ Ngoong",
        "Xã Ia Ko",
        "Xã Al Bá",
        "Xã Ia Hrú",
    }


def test_province_successions(data: dict[str, Any]) -> None:
    rows = [s for s in data["successions"] if len(s["from"]) == 2]
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
    assert len({s["to"] for s in rows}) == 34


def test_special_zones_of_districts_without_communes(data: dict[str, Any]) -> None:
    rows = {(s["from"], s["to"]): s["kind"] for s in data["successions"]}
    assert rows[("318", "11948")] == "dissolved"  # Huyện Bạch Long Vĩ -> Đặc khu Bạch Long Vĩ
