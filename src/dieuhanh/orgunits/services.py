"""Writes of administrative units: loading the packaged national dataset."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.services import audit_record
from dieuhanh.orgunits.models import (
    CODE_SYSTEM_START,
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


VersionKey = tuple[str, str]
"""How a dataset names one version: (era, code) in format 1, (code, valid_from) in format 2."""


@dataclass
class PlannedVersion:
    """One unit version of a dataset, validated, with its final dates and path."""

    key: VersionKey
    code: str
    name: str
    kind: str
    level: int
    valid_from: datetime.date
    valid_to: datetime.date | None
    parent_key: VersionKey | None
    lat: float | None = None
    lng: float | None = None
    area_km2: float | None = None
    path: str = ""

    def fields(self) -> dict[str, Any]:
        """The stored fields other than code, valid_from, parent and path."""
        return {
            "name": normalize(self.name),
            "kind": self.kind,
            "level": self.level,
            "valid_to": self.valid_to,
            "lat": self.lat,
            "lng": self.lng,
            "area_km2": self.area_km2,
            **unit_keys(self.name),
        }

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    @property
    def parent_path(self) -> str | None:
        return self.path.rsplit("/", 2)[0] + "/" if self.parent_key else None


@dataclass(frozen=True)
class PlannedEdge:
    predecessor: VersionKey
    successor: VersionKey
    date: datetime.date
    kind: str
    basis: str
    basis_date: datetime.date | None
    note: str
    approximate: bool


@dataclass(frozen=True)
class Recoding:
    """A unit of the era [start, end] whose code was `old` in an older dataset is `new` now."""

    old: str
    new: str
    start: datetime.date
    end: datetime.date | None

    def applies_to(self, code: str, start: datetime.date, end: datetime.date | None) -> bool:
        return (
            code == self.old
            and start <= (self.end or datetime.date.max)
            and self.start <= (end or datetime.date.max)
        )


@dataclass
class PlannedDataset:
    """A dataset file read, checked and planned; nothing written yet."""

    file: str
    sha256: str
    format: int
    versions: list[PlannedVersion]  # by level, then path
    edges: list[PlannedEdge]
    observed_from: datetime.date | None
    recoded: list[Recoding]

    def by_key(self) -> dict[VersionKey, PlannedVersion]:
        return {v.key: v for v in self.versions}


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = path.read_bytes()
        data = json.loads(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    except (OSError, ValueError) as exc:
        raise ValidationFailed(
            _("%(file)s is not a readable unit dataset: %(error)s"), file=str(path), error=str(exc)
        ) from exc
    if not isinstance(data, dict) or data.get("format") not in (1, 2):
        raise ValidationFailed(_("%(file)s: unsupported dataset format."), file=str(path))
    for key in ("eras", "units", "successions"):
        if not isinstance(data.get(key), list):
            raise ValidationFailed(
                _("%(file)s: the list %(key)s is missing."), file=str(path), key=key
            )
    return data, hashlib.sha256(raw).hexdigest()


def _day(value: object) -> datetime.date | None:
    """An ISO date of the file, None for null/absent; ValueError/TypeError when malformed."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise TypeError(value)
    return datetime.date.fromisoformat(value)


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(value)
    return float(value)


def _era_dates(data: dict[str, Any], file: str) -> dict[str, tuple[datetime.date, Any]]:
    try:
        return {
            str(e["id"]): (_day(e["valid_from"]) or datetime.date.min, _day(e.get("valid_to")))
            for e in data["eras"]
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationFailed(
            _("%(file)s: an era is malformed (%(error)s)."), file=file, error=str(exc)
        ) from exc


def _oldest_snapshot(data: dict[str, Any], eras: dict[str, tuple[datetime.date, Any]]) -> Any:
    """The date of the oldest snapshot: format 2 may state it (`observed_from`, or an era's
    `snapshot_date`), else the earliest era's start."""
    stated = data.get("observed_from")
    if isinstance(stated, str):
        return _day(stated)
    starts = [start for start, _end in eras.values()]
    return min(starts) if starts else None


def _units_of(data: dict[str, Any], file: str) -> tuple[list[PlannedVersion], Any]:
    """The versions of a file of either format, validated row by row; and the oldest snapshot."""
    eras = _era_dates(data, file)
    kinds = set(UnitKind.values)
    fmt = data["format"]
    versions: list[PlannedVersion] = []
    for i, row in enumerate(data["units"], start=1):
        where = {"file": file, "row": i}
        if not isinstance(row, dict):
            raise ValidationFailed(_("%(file)s, unit %(row)s: malformed."), **where)
        if row.get("kind") not in kinds:
            raise ValidationFailed(_("%(file)s, unit %(row)s: unknown kind."), **where)
        if not row.get("code") or not row.get("name"):
            raise ValidationFailed(
                _("%(file)s, unit %(row)s: code and name are required."), **where
            )
        try:
            if fmt == 1:
                if row.get("era") not in eras:
                    raise ValidationFailed(_("%(file)s, unit %(row)s: unknown era."), **where)
                valid_from, valid_to = eras[row["era"]]
                key: VersionKey = (str(row["era"]), str(row["code"]))
            else:
                valid_from = _day(row.get("valid_from")) or datetime.date.min
                valid_to = _day(row.get("valid_to"))
                key = (str(row["code"]), valid_from.isoformat())
            level = int(row["level"])
            lat, lng = _number(row.get("lat")), _number(row.get("lng"))
            area = _number(row.get("area_km2"))
        except (KeyError, TypeError, ValueError):
            raise ValidationFailed(_("%(file)s, unit %(row)s: malformed."), **where) from None
        if valid_to is not None and valid_to < valid_from:
            raise ValidationFailed(_("%(file)s, unit %(row)s: malformed."), **where)
        versions.append(
            PlannedVersion(
                key=key,
                code=str(row["code"]),
                name=str(row["name"]),
                kind=str(row["kind"]),
                level=level,
                valid_from=valid_from,
                valid_to=valid_to,
                parent_key=None,
                lat=lat,
                lng=lng,
                area_km2=area,
            )
        )
        versions[-1].path = str(row.get("parent") or "")  # the parent's code, resolved below
    try:
        oldest = _oldest_snapshot(data, eras)
    except (TypeError, ValueError):
        raise ValidationFailed(
            _("%(file)s: an era is malformed (%(error)s)."), file=file, error="observed_from"
        ) from None
    return versions, oldest


def _resolve_parents(versions: list[PlannedVersion], fmt: int, file: str) -> None:
    """Turn each version's parent code into the key of the parent version: the same era
    (format 1), or the version of the parent code valid on the child's first day (format 2)."""
    by_key: dict[VersionKey, PlannedVersion] = {}
    by_code: dict[str, list[PlannedVersion]] = {}
    for v in versions:
        if v.key in by_key:
            raise ValidationFailed(
                _("%(file)s, unit %(row)s: code %(code)s appears twice in one era."),
                file=file,
                row=versions.index(v) + 1,
                code=v.code,
            )
        by_key[v.key] = v
        by_code.setdefault(v.code, []).append(v)
    for v in versions:
        parent_code, v.path = v.path, ""
        if not parent_code:
            continue
        if fmt == 1:
            parent = by_key.get((v.key[0], parent_code))
        else:
            parent = next(
                (
                    p
                    for p in by_code.get(parent_code, [])
                    if p.valid_from <= v.valid_from
                    and (p.valid_to is None or p.valid_to >= v.valid_from)
                ),
                None,
            )
        if parent is None or parent.level >= v.level:
            raise ValidationFailed(
                _("%(file)s: unit %(code)s has a missing or circular parent."),
                file=file,
                code=v.code,
            )
        v.parent_key = parent.key


def _assign_paths(versions: list[PlannedVersion], file: str) -> None:
    by_key = {v.key: v for v in versions}

    def path_of(v: PlannedVersion, seen: tuple[VersionKey, ...] = ()) -> str:
        if v.path:
            return v.path
        own = _segment(v.code, v.valid_from)
        if v.parent_key is None:
            v.path = f"/{own}/"
        else:
            if v.parent_key in seen:
                raise ValidationFailed(
                    _("%(file)s: unit %(code)s has a missing or circular parent."),
                    file=file,
                    code=v.code,
                )
            v.path = f"{path_of(by_key[v.parent_key], (*seen, v.key))}{own}/"
        return v.path

    for v in versions:
        path_of(v)


def _edges_of(
    data: dict[str, Any], by_key: dict[VersionKey, PlannedVersion], file: str
) -> list[PlannedEdge]:
    kinds = set(SuccessionKind.values)
    fmt = data["format"]
    by_code: dict[str, list[PlannedVersion]] = {}
    for v in by_key.values():
        by_code.setdefault(v.code, []).append(v)

    def version(s: dict[str, Any], side: str, day: datetime.date) -> VersionKey | None:
        if fmt == 1:
            key = (str(s.get(f"{side}_era")), str(s.get(side)))
            return key if key in by_key else None
        code = str(s.get(side))
        stated = s.get(f"{side}_valid_from")
        if isinstance(stated, str):
            key = (code, stated)
            return key if key in by_key else None
        # Unstated: the predecessor is the version that ended the day before the change, the
        # successor the one that began on it (or was valid then).
        wanted = day - datetime.timedelta(days=1) if side == "from" else day
        for v in by_code.get(code, []):
            if v.is_valid_on(wanted):
                return v.key
        return None

    edges: list[PlannedEdge] = []
    for i, s in enumerate(data["successions"], start=1):
        where = {"file": file, "row": i}
        try:
            day = _day(s["date"])
            basis_date = _day(s.get("basis_date"))
        except (KeyError, TypeError, ValueError):
            raise ValidationFailed(
                _("%(file)s, succession %(row)s: malformed date."), **where
            ) from None
        if day is None:
            raise ValidationFailed(_("%(file)s, succession %(row)s: malformed date."), **where)
        pred, succ = version(s, "from", day), version(s, "to", day)
        if pred is None or succ is None:
            raise ValidationFailed(_("%(file)s, succession %(row)s: unknown unit."), **where)
        if s.get("kind") not in kinds:
            raise ValidationFailed(_("%(file)s, succession %(row)s: unknown kind."), **where)
        edges.append(
            PlannedEdge(
                predecessor=pred,
                successor=succ,
                date=day,
                kind=str(s["kind"]),
                basis=str(s.get("basis") or ""),
                basis_date=basis_date,
                note=str(s.get("note") or ""),
                approximate=bool(s.get("approximate")),
            )
        )
    return edges


def _recoded_of(data: dict[str, Any], file: str) -> list[Recoding]:
    """The `recoded` list of format 2: units whose code in the format-1 file is not their code
    now (`{era, old_code, new_code, name}`), with the span of the era they apply to."""
    eras = _era_dates(data, file)
    found: list[Recoding] = []
    for i, r in enumerate(data.get("recoded") or [], start=1):
        try:
            start, end = eras[str(r["era"])]
            found.append(Recoding(str(r["old_code"]), str(r["new_code"]), start, end))
        except (KeyError, TypeError):
            raise ValidationFailed(
                _("%(file)s, recoded %(row)s: malformed."), file=file, row=i
            ) from None
    return found


def dataset_plan(*, path: Path = PACKAGED_DATASET) -> PlannedDataset:
    """Read and check a dataset file (format 1 or 2) and compute every version's dates and path,
    before anything is written.

    The versions of the oldest snapshot are stored from CODE_SYSTEM_START: the code system is
    older than any snapshot, and a day before the snapshot is answered with its tree, flagged
    as assumed (selectors.assumed_as_of)."""
    data, digest = _read(path)
    versions, oldest = _units_of(data, path.name)
    if oldest is not None and oldest > CODE_SYSTEM_START:
        for v in versions:
            if v.valid_from == oldest:
                v.valid_from = CODE_SYSTEM_START
    _resolve_parents(versions, data["format"], path.name)
    _assign_paths(versions, path.name)
    by_key = {v.key: v for v in versions}
    edges = _edges_of(data, by_key, path.name)
    return PlannedDataset(
        file=path.name,
        sha256=digest,
        format=int(data["format"]),
        versions=sorted(versions, key=lambda v: (v.level, v.path)),
        edges=edges,
        observed_from=oldest if oldest is not None and oldest > CODE_SYSTEM_START else None,
        recoded=_recoded_of(data, path.name),
    )


@transaction.atomic
def orgunits_load(*, path: Path = PACKAGED_DATASET, actor: Any = None) -> LoadResult:
    """Load (or bring up to date) the unit versions and successions of a dataset file.

    Idempotent: a dataset already loaded is skipped; otherwise each version is created or
    updated in place, matched by (code, valid_from). Nothing is deleted. (A database holding
    an older dataset whose codes or dates changed is brought over by `orgunits_upgrade`.)
    """
    raw = path.read_bytes() if path.is_file() else b""
    latest = OrgUnitDataset.objects.order_by("-loaded_at", "-id").first()
    if raw and latest is not None and latest.sha256 == hashlib.sha256(raw).hexdigest():
        return LoadResult(latest.sha256, True, 0, 0, 0)
    plan = dataset_plan(path=path)

    existing = {(u.code, u.valid_from): u for u in OrgUnit.objects.all()}
    by_path: dict[str, OrgUnit] = {u.path: u for u in existing.values()}
    created = updated = 0
    for level in sorted({v.level for v in plan.versions}):
        to_create: list[OrgUnit] = []
        for v in (v for v in plan.versions if v.level == level):
            parent = by_path[v.parent_path] if v.parent_path else None
            fields = {**v.fields(), "parent_id": parent.pk if parent else None, "path": v.path}
            unit = existing.get((v.code, v.valid_from))
            if unit is None:
                to_create.append(OrgUnit(code=v.code, valid_from=v.valid_from, **fields))
                continue
            changed = {k: val for k, val in fields.items() if getattr(unit, k) != val}
            if changed:
                for k, val in changed.items():
                    setattr(unit, k, val)
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

    version = {v.key: v.path for v in plan.versions}
    known_edges = set(Succession.objects.values_list("predecessor__path", "successor__path"))
    new_edges: list[Succession] = []
    for e in plan.edges:
        pred_path, succ_path = version[e.predecessor], version[e.successor]
        if (pred_path, succ_path) in known_edges:
            continue
        known_edges.add((pred_path, succ_path))
        new_edges.append(
            Succession(
                predecessor=by_path[pred_path],
                successor=by_path[succ_path],
                date=e.date,
                kind=e.kind,
                basis=e.basis,
                basis_date=e.basis_date,
                note=e.note,
                approximate=e.approximate,
            )
        )
    Succession.objects.bulk_create(new_edges, batch_size=2000)
    _record_dataset(plan, len(new_edges))
    audit_record(
        actor=actor,
        action="orgunits.load",
        object_type="orgunits.orgunitdataset",
        object_id=plan.sha256[:16],
        object_repr=plan.file,
        changes={"units_created": created, "units_updated": updated, "successions": len(new_edges)},
    )
    return LoadResult(plan.sha256, False, created, updated, len(new_edges))


def _record_dataset(plan: PlannedDataset, successions: int) -> None:
    OrgUnitDataset.objects.filter(sha256=plan.sha256).delete()  # loaded before, then replaced
    OrgUnitDataset.objects.create(
        sha256=plan.sha256,
        units=len(plan.versions),
        successions=successions,
        observed_from=plan.observed_from,
    )


# --- Upgrading a database that holds an older dataset (issue 17, point 5) -------------------


@dataclass(frozen=True)
class UnitChange:
    """What an upgrade does to one stored unit version (or adds). `what` names the changes:
    `recoded`, `renamed`, `retyped`, `moved` (another parent), `dates` (valid_from/valid_to:
    `closed` when it now ends earlier), `located` (centroid or area), `added`, `kept` (a stored
    version the new dataset does not have: left as it is)."""

    unit_id: int | None
    code: str
    name: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    what: tuple[str, ...]
    new_code: str
    new_name: str
    new_valid_from: datetime.date
    new_valid_to: datetime.date | None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.unit_id,
            "what": list(self.what),
            "code": self.code,
            "name": self.name,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "new_code": self.new_code,
            "new_name": self.new_name,
            "new_valid_from": self.new_valid_from.isoformat(),
            "new_valid_to": self.new_valid_to.isoformat() if self.new_valid_to else None,
        }


@dataclass(frozen=True)
class EdgeChange:
    """A succession edge the upgrade adds, removes or changes (kind, date, basis, approximate)."""

    what: str  # added | removed | changed
    predecessor: str  # "code name (valid_from)"
    successor: str
    kind: str


@dataclass(frozen=True)
class Relocation:
    """Rows of one model that move from a stored unit version to another version of the same
    unit: the one in force on their last day, else on their first (the rule a period is
    reported by, `UnitPolicy.IN_PERIOD`). `straddling` counts the moved rows whose first day
    falls in an earlier version (a half-year across a change: reported on the unit it ended
    with)."""

    model: str  # app_label.ModelName
    field: str  # the foreign key's column attribute, e.g. unit_id
    unit_id: int
    unit: str  # "code name (valid_from)" of the stored version
    target: VersionKey
    target_label: str
    row_ids: tuple[int, ...]
    straddling: int

    def as_dict(self) -> dict[str, object]:
        return {
            "model": self.model,
            "field": self.field,
            "from": self.unit,
            "to": self.target_label,
            "rows": len(self.row_ids),
            "straddling": self.straddling,
        }


@dataclass
class UpgradePlan:
    """Everything an upgrade will change, computed without writing (the dry run prints it)."""

    sha256: str
    file: str
    dry_run: bool
    already_loaded: bool = False
    changes: list[UnitChange] = field(default_factory=list)
    edges: list[EdgeChange] = field(default_factory=list)
    # ids of stored versions → the planned version they become
    matched: dict[int, PlannedVersion] = field(default_factory=dict)
    repath: dict[int, str] = field(default_factory=dict)  # kept versions under a moved parent
    plan: PlannedDataset | None = None
    edges_removed: list[int] = field(default_factory=list)
    edges_kept: dict[tuple[VersionKey, VersionKey], int] = field(default_factory=dict)
    edges_changed: set[int] = field(default_factory=set)
    relocations: list[Relocation] = field(default_factory=list)
    unplaced: dict[tuple[str, str], int] = field(default_factory=dict)
    """(model, stored version) → dated rows no version of the unit was in force for (left
    where they are: a value of 2021 on Thị xã Chũ, which was split off Huyện Lục Ngạn in 2025)."""
    rows_conflicting: int = 0
    """Rows not moved because the target version already holds the same key (left)."""

    @property
    def rows_unplaced(self) -> int:
        return sum(self.unplaced.values())

    @property
    def rows_relocated(self) -> int:
        """Rows moved (planned, less those a conflict kept; the dry run cannot know those)."""
        return sum(len(r.row_ids) for r in self.relocations) - self.rows_conflicting

    def count(self, what: str) -> int:
        return sum(1 for c in self.changes if what in c.what)

    def summary(self) -> dict[str, int]:
        names = ("recoded", "renamed", "retyped", "moved", "dates", "closed", "located", "added")
        counts = {name: self.count(name) for name in (*names, "kept")}
        for what in ("added", "removed", "changed"):
            counts[f"successions_{what}"] = sum(1 for e in self.edges if e.what == what)
        counts["rows_relocated"] = self.rows_relocated
        counts["rows_straddling"] = sum(r.straddling for r in self.relocations)
        counts["rows_unplaced"] = self.rows_unplaced
        counts["rows_conflicting"] = self.rows_conflicting
        return counts


def _recode(recoded: dict[str, list[Recoding]], unit: OrgUnit) -> str:
    for r in recoded.get(unit.code, ()):
        if r.applies_to(unit.code, unit.valid_from, unit.valid_to):
            return r.new
    return unit.code


def _match(stored: list[OrgUnit], plan: PlannedDataset) -> dict[int, PlannedVersion]:
    """Which planned version each stored version becomes: a version of its code (after the
    `recoded` list) and level whose span overlaps the stored one — of the same name if there is
    one, then the one sharing most of its span; each planned version taken once.
    A stored version with no such match is kept unchanged."""
    by_code: dict[str, list[PlannedVersion]] = {}
    for v in plan.versions:
        by_code.setdefault(v.code, []).append(v)
    recoded: dict[str, list[Recoding]] = {}
    for r in plan.recoded:
        recoded.setdefault(r.old, []).append(r)
    taken: set[VersionKey] = set()
    matched: dict[int, PlannedVersion] = {}
    far = datetime.date.max
    # Latest first: an open version is matched before the older ones of the same code.
    for unit in sorted(stored, key=lambda u: (u.valid_from, u.pk), reverse=True):
        last = unit.valid_to or far
        candidates = [
            v
            for v in by_code.get(_recode(recoded, unit), [])
            if v.key not in taken
            and v.level == unit.level
            and v.valid_from <= last
            and unit.valid_from <= (v.valid_to or far)
        ]
        if not candidates:
            continue
        # The stored row's name is the one its snapshot saw: the version of that name is the
        # one whose data it holds (Huyện Mộc Châu, not the one-day Thị xã Mộc Châu of
        # 2025-06-30); among those (or if none), the one sharing most of its span (its data
        # is most likely dated there); then the one holding its last day.
        pick = max(
            candidates,
            key=lambda v: (
                normalize(v.name) == unit.name,
                (min(last, v.valid_to or far) - max(unit.valid_from, v.valid_from)).days,
                v.valid_from <= last <= (v.valid_to or far),
            ),
        )
        taken.add(pick.key)
        matched[unit.pk] = pick
    return matched


def _label(code: str, name: str, valid_from: datetime.date) -> str:
    return f"{code} {name} ({valid_from.isoformat()})"


def orgunits_upgrade_plan(*, path: Path = PACKAGED_DATASET) -> UpgradePlan:
    """What applying the dataset at `path` to this database would change; writes nothing."""
    plan = dataset_plan(path=path)
    upgrade = UpgradePlan(sha256=plan.sha256, file=plan.file, dry_run=True, plan=plan)
    latest = OrgUnitDataset.objects.order_by("-loaded_at", "-id").first()
    if latest is not None and latest.sha256 == plan.sha256:
        upgrade.already_loaded = True
        return upgrade
    stored = list(OrgUnit.objects.select_related("parent"))
    by_id = {u.pk: u for u in stored}
    upgrade.matched = matched = _match(stored, plan)
    taken = {v.key for v in matched.values()}
    by_path = {v.path: v for v in plan.versions}
    for unit in stored:
        v = matched.get(unit.pk)
        if v is None:
            continue
        what: list[str] = []
        if v.code != unit.code:
            what.append("recoded")
        if normalize(v.name) != unit.name:
            what.append("renamed")
        if v.kind != unit.kind:
            what.append("retyped")
        parent = by_path.get(v.parent_path) if v.parent_path else None
        old_parent = unit.parent
        if (
            old_parent is not None
            if parent is None
            else old_parent is None or matched.get(old_parent.pk) is not parent
        ):
            what.append("moved")
        if (v.valid_from, v.valid_to) != (unit.valid_from, unit.valid_to):
            what.append("dates")
            if v.valid_to is not None and (unit.valid_to is None or v.valid_to < unit.valid_to):
                what.append("closed")
        if (v.lat, v.lng, v.area_km2) != (unit.lat, unit.lng, unit.area_km2):
            what.append("located")
        if what or v.path != unit.path:
            upgrade.changes.append(
                UnitChange(
                    unit.pk,
                    unit.code,
                    unit.name,
                    unit.valid_from,
                    unit.valid_to,
                    tuple(what),
                    v.code,
                    normalize(v.name),
                    v.valid_from,
                    v.valid_to,
                )
            )
    for v in plan.versions:
        if v.key not in taken:
            name = normalize(v.name)
            upgrade.changes.append(
                UnitChange(
                    None,
                    "",
                    "",
                    v.valid_from,
                    v.valid_to,
                    ("added",),
                    v.code,
                    name,
                    v.valid_from,
                    v.valid_to,
                )
            )
    # Stored versions the dataset lacks stay, under their (possibly re-pathed) parents.
    new_path = {pk: v.path for pk, v in matched.items()}
    for unit in sorted(stored, key=lambda u: len(u.path)):
        if unit.pk in matched:
            continue
        upgrade.changes.append(
            UnitChange(
                unit.pk,
                unit.code,
                unit.name,
                unit.valid_from,
                unit.valid_to,
                ("kept",),
                unit.code,
                unit.name,
                unit.valid_from,
                unit.valid_to,
            )
        )
        if unit.parent_id is not None and unit.parent_id in new_path:
            parent_old = by_id[unit.parent_id].path
            if new_path[unit.parent_id] != parent_old:
                new_path[unit.pk] = new_path[unit.parent_id] + unit.path[len(parent_old) :]
                upgrade.repath[unit.pk] = new_path[unit.pk]
    _plan_edges(upgrade, plan, by_id)
    _plan_relocations(upgrade, plan, by_id)
    return upgrade


_IN_LIST = 900
"""Ids per IN list: under SQLite's default limit of 999 variables a statement."""


def _in_force(
    versions: list[PlannedVersion], first: datetime.date, last: datetime.date
) -> PlannedVersion | None:
    """The version valid on `last`, else on `first` (UnitPolicy.IN_PERIOD)."""
    for day in (last, first):
        for v in versions:
            if v.is_valid_on(day):
                return v
    return None


def _one_to_one_predecessors(plan: PlannedDataset) -> dict[VersionKey, VersionKey]:
    """successor → predecessor for the changes that carry one unit into one unit (a rename,
    an upgrade, a move, a new code: the predecessor has no other successor and the successor
    no other predecessor). Merges and splits are not followed: a value of the merged commune
    cannot be given to one of the communes it came from."""
    outgoing: dict[VersionKey, int] = {}
    incoming: dict[VersionKey, list[VersionKey]] = {}
    for e in plan.edges:
        outgoing[e.predecessor] = outgoing.get(e.predecessor, 0) + 1
        incoming.setdefault(e.successor, []).append(e.predecessor)
    return {
        to: sources[0]
        for to, sources in incoming.items()
        if len(sources) == 1 and outgoing[sources[0]] == 1
    }


def _plan_relocations(
    upgrade: UpgradePlan, plan: PlannedDataset, by_id: dict[int, OrgUnit]
) -> None:
    """Which dated rows move to another version of their unit (issue 17 point 5).

    A stored version whose dates the new dataset changes (the old file's one version of
    2004–2025 against the new file's 2004–2025-01-03 and 2025-01-04–2025-06-30) keeps its id
    as the version `_match` picked. Each row pointing at it and dated by a model's
    `unit_dating` goes to the version of the unit in force on its last day, else on its first
    (UnitPolicy.IN_PERIOD): a version of the same code and level within the stored span, or
    one it came from by a one-to-one change (Huyện Lục Ngạn before Thị xã Chũ). A row dated
    `latest` (a user's grant) goes to the version in force on the stored version's last day:
    the grant stays over the unit as governed now, and its history through the successions.
    Rows no such version was in force for stay, counted as unplaced."""
    far = datetime.date.max
    by_key = plan.by_key()
    by_code: dict[str, list[PlannedVersion]] = {}
    for v in plan.versions:
        by_code.setdefault(v.code, []).append(v)
    came_from = _one_to_one_predecessors(plan)
    split: dict[int, list[PlannedVersion]] = {}
    for pk, v in upgrade.matched.items():
        unit = by_id[pk]
        if (v.valid_from, v.valid_to) == (unit.valid_from, unit.valid_to):
            continue
        last = unit.valid_to or far
        found: dict[VersionKey, PlannedVersion] = {}
        for w in by_code.get(v.code, []):
            if w.level != unit.level or not (
                w.valid_from <= last and unit.valid_from <= (w.valid_to or far)
            ):
                continue
            step: PlannedVersion | None = w
            for _depth in range(12):  # a chain of renames and upgrades, never a cycle in practice
                if step is None or step.key in found or step.level != unit.level:
                    break
                if step.valid_from <= last and unit.valid_from <= (step.valid_to or far):
                    found[step.key] = step
                before = came_from.get(step.key)
                step = by_key.get(before) if before is not None else None
        split[pk] = sorted(found.values(), key=lambda w: w.valid_from)
    if not split:
        return
    ids = sorted(split)
    for model in apps.get_models():
        for dating in getattr(model, "unit_dating", ()):
            foreign_key = model._meta.get_field(dating.unit)
            assert isinstance(foreign_key, Field)  # a ForeignKey to OrgUnit, see UnitDating
            attname = foreign_key.attname
            moving: dict[tuple[int, VersionKey], list[int]] = {}
            straddling: dict[tuple[int, VersionKey], int] = {}
            for start in range(0, len(ids), _IN_LIST):
                rows = model._base_manager.filter(
                    **{f"{attname}__in": ids[start : start + _IN_LIST]}
                ).values_list("pk", attname, *dating.fields)
                for row in rows.iterator(chunk_size=5000):
                    if dating.latest:  # the version in force on the stored version's last day
                        end = by_id[row[1]].valid_to or far
                        span: tuple[datetime.date, datetime.date] | None = (end, end)
                    else:
                        span = dating.span(tuple(row[2:]))
                    if span is None:
                        continue
                    home = _in_force(split[row[1]], *span)
                    if home is None:
                        unit = by_id[row[1]]
                        where = (model._meta.label, _label(unit.code, unit.name, unit.valid_from))
                        upgrade.unplaced[where] = upgrade.unplaced.get(where, 0) + 1
                        continue
                    if home.key == upgrade.matched[row[1]].key:
                        continue
                    group = (row[1], home.key)
                    moving.setdefault(group, []).append(row[0])
                    if not home.is_valid_on(span[0]):
                        straddling[group] = straddling.get(group, 0) + 1
            for (pk, key), row_ids in sorted(moving.items()):
                unit = by_id[pk]
                target = next(v for v in split[pk] if v.key == key)
                upgrade.relocations.append(
                    Relocation(
                        model._meta.label,
                        attname,
                        pk,
                        _label(unit.code, unit.name, unit.valid_from),
                        key,
                        _label(target.code, normalize(target.name), target.valid_from),
                        tuple(sorted(row_ids)),
                        straddling.get((pk, key), 0),
                    )
                )


def _apply_relocations(upgrade: UpgradePlan, id_of: dict[VersionKey, int]) -> None:
    """Point the planned rows at their version. A row whose target already holds a row of the
    same unique key (a value entered on both versions) stays where it is, counted."""
    for r in upgrade.relocations:
        manager = apps.get_model(r.model)._base_manager
        target = id_of[r.target]
        for start in range(0, len(r.row_ids), _IN_LIST):
            chunk = r.row_ids[start : start + _IN_LIST]
            try:
                with transaction.atomic():  # a savepoint: a conflict undoes this chunk only
                    manager.filter(pk__in=chunk).update(**{r.field: target})
            except IntegrityError:
                for row_id in chunk:
                    try:
                        with transaction.atomic():
                            manager.filter(pk=row_id).update(**{r.field: target})
                    except IntegrityError:
                        upgrade.rows_conflicting += 1


def _plan_edges(upgrade: UpgradePlan, plan: PlannedDataset, by_id: dict[int, OrgUnit]) -> None:
    """The succession edges to add, remove or change between versions the dataset covers.
    Edges touching a kept version (one the dataset lacks) are left alone."""
    by_key = plan.by_key()
    wanted: dict[tuple[VersionKey, VersionKey], PlannedEdge] = {
        (e.predecessor, e.successor): e for e in plan.edges
    }
    key_of = {pk: v.key for pk, v in upgrade.matched.items()}
    seen: set[tuple[VersionKey, VersionKey]] = set()
    for edge in Succession.objects.all():  # a few ten thousand rows: one query, no IN list
        pk_from, pk_to = edge.predecessor_id, edge.successor_id
        if pk_from not in key_of or pk_to not in key_of:
            continue
        pair = (key_of[pk_from], key_of[pk_to])
        want = wanted.get(pair)
        old_from, old_to = by_id[pk_from], by_id[pk_to]
        if want is None:
            upgrade.edges.append(
                EdgeChange(
                    "removed",
                    _label(old_from.code, old_from.name, old_from.valid_from),
                    _label(old_to.code, old_to.name, old_to.valid_from),
                    edge.kind,
                )
            )
            upgrade.edges_removed.append(edge.pk)
            continue
        seen.add(pair)
        upgrade.edges_kept[pair] = edge.pk
        now = (want.kind, want.date, want.basis, want.basis_date, want.approximate)
        if now != (edge.kind, edge.date, edge.basis, edge.basis_date, edge.approximate):
            upgrade.edges_changed.add(edge.pk)
            v_from, v_to = by_key[pair[0]], by_key[pair[1]]
            upgrade.edges.append(
                EdgeChange(
                    "changed",
                    _label(v_from.code, normalize(v_from.name), v_from.valid_from),
                    _label(v_to.code, normalize(v_to.name), v_to.valid_from),
                    want.kind,
                )
            )
    for pair, want in wanted.items():
        if pair in seen:
            continue
        v_from, v_to = by_key[pair[0]], by_key[pair[1]]
        upgrade.edges.append(
            EdgeChange(
                "added",
                _label(v_from.code, normalize(v_from.name), v_from.valid_from),
                _label(v_to.code, normalize(v_to.name), v_to.valid_from),
                want.kind,
            )
        )


_UNIT_FIELDS = [
    "code",
    "valid_from",
    "path",
    "parent",
    "name",
    "kind",
    "level",
    "valid_to",
    "lat",
    "lng",
    "area_km2",
    "search_key",
    "name_key",
    "sort_key",
    "updated_at",
]


@transaction.atomic
def orgunits_upgrade(
    *, path: Path = PACKAGED_DATASET, actor: Any = None, dry_run: bool = False
) -> UpgradePlan:
    """Bring a database that holds an older dataset to the one at `path`, in one transaction.

    Each stored version is matched to the version it becomes (`_match`: its code after the
    dataset's `recoded` list, overlapping dates) and updated IN PLACE: its id stays, so every
    value, scope, case, task and succession that points to it stays attached while its code,
    name, kind, dates, parent and path change. Versions the dataset adds are created; stored
    versions it lacks are kept as they are (listed as `kept`). Succession edges between matched
    versions follow the dataset (added, removed, changed). The materialised path copied into
    other apps' rows (any model with a `unit_path` field, e.g. outbreak cases) is rewritten.
    `dry_run`: the plan only, nothing written.
    """
    upgrade = orgunits_upgrade_plan(path=path)
    if dry_run or upgrade.already_loaded:
        return upgrade
    plan = upgrade.plan
    assert plan is not None  # set by orgunits_upgrade_plan unless already loaded
    upgrade.dry_run = False
    now = timezone.now()
    stored = {u.pk: u for u in OrgUnit.objects.select_for_update().order_by("pk")}
    old_paths = {pk: u.path for pk, u in stored.items()}
    matched = upgrade.matched
    # 1. Free the codes and paths that move: (code, valid_from) and path are unique, and a
    # rotation (A → B, B → C) would collide half-way.
    moving = [
        u
        for pk, u in stored.items()
        if pk in upgrade.repath
        or (
            pk in matched
            and (matched[pk].code, matched[pk].valid_from, matched[pk].path)
            != (u.code, u.valid_from, u.path)
        )
    ]
    for u in moving:
        u.path = f"~{u.pk}"
        u.code = f"~{u.pk}" if u.pk in matched else u.code
    _update_rows(moving, ["code", "path"])
    # 2. Level by level (parents first): update the matched versions, create the new ones.
    moved_ids = {u.pk for u in moving}
    final: dict[str, int] = {u.path: pk for pk, u in stored.items() if pk not in moved_ids}
    final.update({v.path: pk for pk, v in matched.items()})
    final.update({p: pk for pk, p in upgrade.repath.items()})
    id_of = {v.key: pk for pk, v in matched.items()}
    for level in sorted({v.level for v in plan.versions}):
        updates: list[OrgUnit] = []
        creates: list[OrgUnit] = []
        for v in (v for v in plan.versions if v.level == level):
            parent_id = final[v.parent_path] if v.parent_path else None
            values = {
                **v.fields(),
                "code": v.code,
                "valid_from": v.valid_from,
                "path": v.path,
                "parent_id": parent_id,
            }
            pk = id_of.get(v.key)
            if pk is None:
                creates.append(OrgUnit(**values))
                continue
            unit = stored[pk]
            if any(getattr(unit, k) != val for k, val in values.items()):
                for k, val in values.items():
                    setattr(unit, k, val)
                unit.updated_at = now
                updates.append(unit)
        _update_rows(updates, _UNIT_FIELDS)
        created = OrgUnit.objects.bulk_create(creates, batch_size=2000)
        if created and created[0].pk is None:
            created = list(OrgUnit.objects.filter(path__in=[u.path for u in creates]))
        final.update({u.path: u.pk for u in created})
        id_of.update({(u.code, u.valid_from.isoformat()): u.pk for u in created})
    repathed = [stored[pk] for pk in upgrade.repath]
    for u in repathed:
        u.path = upgrade.repath[u.pk]
    _update_rows(repathed, ["path"])
    # Dated rows of a version the dataset splits in time go to the version in force then.
    key_id = {v.key: final[v.path] for v in plan.versions}
    _apply_relocations(upgrade, key_id)
    # 3. The path copied into other apps' rows.
    path_map = {old_paths[pk]: v.path for pk, v in matched.items() if v.path != old_paths[pk]}
    path_map.update({old_paths[pk]: p for pk, p in upgrade.repath.items()})
    copies = _rewrite_unit_paths(path_map)
    # 4. Successions between the versions the dataset covers.
    Succession.objects.filter(pk__in=upgrade.edges_removed).delete()
    edges_new: list[Succession] = []
    for e in plan.edges:
        fields = {
            "date": e.date,
            "kind": e.kind,
            "basis": e.basis,
            "basis_date": e.basis_date,
            "note": e.note,
            "approximate": e.approximate,
        }
        kept = upgrade.edges_kept.get((e.predecessor, e.successor))
        if kept is not None:
            if kept in upgrade.edges_changed:  # one query per changed edge only
                Succession.objects.filter(pk=kept).update(**fields, updated_at=now)
            continue
        edges_new.append(
            Succession(
                predecessor_id=key_id[e.predecessor], successor_id=key_id[e.successor], **fields
            )
        )
    Succession.objects.bulk_create(edges_new, batch_size=2000, ignore_conflicts=True)
    _record_dataset(plan, len(plan.edges))
    audit_record(
        actor=actor,
        action="orgunits.upgrade",
        object_type="orgunits.orgunitdataset",
        object_id=plan.sha256[:16],
        object_repr=plan.file,
        changes={**upgrade.summary(), "unit_path_rows": copies},
    )
    return upgrade


def _update_rows(units: list[OrgUnit], names: list[str]) -> None:
    """UPDATE the `names` fields of each unit by id, as one prepared statement run per row:
    Django's bulk_update builds a CASE expression per field and row and spent 640 of 700 s of
    an upgrade of the national tree composing them."""
    if not units:
        return
    meta = OrgUnit._meta
    fields = [f for name in names if isinstance(f := meta.get_field(name), Field)]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    # Table and column names come from the model, quoted; values are parameters.
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote('id')} = %s"  # noqa: S608
    rows = [
        [f.get_db_prep_save(getattr(u, f.attname), connection) for f in fields] + [u.pk]
        for u in units
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _rewrite_unit_paths(path_map: dict[str, str]) -> int:
    """Rewrite the unit path other apps copy into their rows (`unit_path`, kept so their
    scoped reads need no join) by the map old → new; in two steps, since a new path may be
    another row's old one. Found through the model registry: orgunits imports no app above it.
    Returns the number of rows rewritten."""
    if not path_map:
        return 0
    rewritten = 0
    for model in apps.get_models():
        if not any(f.name == "unit_path" for f in model._meta.concrete_fields):
            continue
        manager = model._base_manager
        present = set(manager.values_list("unit_path", flat=True).distinct()) & set(path_map)
        staged = {old: f"~{i}~" for i, old in enumerate(sorted(present))}
        for old, temp in staged.items():
            rewritten += manager.filter(unit_path=old).update(unit_path=temp)
        for old, temp in staged.items():
            manager.filter(unit_path=temp).update(unit_path=path_map[old])
    return rewritten
