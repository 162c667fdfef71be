"""Small hand-made unit datasets (formats 1 and 2) for the loader and upgrade tests: never the
packaged file. Codes start with T/P/D/C so they collide with no real unit."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

FORMAT1_ERAS = [
    {"id": "old", "valid_from": "2019-01-01", "valid_to": "2025-06-30", "source": "t"},
    {"id": "new", "valid_from": "2025-07-01", "valid_to": None, "source": "t"},
]

FORMAT2_ERAS = [
    {
        "id": "2020-02",
        "source": "t 0.2",
        "data_date": "2020-02-01",
        "data_date_stated": "01/02/2020",
        "valid_from": "2020-02-01",
        "valid_to": "2022-12-31",
    },
    {
        "id": "pre2025",
        "source": "t 0.6",
        "data_date": "2023-01-01",
        "data_date_stated": "2023",
        "valid_from": "2023-01-01",
        "valid_to": "2025-06-30",
    },
    {
        "id": "2025",
        "source": "t official",
        "data_date": "2025-07-01",
        "data_date_stated": "2025",
        "valid_from": "2025-07-01",
        "valid_to": None,
    },
]


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    return path


def u1(era: str, code: str, name: str, kind: str, level: int, parent: str | None) -> dict[str, Any]:
    return {"era": era, "code": code, "name": name, "kind": kind, "level": level, "parent": parent}


def e1(from_era: str, frm: str, to_era: str, to: str, kind: str = "merged") -> dict[str, Any]:
    return {
        "from_era": from_era,
        "from": frm,
        "to_era": to_era,
        "to": to,
        "date": "2025-07-01",
        "kind": kind,
        "basis": "202/2025/QH15",
        "basis_date": "2025-06-12",
    }


def u2(
    era: str,
    code: str,
    name: str,
    kind: str,
    level: int,
    parent: str | None,
    valid_from: str,
    valid_to: str | None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "era": era,
        "code": code,
        "name": name,
        "kind": kind,
        "level": level,
        "parent": parent,
        "valid_from": valid_from,
        "valid_to": valid_to,
        **extra,
    }


def e2(
    frm: tuple[str, str, str],
    to: tuple[str, str, str],
    kind: str,
    date: str,
    approximate: bool = False,
    basis: str = "",
) -> dict[str, Any]:
    """An edge between (era, code, valid_from) keys."""
    return {
        "from_era": frm[0],
        "from": frm[1],
        "from_valid_from": frm[2],
        "to_era": to[0],
        "to": to[1],
        "to_valid_from": to[2],
        "kind": kind,
        "date": date,
        "approximate": approximate,
        "basis": basis,
        "basis_date": None,
        "note": "",
    }


def old_dataset(tmp: Path) -> Path:
    """Format 1, as main had it (one snapshot of early 2025 labelled from 2019): province P1,
    district D1 with commune C1 and ward C2 until the reform; after it, C9 (a draft code)
    formed from C1 and C2."""
    units = [
        u1("old", "P1", "Tỉnh Thử", "province", 1, None),
        u1("old", "D1", "Huyện Thử", "district", 2, "P1"),
        u1("old", "C1", "Xã Một", "commune", 3, "D1"),
        u1("old", "C2", "Phường Hai", "ward", 3, "D1"),
        u1("new", "P1", "Tỉnh Thử", "province", 1, None),
        u1("new", "C9", "Xã Tám", "commune", 3, "P1"),
    ]
    successions = [
        e1("old", "P1", "new", "P1", "unchanged"),
        e1("old", "C1", "new", "C9"),
        e1("old", "C2", "new", "C9"),
        e1("old", "D1", "new", "C9", "dissolved"),
    ]
    return write(
        tmp / "old" / "units.json.gz",
        {
            "format": 1,
            "eras": FORMAT1_ERAS,
            "units": units,
            "successions": successions,
            "unresolved": [],
        },
    )


def new_dataset(tmp: Path, recoded: bool = True) -> Path:
    """Format 2: the same units with history since 2020 — C2 was a commune until 2022 and a
    ward (Phường Hai) from 2023 — and the post-reform commune under its official code C8
    (C9 was the draft's), with its centroid and area."""
    units = [
        u2("2020-02", "P1", "Tỉnh Thử", "province", 1, None, "2020-02-01", "2025-06-30"),
        u2("2020-02", "D1", "Huyện Thử", "district", 2, "P1", "2020-02-01", "2025-06-30"),
        u2("2020-02", "C1", "Xã Một", "commune", 3, "D1", "2020-02-01", "2025-06-30"),
        u2("2020-02", "C2", "Xã Hai", "commune", 3, "D1", "2020-02-01", "2022-12-31"),
        u2("pre2025", "C2", "Phường Hai", "ward", 3, "D1", "2023-01-01", "2025-06-30"),
        u2("2025", "P1", "Tỉnh Thử", "province", 1, None, "2025-07-01", None),
        u2(
            "2025",
            "C8",
            "Xã Tám",
            "commune",
            3,
            "P1",
            "2025-07-01",
            None,
            lat=13.7,
            lng=108.1,
            area_km2=123.45,
        ),
    ]
    successions = [
        e2(
            ("2020-02", "C2", "2020-02-01"),
            ("pre2025", "C2", "2023-01-01"),
            "upgraded",
            "2023-01-01",
            approximate=True,
        ),
        e2(
            ("2020-02", "P1", "2020-02-01"),
            ("2025", "P1", "2025-07-01"),
            "unchanged",
            "2025-07-01",
            basis="202/2025/QH15",
        ),
        e2(
            ("2020-02", "C1", "2020-02-01"),
            ("2025", "C8", "2025-07-01"),
            "merged",
            "2025-07-01",
            basis="202/2025/QH15",
        ),
        e2(
            ("pre2025", "C2", "2023-01-01"),
            ("2025", "C8", "2025-07-01"),
            "merged",
            "2025-07-01",
            basis="202/2025/QH15",
        ),
        e2(
            ("2020-02", "D1", "2020-02-01"),
            ("2025", "C8", "2025-07-01"),
            "dissolved",
            "2025-07-01",
            basis="202/2025/QH15",
        ),
    ]
    return write(
        tmp / "new" / "units.json.gz",
        {
            "format": 2,
            "eras": FORMAT2_ERAS,
            "units": units,
            "successions": successions,
            "recoded": (
                [{"era": "2025", "old_code": "C9", "new_code": "C8", "name": "Xã Tám"}]
                if recoded
                else []
            ),
            "unresolved": [],
        },
    )
