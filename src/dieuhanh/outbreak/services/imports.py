"""Imports of check-ins and cases (CSV, docs/design.md §3): the whole file is checked first, a
refused file imports nothing; venues for check-ins."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write, require_import, require_write
from dieuhanh.core.errors import (
    AccessDenied,
    BilingualInvalid,
    Conflict,
    DomainError,
    NotFound,
    ValidationFailed,
)
from dieuhanh.core.imports import ImportRefused, RowProblem
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.uploads import UploadLimits, rows_checked, upload_bytes, upload_text
from dieuhanh.core.validation import clean_or_raise
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.models import Case, Contact, ContactStatus, Venue
from dieuhanh.outbreak.pure.identifiers import (
    INTERNAL,
    KIND_LABELS,
    PERSON_KINDS,
    IdentifierError,
    resolve,
)
from dieuhanh.outbreak.services.checkin_import import checkins_import
from dieuhanh.outbreak.services.identifiers import CHUNK_SIZE, persons_lookup, persons_paths
from dieuhanh.outbreak.services.persons import RECORD_MODULES
from dieuhanh.outbreak.versions import bump as outbreak_bump

__all__ = ["ImportDone", "cases_import", "checkins_import", "parse_instant", "venue_create"]


@dataclass(frozen=True)
class ImportDone:
    file: str
    rows: int
    created: int
    dry_run: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "dry_run": self.dry_run,
        }


def parse_instant(text: str) -> datetime.datetime:
    """An ISO 8601 time with offset; a time without offset is refused."""
    value = text.strip()
    if not value:
        raise ValidationFailed(_("A time is required."))
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            _("%(value)s is not an ISO 8601 time (e.g. 2021-07-10T08:30:00+07:00)."), value=value
        ) from None
    if parsed.tzinfo is None:
        raise ValidationFailed(
            _("%(value)s has no time zone offset: write it as e.g. 2021-07-10T08:30:00+07:00."),
            value=value,
        )
    return parsed


def _read_csv(content: bytes, file_name: str, header: Sequence[str]) -> list[dict[str, str]]:
    text = upload_text(content, file_name=file_name, limits=CSV_LIMITS)
    reader = rows_checked(
        csv.reader(io.StringIO(text, newline="")), file_name=file_name, limits=CSV_LIMITS
    )
    try:
        found = [h.strip() for h in next(reader, [])]
        missing = [h for h in header if h not in found]
        if missing:
            raise ValidationFailed(
                _("%(file)s: missing columns %(columns)s (expected %(expected)s)."),
                file=file_name,
                columns=", ".join(missing),
                expected=",".join(header),
            )
        return [
            {name: (cells[i] if i < len(cells) else "").strip() for i, name in enumerate(found)}
            for cells in reader
        ]
    except csv.Error as exc:
        raise ValidationFailed(
            _("%(file)s, line %(line)s: %(error)s"),
            file=file_name,
            line=getattr(exc, "line_num", "?"),
            error=str(exc),
        ) from None


def _row_order(problem: RowProblem) -> int:
    """Sort key of a refused import's problems: every problem these importers find is about a
    numbered row (none is about the file as a whole, whose `row` would be None)."""
    return problem.row if problem.row is not None else 0


IMPORT_MAX_BYTES = 200 * 1024 * 1024  # of an upload (API); the console takes any size
CSV_LIMITS = UploadLimits(
    max_bytes=IMPORT_MAX_BYTES, max_rows=5_000_000, max_columns=16, max_cell_chars=200
)


def _upload(content: bytes | IO[bytes], file_name: str) -> bytes:
    """An upload through the guard; the console's bytes are taken whatever their size."""
    if isinstance(content, bytes):
        return content
    return upload_bytes(content, file_name=file_name, limits=CSV_LIMITS)


CHECKIN_HEADER = ("person_id", "venue_id", "checked_in_at", "checked_out_at")

CASE_HEADER = ("person_id", "confirmed_at", "onset_date", "sampled_at", "isolated_at")


def _persons_paths(ids: set[int]) -> dict[int, str]:
    return persons_paths(ids)


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    """`ids` in lists an `IN (…)` takes on every database: a file of 300,000 cases would pass
    SQLite's limit of variables (250,000 in Debian's build, 32,766 upstream) in one list."""
    return [ids[i : i + CHUNK_SIZE] for i in range(0, len(ids), CHUNK_SIZE)]


def _persons_with_case(ids: set[int]) -> set[int]:
    """Which of these persons already have a COVID-19 case."""
    found: set[int] = set()
    for chunk in _chunks(sorted(ids)):
        found.update(
            Case.objects.filter(person_id__in=chunk, disease="covid19").values_list(
                "person_id", flat=True
            )
        )
    return found


CASE_ROLES = {"person": "person_id"}


def _case_columns(columns: str | Mapping[str, str] | None) -> dict[str, str]:
    """The file's header name of each case column (`person` may stand for `person_id`)."""
    chosen = {c: c for c in CASE_HEADER}
    if not columns:
        return chosen
    pairs = (
        [tuple(p.split("=", 1)) for p in columns.split(",") if p.strip()]
        if isinstance(columns, str)
        else list(columns.items())
    )
    for pair in pairs:
        if len(pair) != 2 or not pair[1].strip():
            raise ValidationFailed(
                _("The column option %(item)s is not role=column (e.g. person=so_dien_thoai)."),
                item="=".join(pair),
            )
        role = CASE_ROLES.get(pair[0].strip(), pair[0].strip())
        if role not in chosen:
            raise ValidationFailed(
                _("Unknown column role %(role)s (expected %(roles)s)."),
                role=role,
                roles=", ".join(CASE_HEADER),
            )
        chosen[role] = pair[1].strip()
    return chosen


def _case_person_keys(
    raw: list[dict[str, str]], kind: str
) -> dict[int, int | tuple[str, str] | DomainError]:
    """Per row number: the internal id, the external key to look up, or the refusal."""
    out: dict[int, int | tuple[str, str] | DomainError] = {}
    for number, row in enumerate(raw, start=2):
        try:
            found_kind, value = resolve(row["person_id"], kind)
        except IdentifierError as exc:
            out[number] = BilingualInvalid(exc.message_vi, exc.message_en)
            continue
        out[number] = value if isinstance(value, int) else (found_kind, value)
    return out


def cases_import(
    *,
    actor: User | None,
    scope: Scope,
    content: bytes | IO[bytes],
    file_name: str,
    dry_run: bool = False,
    columns: str | Mapping[str, str] | None = None,
    person_kind: str = "auto",
) -> ImportDone:
    """Import confirmed cases (CSV person_id,confirmed_at,onset_date,sampled_at,isolated_at).

    `columns` maps these names to the file's header (`person_id=so_dien_thoai`, or the role
    `person`); the person column holds internal ids or external identifiers of `person_kind`
    (auto: told from each value), which must name registered persons."""
    require_import(actor, scope, Module.OUTBREAK)
    names = _case_columns(columns)
    if person_kind not in ("auto", INTERNAL, *PERSON_KINDS):
        raise ValidationFailed(
            _("Unknown person identifier kind %(kind)s (expected %(kinds)s)."),
            kind=person_kind,
            kinds=", ".join(("auto", INTERNAL, *PERSON_KINDS)),
        )
    header = tuple(names[c] for c in CASE_HEADER)
    raw = [
        {c: row[names[c]] for c in CASE_HEADER}
        for row in _read_csv(_upload(content, file_name), file_name, header)
    ]
    problems: list[RowProblem] = []
    planned: list[tuple[int, dict[str, Any]]] = []
    ids: set[int] = set()
    keys = _case_person_keys(raw, person_kind)
    found = persons_lookup({k for k in keys.values() if isinstance(k, tuple)})
    for number, row in enumerate(raw, start=2):
        faults: list[tuple[str, DomainError]] = []
        item: dict[str, Any] = {}
        key = keys[number]
        if isinstance(key, DomainError):
            faults.append((names["person_id"], key))
        elif isinstance(key, int):
            item["person_id"] = key
        elif key in found:
            item["person_id"] = found[key]
        else:
            label_vi, label_en = KIND_LABELS[key[0]]
            faults.append(
                (
                    names["person_id"],
                    BilingualInvalid(
                        f"Không có người nào có {label_vi} {row['person_id']}.",
                        f"No person has the {label_en} {row['person_id']}.",
                        code="not_found",
                    ),
                )
            )
        for field in ("confirmed_at", "sampled_at", "isolated_at"):
            if field != "confirmed_at" and not row[field]:
                item[field] = None
                continue
            try:
                item[field] = parse_instant(row[field])
            except DomainError as exc:
                faults.append((field, exc))
        if row["onset_date"]:
            try:
                item["onset_date"] = datetime.date.fromisoformat(row["onset_date"])
            except ValueError:
                faults.append(
                    (
                        "onset_date",
                        ValidationFailed(
                            _("%(value)s is not a date (YYYY-MM-DD)."), value=row["onset_date"]
                        ),
                    )
                )
        else:
            item["onset_date"] = None
        if not faults:
            sampled, confirmed = item["sampled_at"], item["confirmed_at"]
            if sampled is not None and sampled > confirmed:
                faults.append(
                    (
                        "sampled_at",
                        ValidationFailed(_("The sample cannot be taken after the confirmation.")),
                    )
                )
            if item["onset_date"] is not None and item["onset_date"] > timezone.localdate(
                confirmed
            ):
                faults.append(
                    (
                        "onset_date",
                        ValidationFailed(_("The onset date cannot be after the confirmation.")),
                    )
                )
            if item.get("person_id") in ids:
                faults.append(
                    (
                        names["person_id"],
                        ValidationFailed(_("Person %(id)s appears twice."), id=item["person_id"]),
                    )
                )
        problems.extend(RowProblem(file_name, number, f, e) for f, e in faults)
        if not faults:
            ids.add(item["person_id"])
            planned.append((number, item))
    paths = _persons_paths(ids)
    already = _persons_with_case(ids)
    for number, item in planned:
        pid = item["person_id"]
        if pid not in paths:
            problems.append(
                RowProblem(
                    file_name,
                    number,
                    names["person_id"],
                    NotFound(_("Unknown person %(id)s."), id=pid),
                )
            )
        elif not scope.can_capture_path(paths[pid]):
            problems.append(
                RowProblem(
                    file_name,
                    number,
                    names["person_id"],
                    AccessDenied(_("Person %(id)s is outside your units."), id=pid),
                )
            )
        elif pid in already:
            problems.append(
                RowProblem(
                    file_name,
                    number,
                    names["person_id"],
                    Conflict(_("Person %(id)s is already a confirmed case."), id=pid),
                )
            )
    if problems:
        problems.sort(key=_row_order)
        raise ImportRefused(file_name, problems)
    if dry_run:
        return ImportDone(file_name, len(raw), 0, True)
    with transaction.atomic():
        Case.objects.bulk_create(
            [
                Case(
                    person_id=item["person_id"],
                    confirmed_at=item["confirmed_at"],
                    onset_date=item["onset_date"],
                    sampled_at=item["sampled_at"],
                    isolated_at=item["isolated_at"],
                    unit_path=paths[item["person_id"]],
                )
                for _n, item in planned
            ]
        )
        for chunk in _chunks(sorted(ids)):
            Contact.objects.filter(person_id__in=chunk, status=ContactStatus.FOLLOWING).update(
                status=ContactStatus.BECAME_CASE
            )
        outbreak_bump()  # bulk_create and the updates send no signal
        audit_record(
            actor=actor,
            action="outbreak.cases.import",
            object_type="outbreak.case",
            object_repr=file_name,
            changes={"rows": len(planned)},
        )
    return ImportDone(file_name, len(raw), len(planned), False)


@transaction.atomic
def venue_create(
    *,
    actor: User | None,
    scope: Scope,
    name: str,
    unit: OrgUnit | None = None,
    code: str = "",
    address: str = "",
) -> Venue:
    """Register a venue with a QR check-in code."""
    if unit is not None:
        check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=unit.path)
    else:
        require_write(actor, Module.OUTBREAK)
    venue = Venue(name=name.strip(), unit=unit, code=code.strip(), address=address.strip())
    clean_or_raise(venue)
    venue.save()
    audit_record(actor=actor, action="outbreak.venue.create", obj=venue)
    return venue
