"""A commune's assessment for a year (đánh giá): values typed the Vietnamese way, criterion results,
the planned year, evidence files; every value checked and named when wrong, a version guarding
concurrent edits."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write
from dieuhanh.core.errors import Conflict, NotFound, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.uploads import MiB, UploadLimits, attachment_guard
from dieuhanh.core.validation import clean_or_raise
from dieuhanh.ntm.models import (
    Assessment,
    Attachment,
    CriteriaSet,
    Criterion,
    CriterionIndicator,
    CriterionResult,
    IndicatorKind,
    IndicatorValue,
)
from dieuhanh.ntm.pure.evaluation import Kind, check_value
from dieuhanh.ntm.selectors.criteria_sets import criteria_set_for_year, criteria_set_get
from dieuhanh.orgunits.models import OrgUnit, UnitKind
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.vn import VnNumberError, fold, parse_percent

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

ATTACHMENT_LIMITS = UploadLimits(max_bytes=ATTACHMENT_MAX_BYTES, max_unpacked_bytes=64 * MiB)

ATTACHMENT_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".odt")


def assessment_day(year: int) -> datetime.date:
    """The date a commune code is resolved on for a year's assessment: the year's last day
    (today, for the current year). A year outside 2000–2100 is refused."""
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("The year %(year)s is outside 2000–2100."), year=year)
    return min(datetime.date(year, 12, 31), timezone.localdate())


def commune_resolve(*, scope: Scope, unit_code: str, on: datetime.date) -> OrgUnit:
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    if unit.kind != UnitKind.COMMUNE:
        raise ValidationFailed(
            _("%(unit)s is not a commune: new-rural assessments are for communes."),
            unit=unit.name,
        )
    return unit


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
    unit = commune_resolve(scope=scope, unit_code=unit_code, on=on or assessment_day(year))
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
    attachment_guard(upload, file_name=name, limits=ATTACHMENT_LIMITS)
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
