"""Writes of administrative units: loading the packaged national dataset."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.services import audit_record
from dieuhanh.orgunits.models import (
    OrgUnit,
    OrgUnitDataset,
    Succession,
    SuccessionKind,
    UnitKind,
)
from dieuhanh.vn import fold, name_key, normalize, sort_key

PACKAGED_DATASET = Path(__file__).resolve().parent / "data" / "units.json.gz"


@dataclass(frozen=True)
class LoadResult:
    sha256: str
    already_loaded: bool
    units_created: int
    units_updated: int
    successions_created: int


_KIND_PREFIX = re.compile(
    r"^(tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s+", re.IGNORECASE
)


def bare_name(name: str) -> str:
    """The name without its type word: what people sort by ("Chư Sê", not "Xã Chư Sê")."""
    return _KIND_PREFIX.sub("", normalize(name), count=1)


def unit_keys(name: str) -> dict[str, str]:
    """The derived search, match and collation keys of a unit name."""
    return {
        "search_key": " " + fold(name),
        "name_key": name_key(name, strip_kind=True),
        "sort_key": sort_key(bare_name(name)),
    }


def _segment(code: str, valid_from: datetime.date) -> str:
    return f"{code}:{valid_from:%Y%m%d}"


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = path.read_bytes()
        data = json.loads(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    except (OSError, ValueError) as exc:
        raise ValidationFailed(
            _("%(file)s is not a readable unit dataset: %(error)s"), file=str(path), error=str(exc)
        ) from exc
    if not isinstance(data, dict) or data.get("format") != 1:
        raise ValidationFailed(_("%(file)s: unsupported dataset format."), file=str(path))
    for key in ("eras", "units", "successions"):
        if not isinstance(data.get(key), list):
            raise ValidationFailed(
                _("%(file)s: the list %(key)s is missing."), file=str(path), key=key
            )
    return data, hashlib.sha256(raw).hexdigest()


def _plan_units(data: dict[str, Any], file: str) -> list[dict[str, Any]]:
    """Validate every row and compute each version's fields before anything is written."""
    try:
        eras = {
            e["id"]: (
                datetime.date.fromisoformat(e["valid_from"]),
                datetime.date.fromisoformat(e["valid_to"]) if e.get("valid_to") else None,
            )
            for e in data["eras"]
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationFailed(
            _("%(file)s: an era is malformed (%(error)s)."), file=file, error=str(exc)
        ) from exc
    kinds = set(UnitKind.values)
    by_key: dict[tuple[str, str], dict[str, Any]] = {}
    for i, row in enumerate(data["units"], start=1):
        where = {"file": file, "row": i}
        if row.get("era") not in eras:
            raise ValidationFailed(_("%(file)s, unit %(row)s: unknown era."), **where)
        if row.get("kind") not in kinds:
            raise ValidationFailed(_("%(file)s, unit %(row)s: unknown kind."), **where)
        if not row.get("code") or not row.get("name"):
            raise ValidationFailed(
                _("%(file)s, unit %(row)s: code and name are required."), **where
            )
        key = (row["era"], row["code"])
        if key in by_key:
            raise ValidationFailed(
                _("%(file)s, unit %(row)s: code %(code)s appears twice in one era."),
                code=row["code"],
                **where,
            )
        valid_from, valid_to = eras[row["era"]]
        by_key[key] = {**row, "valid_from": valid_from, "valid_to": valid_to}

    def path_of(key: tuple[str, str], seen: tuple[tuple[str, str], ...] = ()) -> str:
        row = by_key[key]
        if "path" in row:
            return str(row["path"])
        own = _segment(row["code"], row["valid_from"])
        if row["parent"] is None:
            row["path"] = f"/{own}/"
        else:
            parent_key = (row["era"], row["parent"])
            if (
                parent_key not in by_key
                or parent_key in seen
                or by_key[parent_key]["level"] >= row["level"]
            ):
                raise ValidationFailed(
                    _("%(file)s: unit %(code)s has a missing or circular parent."),
                    file=file,
                    code=row["code"],
                )
            row["path"] = f"{path_of(parent_key, (*seen, key))}{own}/"
        return str(row["path"])

    for key in by_key:
        path_of(key)
    return sorted(by_key.values(), key=lambda r: (r["level"], r["path"]))


def _check_successions(
    successions: list[dict[str, Any]], version: dict[tuple[str, str], str], file: str
) -> None:
    kinds = set(SuccessionKind.values)
    for i, s in enumerate(successions, start=1):
        where = {"file": file, "row": i}
        if (s.get("from_era"), s.get("from")) not in version or (
            s.get("to_era"),
            s.get("to"),
        ) not in version:
            raise ValidationFailed(_("%(file)s, succession %(row)s: unknown unit."), **where)
        if s.get("kind") not in kinds:
            raise ValidationFailed(_("%(file)s, succession %(row)s: unknown kind."), **where)
        try:
            datetime.date.fromisoformat(s["date"])
            if s.get("basis_date"):
                datetime.date.fromisoformat(s["basis_date"])
        except (KeyError, TypeError, ValueError):
            raise ValidationFailed(
                _("%(file)s, succession %(row)s: malformed date."), **where
            ) from None


@transaction.atomic
def orgunits_load(*, path: Path = PACKAGED_DATASET, actor: Any = None) -> LoadResult:
    """Load (or bring up to date) the unit versions and successions of a dataset file.

    Idempotent: a dataset already loaded is skipped; otherwise each version is created or
    updated in place, matched by (code, valid_from). Nothing is deleted.
    """
    data, digest = _read(path)
    latest = OrgUnitDataset.objects.order_by("-loaded_at", "-id").first()
    if latest is not None and latest.sha256 == digest:
        return LoadResult(digest, True, 0, 0, 0)
    rows = _plan_units(data, path.name)
    _check_successions(
        data["successions"], {(r["era"], r["code"]): r["path"] for r in rows}, path.name
    )

    existing = {(u.code, u.valid_from): u for u in OrgUnit.objects.all()}
    by_path: dict[str, OrgUnit] = {u.path: u for u in existing.values()}
    created = updated = 0
    for level in sorted({r["level"] for r in rows}):
        to_create: list[OrgUnit] = []
        for row in (r for r in rows if r["level"] == level):
            parent_path = row["path"].rsplit("/", 2)[0] + "/" if row["parent"] else None
            parent = by_path[parent_path] if parent_path else None
            fields = {
                "name": normalize(row["name"]),
                "kind": row["kind"],
                "level": row["level"],
                "valid_to": row["valid_to"],
                "parent_id": parent.pk if parent else None,
                "path": row["path"],
                **unit_keys(row["name"]),
            }
            unit = existing.get((row["code"], row["valid_from"]))
            if unit is None:
                to_create.append(OrgUnit(code=row["code"], valid_from=row["valid_from"], **fields))
                continue
            changed = {k: v for k, v in fields.items() if getattr(unit, k) != v}
            if changed:
                for k, v in changed.items():
                    setattr(unit, k, v)
                unit.save(update_fields=[*changed, "updated_at"])
                updated += 1
            by_path[unit.path] = unit
        for unit in OrgUnit.objects.bulk_create(to_create, batch_size=2000):
            by_path[unit.path] = unit
        created += len(to_create)
        if to_create and to_create[0].pk is None:
            # Backends that do not return keys from bulk inserts: read them back.
            for unit in OrgUnit.objects.filter(path__in=[u.path for u in to_create]):
                by_path[unit.path] = unit

    version = {(r["era"], r["code"]): r["path"] for r in rows}
    known_edges = set(Succession.objects.values_list("predecessor__path", "successor__path"))
    new_edges: list[Succession] = []
    for i, s in enumerate(data["successions"], start=1):
        try:
            pred_path = version[(s["from_era"], s["from"])]
            succ_path = version[(s["to_era"], s["to"])]
        except KeyError as exc:
            raise ValidationFailed(
                _("%(file)s, succession %(row)s: unknown unit %(unit)s."),
                file=path.name,
                row=i,
                unit=str(exc),
            ) from exc
        if (pred_path, succ_path) in known_edges:
            continue
        known_edges.add((pred_path, succ_path))
        new_edges.append(
            Succession(
                predecessor=by_path[pred_path],
                successor=by_path[succ_path],
                date=datetime.date.fromisoformat(s["date"]),
                kind=s["kind"],
                basis=s.get("basis") or "",
                basis_date=(
                    datetime.date.fromisoformat(s["basis_date"]) if s.get("basis_date") else None
                ),
                note=s.get("note") or "",
            )
        )
    Succession.objects.bulk_create(new_edges, batch_size=2000)
    OrgUnitDataset.objects.filter(sha256=digest).delete()  # loaded before, then replaced
    OrgUnitDataset.objects.create(sha256=digest, units=len(rows), successions=len(new_edges))
    audit_record(
        actor=actor,
        action="orgunits.load",
        object_type="orgunits.orgunitdataset",
        object_id=digest[:16],
        object_repr=path.name,
        changes={"units_created": created, "units_updated": updated, "successions": len(new_edges)},
    )
    return LoadResult(digest, False, created, updated, len(new_edges))
