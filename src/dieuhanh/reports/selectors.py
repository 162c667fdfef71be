"""The review composer: reads every module through its selectors and lays out the report.

Figures come from the indicators' review table; the new-rural, epidemic and direction sections
from those apps' review selectors; the narrative from the section notes. A section with nothing
recorded says so plainly; nothing is invented.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.permissions import Module, role_can_read, role_can_write
from dieuhanh.core.errors import AccessDenied, BilingualInvalid, ValidationFailed
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import Scope
from dieuhanh.core.versions import data_cached
from dieuhanh.direction.versions import DIRECTION
from dieuhanh.indicators.models import ReportSection
from dieuhanh.indicators.selectors.completeness import REPORTING_LEVEL, completeness
from dieuhanh.indicators.selectors.review import review_table_cached
from dieuhanh.ntm.versions import NTM
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import UnitPolicy, unit_children, unit_resolve
from dieuhanh.outbreak.versions import OUTBREAK
from dieuhanh.periods import Period, PeriodKind
from dieuhanh.reports.models import IssuerSettings, Section, SectionNote
from dieuhanh.reports.pure.document import (
    Document,
    MarkupError,
    Table,
    markup_escape,
    parse_markup,
)
from dieuhanh.reports.pure.layout import LAYOUTS, HeadOverrides, IssuerFacts, document_head
from dieuhanh.reports.sections import direction as sections_direction
from dieuhanh.reports.sections import indicators as sections_indicators
from dieuhanh.reports.sections import ntm as sections_ntm
from dieuhanh.reports.sections import outbreak as sections_outbreak
from dieuhanh.reports.sections import overall as sections_overall
from dieuhanh.reports.sections import structure as sections_structure
from dieuhanh.reports.templating import render_template
from dieuhanh.vn.phrasing import curly_quotes

__all__ = [
    "FORMATS",
    "SECTION_MODULES",
    "ReviewRequest",
    "SectionContent",
    "note_get",
    "notes_for",
    "notes_missing",
    "review_document",
    "review_notes_missing",
    "review_sentences",
    "section_readable",
    "section_writable",
]

FORMATS = ("md", "html", "docx", "pdf")
TEMPLATE = "review.md.j2"

SECTION_MODULES: dict[str, Module] = {
    Section.OVERVIEW: Module.REPORTS,
    Section.ECONOMY: Module.INDICATORS,
    Section.BUDGET: Module.INDICATORS,
    Section.SOCIAL: Module.INDICATORS,
    Section.NEW_RURAL: Module.NTM,
    Section.EPIDEMIC: Module.OUTBREAK,
    Section.SECURITY: Module.PUBLIC_ORDER,
    Section.POLITICS: Module.DIRECTION,
    Section.PARTY: Module.PARTY_INSPECTION,
    Section.LIMITATIONS: Module.REPORTS,
    Section.DIRECTIONS: Module.REPORTS,
}
"""Which module's readers see a section, and whose writers (with the reports' writers) write its
note."""

_EMPTY = "Chưa có số liệu, thông tin được ghi nhận cho nội dung này."
_RESTRICTED = "Nội dung thuộc phạm vi hạn chế, không hiển thị với vai trò của người lập báo cáo."


PARTY_ONLY = frozenset({Section.PARTY})
"""Sections of Party-internal content: in the Party layout only, never in the administrative
(UBND) one."""

NOTE_REQUIRED = (Section.LIMITATIONS, Section.DIRECTIONS)
"""Sections whose substance only people can write: without a note the notes and review pages
warn the writer, and the document leaves the heading out (never a placeholder)."""


def section_readable(role: str, section: str) -> bool:
    return role_can_read(role, SECTION_MODULES[section])


def section_writable(role: str, section: str) -> bool:
    return role_can_write(role, SECTION_MODULES[section]) or role_can_write(role, Module.REPORTS)


@dataclass
class SectionContent:
    """One section as the template sees it: generated paragraphs, then people's narrative."""

    key: str
    paragraphs: list[str] = field(default_factory=list)
    """Generated from the records, as literal markup (escaped)."""
    note_paragraphs: list[str] = field(default_factory=list)
    """People's narrative, as literal markup (escaped: a note cannot make headings, emphasis
    or tables)."""
    restricted: bool = False
    omitted: bool = False
    """Not in this document at all (Party-internal content in the administrative layout; a
    section that needs a note and has none)."""
    empty_text: str = _EMPTY
    restricted_text: str = _RESTRICTED

    @property
    def present(self) -> bool:
        return not self.omitted and bool(self.paragraphs or self.note_paragraphs)


@dataclass(frozen=True)
class ReviewRequest:
    unit_code: str
    period_code: str
    layout: str = "party"
    issued_on: datetime.date | None = None


@dataclass(frozen=True)
class PeriodContext:
    code: str
    label: str
    next_label: str
    year: int
    kind: str


# --- notes ----------------------------------------------------------------------------------


def notes_for(*, unit: OrgUnit, period: Period) -> dict[str, SectionNote]:
    return {
        n.section: n
        for n in SectionNote.objects.filter(unit=unit, period=period.code).select_related(
            "updated_by"
        )
    }


def note_get(*, unit: OrgUnit, period: Period, section: str) -> SectionNote | None:
    return SectionNote.objects.filter(unit=unit, period=period.code, section=section).first()


def _note_paragraphs(note: SectionNote | None) -> list[str]:
    """The note's paragraphs (blank-line separated), each as literal markup."""
    if note is None:
        return []
    blocks = [b.strip() for b in note.text.replace("\r\n", "\n").split("\n\n")]
    return [markup_escape(curly_quotes(b)) for b in blocks if b]


def notes_missing(*, notes: dict[str, SectionNote], role: str) -> list[Section]:
    """The sections that need a note and have none (or an empty one), among those the role
    reads: the writer is warned, the document leaves their heading out."""
    return [
        s
        for s in NOTE_REQUIRED
        if section_readable(role, s) and not _note_paragraphs(notes.get(s.value))
    ]


def review_notes_missing(
    *, scope: Scope, role: str, unit_code: str, period_code: str
) -> list[Section]:
    """`notes_missing` for a unit and period the caller may see."""
    from dieuhanh.core.periods import period_parse

    period = period_parse(period_code)
    unit = unit_resolve(code=unit_code, on=period, scope=scope, policy=UnitPolicy.IN_PERIOD)
    return notes_missing(notes=notes_for(unit=unit, period=period), role=role)


# --- the document ---------------------------------------------------------------------------


def _following_label(period: Period) -> str:
    """What the directions are for (sections/direction.following_period: one period for the
    heading, the prose and the task table)."""
    return sections_direction.following_period(period)[1]


def _period_context(period: Period) -> PeriodContext:
    return PeriodContext(
        code=period.code,
        label=period.label_vi(),
        next_label=_following_label(period),
        year=period.year,
        kind=str(period.kind),
    )


def _title_subject(period: Period) -> str:
    following = _following_label(period)
    if period.kind is PeriodKind.HALF_YEAR and period.index == 1:
        return f"sơ kết {period.label_vi()} và phương hướng, nhiệm vụ {following}"
    if period.kind is PeriodKind.YEAR:
        return f"tổng kết {period.label_vi()} và phương hướng, nhiệm vụ {following}"
    return f"kết quả thực hiện nhiệm vụ {period.label_vi()} và phương hướng, nhiệm vụ {following}"


def _proper_name(unit: OrgUnit) -> str:
    """ "Huyện Chư Sê" → "Chư Sê" (the kind word is said by the layout)."""
    words = unit.name.split(" ")
    for prefix in (
        "Thành phố",
        "Thị trấn",
        "Thị xã",
        "Đặc khu",
        "Tỉnh",
        "Huyện",
        "Quận",
        "Xã",
        "Phường",
    ):
        if unit.name.startswith(prefix + " "):
            return unit.name[len(prefix) + 1 :]
    return " ".join(words)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _head_overrides(settings: IssuerSettings | None, layout: str) -> HeadOverrides:
    if settings is None:
        return {}
    prefix = "party_" if layout == "party" else "admin_"
    overrides: HeadOverrides = {}
    issuer = _lines(getattr(settings, prefix + "issuer_lines"))
    if issuer:
        overrides["issuer_lines"] = issuer
    if getattr(settings, prefix + "number"):
        overrides["number"] = getattr(settings, prefix + "number")
    signature = _lines(getattr(settings, prefix + "signature_lines"))
    if signature:
        overrides["signature_lines"] = signature
    if getattr(settings, prefix + "signer"):
        overrides["signer"] = getattr(settings, prefix + "signer")
    recipients = _lines(getattr(settings, prefix + "recipients"))
    if recipients:
        overrides["recipients"] = recipients
    return overrides


def review_document(
    *, scope: Scope, role: str, request: ReviewRequest, today: datetime.date
) -> Document:
    """The review of a unit and period, composed from the data the reader may see. It is a
    Vietnamese document whatever the reader's interface language."""
    with translation.override("vi"):
        return _review_document(scope=scope, role=role, request=request, today=today)


def _review_document(
    *, scope: Scope, role: str, request: ReviewRequest, today: datetime.date
) -> Document:
    if not role_can_read(role, Module.REPORTS):
        raise AccessDenied(_("Your role does not give access to this module."))
    if request.layout not in LAYOUTS:
        raise ValidationFailed(
            _("Unknown layout “%(layout)s”: use party or admin."), layout=request.layout
        )
    from dieuhanh.core.periods import period_parse

    period = period_parse(request.period_code)
    as_of = request.issued_on or today  # task statuses as the signer sees them
    unit = unit_resolve(code=request.unit_code, on=period, scope=scope, policy=UnitPolicy.IN_PERIOD)
    table = review_table_cached(unit=unit, period=period, scope=scope)
    notes = notes_for(unit=unit, period=period)
    start, end = period.start, period.end
    before = period.previous()
    layout = request.layout
    task_reviews = sections_direction.TaskReviews(scope=scope, unit_code=unit.code, today=as_of)
    readers: dict[str, Callable[[], list[str] | None]] = {
        Section.OVERVIEW: lambda: sections_overall.overall_paragraphs(table, unit, layout=layout),
        Section.NEW_RURAL: lambda: sections_ntm.paragraphs(
            scope=scope, unit=unit, start=start, end=end
        ),
        Section.EPIDEMIC: lambda: sections_outbreak.paragraphs(
            scope=scope, unit=unit, start=start, end=end
        ),
        Section.SECURITY: lambda: sections_direction.public_order_paragraphs(
            scope=scope, unit=unit, start=start, end=end, previous=(before.start, before.end)
        ),
        Section.POLITICS: lambda: sections_direction.politics_paragraphs(
            scope=scope, role=role, unit=unit, start=start, end=end
        ),
        Section.PARTY: lambda: sections_direction.party_paragraphs(
            scope=scope, role=role, unit=unit, start=start, end=end
        ),
        Section.DIRECTIONS: lambda: [
            *sections_direction.resolution_paragraphs(
                scope=scope, role=role, unit=unit, period=period, layout=layout
            ),
            *(
                sections_direction.directions_paragraphs(
                    reviews=task_reviews, role=role, unit=unit, period=period, layout=layout
                )
                or []
            ),
        ],
    }
    # The sections that read one domain module each are cached under that module's data
    # version (core.versions): an indicator save moves none of them, a write of the module
    # moves its own. The key names what else the text depends on: the scope (what the reader
    # may see), the role (Party-internal clauses), the unit, the period, the layout and the day
    # task statuses are judged on. The indicator sentences come from `table`, cached under the
    # figures version.
    section_modules = {
        Section.NEW_RURAL: (NTM,),
        Section.EPIDEMIC: (OUTBREAK,),
        Section.SECURITY: (DIRECTION,),
        Section.POLITICS: (DIRECTION,),
        Section.PARTY: (DIRECTION,),
        Section.DIRECTIONS: (DIRECTION,),
    }

    def read_section(section: Section) -> list[str] | None:
        reader = readers.get(section)
        if reader is None:
            return None
        modules = section_modules.get(section)
        if modules is None:
            return reader()
        parts = ("report.section", section.value, scope, role, unit.pk, period.code, layout, as_of)
        return data_cached(modules, parts, reader)

    indicator_sections = {
        Section.ECONOMY: ReportSection.ECONOMY,
        Section.BUDGET: ReportSection.BUDGET,
        Section.SOCIAL: ReportSection.SOCIAL,
        Section.NEW_RURAL: ReportSection.NEW_RURAL,
        Section.EPIDEMIC: ReportSection.EPIDEMIC,
        Section.SECURITY: ReportSection.SECURITY,
        Section.POLITICS: ReportSection.POLITICS,
    }
    context: dict[str, object] = {}
    for section in Section:
        content = SectionContent(key=section.value)
        context[section.value] = content
        if section in PARTY_ONLY and layout != "party":
            content.omitted = True
            continue
        if not section_readable(role, section):
            content.restricted = True
            continue
        paragraphs: list[str] = []
        if section in indicator_sections:
            paragraphs += sections_indicators.section_sentences(table, indicator_sections[section])
        if section == Section.ECONOMY:
            # The structure follows the total it divides (the first paragraph).
            paragraphs[1:1] = sections_structure.structure_paragraphs(table, unit)
            if paragraphs and unit.level < REPORTING_LEVEL:
                paragraphs.append(
                    sections_indicators.completeness_line(
                        completeness(unit=unit, period=period, scope=scope)
                    )
                )
        paragraphs += read_section(section) or []
        content.paragraphs = [markup_escape(curly_quotes(p)) for p in paragraphs if p]
        content.note_paragraphs = _note_paragraphs(notes.get(section.value))
        if section in NOTE_REQUIRED and not content.note_paragraphs:
            # Without the writer's text there is no assessment to state: the heading goes too
            # (§III still stands when the resolution's directions or the tasks fill it).
            content.omitted = section == Section.LIMITATIONS or not content.paragraphs
    tables: dict[str, Table] = {"key_indicators": sections_indicators.key_indicator_table(table)}
    tables.update(
        sections_direction.task_tables(
            reviews=task_reviews, role=role, unit=unit, period=period, layout=layout
        )
    )
    charts = {"structure": sections_structure.structure_chart(table, unit)}
    context["period"] = _period_context(period)
    context["layout"] = layout
    context["has_tasks"] = bool(tables["tasks"].rows or tables["task_units"].rows)
    context["unit"] = {"code": unit.code, "name": unit.name}
    markup = render_template(TEMPLATE, context)
    try:
        blocks = parse_markup(markup, tables=tables, charts=charts)
    except MarkupError as exc:
        raise BilingualInvalid(
            f"Mẫu báo cáo {TEMPLATE} (sau khi điền dữ liệu): {exc.message_vi}",
            f"Report template {TEMPLATE} (as rendered): {exc.message_en}",
            code="template_error",
        ) from exc
    parent = unit.parent
    issuer = IssuerFacts(
        kind=unit.kind,
        name=_proper_name(unit),
        level=unit.level,
        parent_kind=parent.kind if parent else None,
        parent_name=_proper_name(parent) if parent else None,
        place=_proper_name(unit),
    )
    settings = IssuerSettings.objects.filter(unit=unit).first()
    if settings is not None and settings.place:
        issuer = IssuerFacts(**{**issuer.__dict__, "place": settings.place})
    head = document_head(
        layout=request.layout,
        issuer=issuer,
        title_subject=_title_subject(period),
        year=(period.end + datetime.timedelta(days=1)).year,
        issued_on=request.issued_on,
        overrides=_head_overrides(settings, request.layout),
    )
    return Document(
        head=head,
        blocks=blocks,
        metadata={"unit": unit.code, "period": period.code, "layout": request.layout},
    )


def review_sentences(document: Document) -> Sequence[str]:
    """The report's paragraphs as text (golden tests, the API's preview)."""
    from dieuhanh.reports.pure.document import Paragraph

    return ["".join(r.text for r in b.runs) for b in document.blocks if isinstance(b, Paragraph)]


def batch_units(*, scope: Scope, unit_code: str, period_code: str) -> tuple[OrgUnit, list[OrgUnit]]:
    """The district (or any unit with units under it) and its communes the scope sees, valid in
    the period: the units of a batch of reviews (one per commune, zipped)."""
    period = period_parse(period_code)
    unit = unit_resolve(code=unit_code, on=period, scope=scope, policy=UnitPolicy.IN_PERIOD)
    communes = unit_children(unit=unit, on=period.end, scope=scope)
    if not communes:
        raise ValidationFailed(
            _("Unit %(code)s has no units under it to write reviews for."), code=unit_code
        )
    return unit, communes
