"""Writes of the new-rural programme: criteria-set loading, assessments, evidence, recognitions.

Every write validates everything before it writes, in one transaction, checks the caller's role
(module NTM) and unit scope, records an audit event, and refuses to overwrite a concurrent edit.
"""

from __future__ import annotations

import datetime
import io
import json
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.permissions import Module, check_write
from dieuhanh.core.cells import unneutralise
from dieuhanh.core.errors import (
    AccessDenied,
    BilingualInvalid,
    Conflict,
    NotFound,
    ValidationFailed,
)
from dieuhanh.core.imports import ImportRefused, RowProblem
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import clean_or_raise
from dieuhanh.ntm.models import (
    Assessment,
    Attachment,
    CommuneProfile,
    CriteriaSet,
    Criterion,
    CriterionIndicator,
    CriterionResult,
    IndicatorKind,
    IndicatorTarget,
    IndicatorValue,
    Level,
    Recognition,
    Region,
)
from dieuhanh.ntm.pure.evaluation import Kind, check_value
from dieuhanh.ntm.selectors import criteria_set_for_year, criteria_set_get
from dieuhanh.orgunits.models import OrgUnit, UnitKind
from dieuhanh.orgunits.selectors import data_start, unit_resolve
from dieuhanh.vn import VnNumberError, fold, parse_percent

DATA_FILE = Path(__file__).parent / "data" / "criteria_sets.json"
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".odt")
RECOGNITION_ROLES = (Role.ADMIN, Role.LEADER)


def assessment_day(year: int) -> datetime.date:
    """The date a commune code is resolved on for a year's assessment: the year's last day
    (today, for the current year). A year outside 2000–2100 is refused."""
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("The year %(year)s is outside 2000–2100."), year=year)
    return min(datetime.date(year, 12, 31), timezone.localdate())


# ---------------------------------------------------------------- criteria sets


def criteria_sets_load(*, path: Path | None = None) -> int:
    """Create the shipped criteria sets, criteria, indicators and targets that are missing.

    Idempotent; never changes what exists, so an administrator's completions in the admin stay.
    Returns how many rows were created.
    """
    document = json.loads((path or DATA_FILE).read_text(encoding="utf-8"))
    created = 0
    with transaction.atomic():
        for s in document["sets"]:
            cset, new = CriteriaSet.objects.get_or_create(
                code=s["code"],
                defaults={
                    "name": s["name"],
                    "decision": s["decision"],
                    "decision_date": (
                        datetime.date.fromisoformat(s["decision_date"])
                        if s.get("decision_date")
                        else None
                    ),
                    "period_from": s["period_from"],
                    "period_to": s["period_to"],
                    "level": s["level"],
                    "tier": s["tier"],
                    "region_basis": s.get("region_basis", "region"),
                    "expected_criteria": s.get("expected_criteria", 0),
                    "complete": s.get("complete", False),
                    "note": s.get("note", ""),
                },
            )
            created += new
            for c in s.get("criteria", []):
                crit, new = Criterion.objects.get_or_create(
                    criteria_set=cset,
                    number=c["number"],
                    defaults={
                        "name": c["name"],
                        "name_en": c["name_en"],
                        "group": c.get("group", ""),
                        "legal_basis": c.get("legal_basis", s["decision"]),
                    },
                )
                created += new
                for pos, i in enumerate(c.get("indicators", [])):
                    ind, new = CriterionIndicator.objects.get_or_create(
                        criterion=crit,
                        code=i["code"],
                        defaults={
                            "name": i["name"],
                            "name_en": i.get("name_en", ""),
                            "kind": i["kind"],
                            "comparison": i.get("comparison", ">="),
                            "unit_label": i.get("unit_label", ""),
                            "position": pos,
                        },
                    )
                    created += new
                    for t in i.get("targets", []):
                        threshold = t.get("threshold")
                        _t, new = IndicatorTarget.objects.get_or_create(
                            indicator=ind,
                            region=t["region"],
                            defaults={
                                "threshold": Decimal(threshold) if threshold is not None else None,
                                "expected_yes": t.get("expected_yes", True),
                            },
                        )
                        created += new
    return created


def commune_profile_set(*, unit: OrgUnit, region: str, group: str = "") -> CommuneProfile:
    """The region (and group) a commune is assessed by (demo loader; the admin edits them)."""
    profile = CommuneProfile.objects.filter(unit=unit).first() or CommuneProfile(unit=unit)
    profile.region = region
    profile.group = group
    clean_or_raise(profile)
    profile.save()
    return profile


# ---------------------------------------------------------------- access


def _require_recognition_rights(actor: User | None, scope: Scope, unit: OrgUnit) -> None:
    """Recognitions are recorded by the district's leaders (and administrators), not by a
    commune's data officer."""
    if actor is not None and actor.role not in RECOGNITION_ROLES:
        raise AccessDenied(_("Only leaders and administrators record recognitions."))
    check_write(
        actor=actor, scope=scope, modules=Module.NTM, unit_path=unit.path, unit_name=unit.name
    )


def _commune(*, scope: Scope, unit_code: str, on: datetime.date) -> OrgUnit:
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    if unit.kind != UnitKind.COMMUNE:
        raise ValidationFailed(
            _("%(unit)s is not a commune: new-rural assessments are for communes."),
            unit=unit.name,
        )
    return unit


# ---------------------------------------------------------------- assessments

_YES = {"co", "dat", "x", "yes", "y", "true", "1", "da dat"}
_NO = {"khong", "chua dat", "chua", "khong dat", "no", "n", "false", "0"}


def parse_answer(text: str) -> bool | None:
    """ "Có"/"Đạt"/"x" → True, "Không"/"Chưa đạt" → False, "" → None; else ValueError."""
    key = " ".join(fold(unicodedata.normalize("NFC", text)).split())
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(text)


@dataclass(frozen=True)
class ValueInput:
    text: str
    note: str = ""


@dataclass(frozen=True)
class ResultInput:
    met: bool | None
    note: str = ""


@dataclass(frozen=True)
class Problem:
    field: str
    message_vi: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message_vi} / {self.message_en}"


class AssessmentInvalid(ValidationFailed):
    """Values that cannot be stored, each naming its field; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            _("%(count)s value(s) cannot be stored: %(details)s"),
            count=len(problems),
            details="; ".join(str(p) for p in problems),
        )


def parse_indicator_value(
    indicator: CriterionIndicator, text: str
) -> tuple[Decimal | None, bool | None]:
    """(number, answer) from what a person typed; raises Problem-worthy ValueError/VnNumberError."""
    text = text.strip()
    if indicator.kind == IndicatorKind.YES_NO:
        return None, parse_answer(text)
    if not text:
        return None, None
    number = parse_percent(text)
    reason = check_value(Kind(indicator.kind), number)
    if reason:
        raise ValueError(reason)
    return number, None


@dataclass
class AssessmentChange:
    """What a form, the API or an import row says about a commune's assessment for a year."""

    values: dict[str, ValueInput] = field(default_factory=dict)
    results: dict[int, ResultInput] = field(default_factory=dict)
    plan_year: int | None = None
    plan_year_given: bool = False
    note: str | None = None


def _validate(
    cset: CriteriaSet, change: AssessmentChange, year: int
) -> tuple[
    dict[int, tuple[CriterionIndicator, Decimal | None, bool | None, str]],
    dict[int, tuple[Criterion, ResultInput]],
    list[Problem],
]:
    indicators = {
        i.code: i
        for i in CriterionIndicator.objects.filter(criterion__criteria_set=cset).select_related(
            "criterion"
        )
    }
    criteria = {c.number: c for c in Criterion.objects.filter(criteria_set=cset)}
    problems: list[Problem] = []
    parsed: dict[int, tuple[CriterionIndicator, Decimal | None, bool | None, str]] = {}
    for code, given in change.values.items():
        indicator = indicators.get(code)
        if indicator is None:
            problems.append(
                Problem(
                    code,
                    f"không có chỉ tiêu {code} trong bộ tiêu chí {cset.decision}",
                    f"no indicator {code} in the criteria set {cset.decision}",
                )
            )
            continue
        if len(given.note) > 500:
            problems.append(Problem(code, "ghi chú quá 500 ký tự", "note longer than 500"))
        try:
            number, answer = parse_indicator_value(indicator, given.text)
        except VnNumberError as exc:
            problems.append(Problem(code, exc.message_vi, exc.message_en))
            continue
        except ValueError as exc:
            if indicator.kind == IndicatorKind.YES_NO:
                problems.append(
                    Problem(
                        code,
                        f"“{given.text}” không phải Có/Không (Đạt/Chưa đạt)",
                        f"“{given.text}” is not yes/no (Có/Không, Đạt/Chưa đạt)",
                    )
                )
            else:
                problems.append(Problem(code, "tỷ lệ phải từ 0 đến 100", f"{exc}: {given.text}"))
            continue
        parsed[indicator.pk] = (indicator, number, answer, given.note.strip())
    results: dict[int, tuple[Criterion, ResultInput]] = {}
    for crit_number, result in change.results.items():
        crit = criteria.get(crit_number)
        if crit is None:
            problems.append(
                Problem(
                    f"TC{crit_number}",
                    f"không có tiêu chí {crit_number} trong bộ tiêu chí {cset.decision}",
                    f"no criterion {crit_number} in the criteria set {cset.decision}",
                )
            )
            continue
        if len(result.note) > 500:
            problems.append(
                Problem(f"TC{crit_number}", "ghi chú quá 500 ký tự", "note longer than 500")
            )
        results[crit.pk] = (crit, result)
    if (
        change.plan_year_given
        and change.plan_year is not None
        and not (year <= change.plan_year <= year + 30)
    ):
        problems.append(
            Problem(
                "plan_year",
                f"năm phấn đấu đạt chuẩn phải từ {year} đến {year + 30}",
                f"the planned year must be between {year} and {year + 30}",
            )
        )
    return parsed, results, problems


def assessment_save(
    *,
    actor: User | None,
    scope: Scope,
    unit_code: str,
    year: int,
    change: AssessmentChange,
    expected_version: int | None,
    on: datetime.date | None = None,
    set_code: str | None = None,
    upload: UploadedFile | None = None,
) -> Assessment:
    """Record a commune's values, appraised results, plan year, note (and a file of evidence)
    for a year, all or nothing.

    `expected_version` is the version the user saw (0: none existed); another save in between
    raises Conflict and changes nothing. None skips the check (the console import).
    """
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("The year %(year)s is out of range."), year=year)
    unit = _commune(scope=scope, unit_code=unit_code, on=on or assessment_day(year))
    check_write(
        actor=actor, scope=scope, modules=Module.NTM, unit_path=unit.path, unit_name=unit.name
    )
    cset = criteria_set_get(code=set_code) if set_code else criteria_set_for_year(year=year)
    if cset is None:
        raise NotFound(_("No criteria set applies to the year %(year)s."), year=year)
    parsed, results, problems = _validate(cset, change, year)
    if problems:
        raise AssessmentInvalid(problems)
    upload_name = _check_upload(upload) if upload is not None else ""
    with _stored_files_removed_on_failure() as stored, transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update()
            .filter(unit=unit, year=year, criteria_set=cset)
            .first()
        )
        current = assessment.version if assessment else 0
        if expected_version is not None and expected_version != current:
            raise Conflict(
                _(
                    "The assessment of %(unit)s for %(year)s was changed by someone else since "
                    "you opened it (version %(theirs)s, you had %(yours)s). Reload and enter "
                    "your changes again."
                ),
                unit=unit.name,
                year=year,
                theirs=current,
                yours=expected_version,
            )
        if assessment is None:
            assessment = Assessment(unit=unit, year=year, criteria_set=cset, updated_by=actor)
            if change.plan_year_given:
                assessment.plan_year = change.plan_year
            assessment.note = change.note or ""
            clean_or_raise(assessment)
            try:
                with transaction.atomic():
                    assessment.save()
            except IntegrityError:  # another user created it at the same moment
                raise Conflict(
                    _(
                        "The assessment of %(unit)s for %(year)s was changed by someone else "
                        "since you opened it (version %(theirs)s, you had %(yours)s). Reload and "
                        "enter your changes again."
                    ),
                    unit=unit.name,
                    year=year,
                    theirs=1,
                    yours=0,
                ) from None
        else:
            if change.plan_year_given:
                assessment.plan_year = change.plan_year
            if change.note is not None:
                assessment.note = change.note
            assessment.updated_by = actor
            assessment.version = F("version") + 1
            assessment.save(
                update_fields=["plan_year", "note", "updated_by", "version", "updated_at"]
            )
            assessment.refresh_from_db(fields=["version"])
        for indicator, number, answer, note in parsed.values():
            IndicatorValue.objects.update_or_create(
                assessment=assessment,
                indicator=indicator,
                defaults={"number": number, "answer": answer, "note": note},
            )
        for crit, result in results.values():
            CriterionResult.objects.update_or_create(
                assessment=assessment,
                criterion=crit,
                defaults={"declared_met": result.met, "note": result.note.strip()},
            )
        if upload is not None:
            _store_upload(actor, assessment, upload, upload_name, stored)
        audit_record(
            actor=actor,
            action="ntm.assessment_save",
            obj=assessment,
            changes={
                "values": {i.code: str(a if n is None else n) for i, n, a, _n in parsed.values()},
                "results": {str(c.number): r.met for c, r in results.values()},
                "plan_year": assessment.plan_year,
                "version": assessment.version,
            },
        )
    return assessment


def _check_upload(upload: UploadedFile) -> str:
    name = Path(upload.name or "").name
    if not name.lower().endswith(ATTACHMENT_SUFFIXES):
        raise ValidationFailed(
            _("File %(name)s: only %(kinds)s files are accepted as evidence."),
            name=name,
            kinds=", ".join(ATTACHMENT_SUFFIXES),
        )
    if (upload.size or 0) > ATTACHMENT_MAX_BYTES:
        raise ValidationFailed(_("File %(name)s is larger than 10 MB."), name=name)
    return name


@contextmanager
def _stored_files_removed_on_failure() -> Iterator[list[str]]:
    """Files are written to storage before the transaction commits: if the service fails (a
    conflict, a database error, the commit itself), remove the files it stored, so a refused
    save leaves no orphan file behind. The caller appends each stored file's name."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        storage = Attachment._meta.get_field("file").storage
        for stored_name in stored:
            storage.delete(stored_name)
        raise


def _store_upload(
    actor: User | None,
    assessment: Assessment,
    upload: UploadedFile,
    name: str,
    stored: list[str],
) -> Attachment:
    attachment = Attachment(assessment=assessment, name=name[:200], uploaded_by=actor)
    attachment.file.save(name, upload, save=False)
    stored.append(attachment.file.name or "")
    try:
        attachment.full_clean()
    except ValidationError as exc:
        attachment.file.delete(save=False)
        raise ValidationFailed(_("File %(name)s: %(error)s"), name=name, error=exc) from exc
    attachment.save()
    audit_record(actor=actor, action="ntm.attachment_add", obj=attachment)
    return attachment


def attachment_add(
    *, actor: User, scope: Scope, assessment_id: int, upload: UploadedFile
) -> Attachment:
    """Store a file of evidence for an assessment (Django's default storage, under MEDIA)."""
    assessment = Assessment.objects.select_related("unit").filter(pk=assessment_id).first()
    if assessment is None or not scope.can_view_path(assessment.unit.path):
        raise NotFound(_("No such assessment."))
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.NTM,
        unit_path=assessment.unit.path,
        unit_name=assessment.unit.name,
    )
    name = _check_upload(upload)
    with _stored_files_removed_on_failure() as stored, transaction.atomic():
        return _store_upload(actor, assessment, upload, name, stored)


# ---------------------------------------------------------------- recognitions


def recognition_add(
    *,
    actor: User | None,
    scope: Scope,
    unit_code: str,
    on: datetime.date,
    level: str,
    decision_number: str,
    decision_date: datetime.date,
    year: int,
    issuer: str = "",
    note: str = "",
    set_code: str | None = None,
) -> Recognition:
    """Record a decision recognising a commune (the unit version valid on `on`)."""
    unit = _commune(scope=scope, unit_code=unit_code, on=on)
    _require_recognition_rights(actor, scope, unit)
    decision_number = " ".join(decision_number.split())
    if level not in Level.values:
        raise ValidationFailed(_("Unknown recognition level: %(level)s."), level=level)
    if not decision_number:
        raise ValidationFailed(_("The decision number is required."))
    existed = unit.is_valid_on(decision_date) or (
        # the dataset starts in 2019: a unit valid from its start may be older than that
        unit.valid_from == data_start() and decision_date < unit.valid_from
    )
    if not existed:
        raise ValidationFailed(
            _("%(unit)s did not exist on the decision date %(day)s."),
            unit=unit.name,
            day=decision_date.isoformat(),
        )
    if decision_date > timezone.localdate():
        raise ValidationFailed(_("The decision date %(day)s is in the future."), day=decision_date)
    if not decision_date.year - 1 <= year <= decision_date.year:
        raise ValidationFailed(
            _("The year recognised (%(year)s) must be the decision's year or the year before."),
            year=year,
        )
    cset = criteria_set_get(code=set_code) if set_code else None
    with transaction.atomic():
        if level != Level.STANDARD and not _holds_standard(unit, decision_date):
            raise ValidationFailed(
                _(
                    "%(unit)s must hold the new-rural standard on %(day)s before an advanced "
                    "or model recognition."
                ),
                unit=unit.name,
                day=decision_date.isoformat(),
            )
        if Recognition.objects.filter(
            unit=unit, level=level, decision_number=decision_number
        ).exists():
            raise Conflict(
                _("Decision %(number)s is already recorded for %(unit)s."),
                number=decision_number,
                unit=unit.name,
            )
        rec = Recognition(
            unit=unit,
            level=level,
            decision_number=decision_number,
            decision_date=decision_date,
            year=year,
            issuer=issuer.strip(),
            note=note.strip(),
            criteria_set=cset,
        )
        clean_or_raise(rec)
        try:
            with transaction.atomic():
                rec.save()
        except IntegrityError:  # the same decision recorded at the same moment by another
            raise Conflict(
                _("Decision %(number)s is already recorded for %(unit)s."),
                number=decision_number,
                unit=unit.name,
            ) from None
        audit_record(
            actor=actor,
            action="ntm.recognition_add",
            obj=rec,
            changes={
                "level": level,
                "decision": decision_number,
                "date": decision_date.isoformat(),
            },
        )
    return rec


def _holds_standard(unit: OrgUnit, day: datetime.date) -> bool:
    return (
        Recognition.objects.filter(unit=unit, level=Level.STANDARD, decision_date__lte=day)
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        .exists()
    )


def recognition_revoke(
    *,
    actor: User | None,
    scope: Scope,
    recognition_id: int,
    revoked_on: datetime.date,
    decision: str,
    reason: str,
    expected_version: int,
) -> Recognition:
    """Revoke a recognition (thu hồi) from `revoked_on`; the record stays, with the decision."""
    with transaction.atomic():
        rec = (
            Recognition.objects.select_for_update()
            .select_related("unit")
            .filter(pk=recognition_id)
            .first()
        )
        if rec is None or not scope.can_view_path(rec.unit.path):
            raise NotFound(_("No such recognition."))
        _require_recognition_rights(actor, scope, rec.unit)
        decision = " ".join(decision.split())
        if not decision:
            raise ValidationFailed(_("The revocation decision number is required."))
        if rec.revoked_on is not None:
            raise Conflict(
                _("This recognition was already revoked on %(day)s."), day=rec.revoked_on
            )
        if rec.version != expected_version:
            raise Conflict(_("The recognition was changed by someone else. Reload the page."))
        if revoked_on < rec.decision_date:
            raise ValidationFailed(
                _("A recognition cannot be revoked before its decision date (%(day)s)."),
                day=rec.decision_date.isoformat(),
            )
        if revoked_on > timezone.localdate():
            raise ValidationFailed(
                _("The revocation date %(day)s is in the future."), day=revoked_on
            )
        rec.revoked_on = revoked_on
        rec.revocation_decision = decision
        rec.revocation_reason = reason.strip()[:300]
        rec.version += 1
        clean_or_raise(rec)
        rec.save()
        audit_record(
            actor=actor,
            action="ntm.recognition_revoke",
            obj=rec,
            changes={"revoked_on": revoked_on.isoformat(), "decision": decision},
        )
    return rec


# ---------------------------------------------------------------- Excel exchange

XLSX_HEADERS = (
    "Mã xã",
    "Tên xã",
    "Năm",
    "Bộ tiêu chí",
    "Mục",
    "Nội dung",
    "Chỉ tiêu",
    "Kết quả",
    "Ghi chú / minh chứng",
    "Phiên bản",
)
PLAN_ITEM = "NAM_DAT_CHUAN"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float | int | Decimal):
        return str(value).replace(".", ",")
    return unneutralise(str(value).strip())


def _blank(change: AssessmentChange) -> bool:
    return (
        not any(v.text.strip() or v.note.strip() for v in change.values.values())
        and not any(r.met is not None or r.note.strip() for r in change.results.values())
        and change.plan_year is None
    )


def assessments_import_xlsx(
    *,
    actor: User | None,
    scope: Scope,
    stream: IO[bytes],
    file_name: str = "assessments.xlsx",
    dry_run: bool = False,
) -> int:
    """Import the assessment workbook (the layout `assessments_export_xlsx` writes).

    Every row is checked first; a file with any bad row imports nothing and names each
    (sheet, row, column). A `Phiên bản` that differs from the stored version is a conflict.
    Returns how many assessments were written.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(stream.read()), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValidationFailed(
            _("The file is not an Excel workbook (.xlsx): %(error)s"), error=exc
        ) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_row = 0
    problems: list[RowProblem] = []
    groups: dict[tuple[str, int, str], tuple[AssessmentChange, int | None, int]] = {}
    for index, raw in enumerate(rows, start=1):
        cells = [_cell(v) for v in raw]
        if not header_row:
            if cells[: len(XLSX_HEADERS)] == list(XLSX_HEADERS):
                header_row = index
            continue
        if not any(cells):
            continue
        cells += [""] * (len(XLSX_HEADERS) - len(cells))
        code, _name, year_text, set_code, item, _desc, _target, result, note, version = cells[:10]
        try:
            year = int(year_text)
        except ValueError:
            problems.append(
                RowProblem(
                    file_name,
                    index,
                    "Năm",
                    BilingualInvalid("năm không hợp lệ", "invalid year"),
                    sheet.title,
                )
            )
            continue
        key = (code, year, set_code)
        change, expected, _first = groups.get(key, (AssessmentChange(), None, index))
        if version:
            try:
                expected = int(version)
            except ValueError:
                problems.append(
                    RowProblem(
                        file_name,
                        index,
                        "Phiên bản",
                        BilingualInvalid("không phải số", "not a number"),
                        sheet.title,
                    )
                )
        if item == PLAN_ITEM:
            change.plan_year_given = True
            if result:
                try:
                    change.plan_year = int(result)
                except ValueError:
                    problems.append(
                        RowProblem(
                            file_name,
                            index,
                            "Kết quả",
                            BilingualInvalid("năm không hợp lệ", "invalid year"),
                            sheet.title,
                        )
                    )
        elif item.upper().startswith("TC"):
            try:
                number = int(item[2:])
                met = parse_answer(result)
            except ValueError:
                problems.append(
                    RowProblem(
                        file_name,
                        index,
                        item,
                        BilingualInvalid("cần Đạt/Chưa đạt", "expected Đạt/Chưa đạt"),
                        sheet.title,
                    )
                )
                continue
            change.results[number] = ResultInput(met, note)
        elif item:
            change.values[item] = ValueInput(result, note)
        groups[key] = (change, expected, _first)
    if not header_row:
        raise ValidationFailed(
            _("No header row found: the first sheet must have the columns %(columns)s."),
            columns=", ".join(XLSX_HEADERS),
        )
    if problems:
        raise ImportRefused(file_name, problems)
    written = 0
    with transaction.atomic():
        for (code, year, set_code), (change, expected, first) in groups.items():
            if not expected and _blank(change):
                continue  # a commune left empty in the workbook: nothing to record
            try:
                assessment_save(
                    actor=actor,
                    scope=scope,
                    unit_code=code,
                    year=year,
                    change=change,
                    expected_version=expected,
                    set_code=set_code or None,
                )
            except AssessmentInvalid as exc:
                problems += [
                    RowProblem(
                        file_name,
                        first,
                        f"{code}/{year} {p.field}",
                        BilingualInvalid(p.message_vi, p.message_en),
                        sheet.title,
                    )
                    for p in exc.problems
                ]
            except (ValidationFailed, NotFound, AccessDenied, Conflict) as exc:
                problems.append(RowProblem(file_name, first, f"{code}/{year}", exc, sheet.title))
            else:
                written += 1
        if problems:
            transaction.set_rollback(True)
            raise ImportRefused(file_name, problems)
        if dry_run:
            transaction.set_rollback(True)
    return written


