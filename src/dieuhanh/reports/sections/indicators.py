"""The indicator sections of the review: sentences of each section's figures ("Tổng giá trị sản
xuất ước đạt … tăng …% so với cùng kỳ"), the table of key indicators and the structure chart,
all from the indicators' review table."""

from __future__ import annotations

from dieuhanh.indicators.models import IndicatorKind, ReportSection
from dieuhanh.indicators.selectors.completeness import Completeness
from dieuhanh.indicators.selectors.review import ReviewRow, ReviewTable
from dieuhanh.reports.pure.document import Table
from dieuhanh.reports.pure.phrases import FigureFacts, figure_sentence, parts_sentence
from dieuhanh.reports.sections.structure import part_label
from dieuhanh.vn.numbers import format_number, round_half_up
from dieuhanh.vn.phrasing import change_word


def _basis_label(row: ReviewRow) -> str:
    """ "giá hiện hành", "giá so sánh 2010": the row's price basis as it is said mid-sentence."""
    if row.option is None:
        return ""
    name = row.option.name_vi
    return name[:1].lower() + name[1:]


def _growth_row(table: ReviewTable, row: ReviewRow) -> ReviewRow:
    """The row whose growth the sentences state: the indicator's growth option (constant prices)
    where it has one, else the row itself."""
    dis = row.indicator.disaggregation
    wanted = dis.growth_option_id if dis else None
    if wanted is None or (row.option is not None and row.option.pk == wanted):
        return row
    for other in table.rows:
        if other.indicator.pk == row.indicator.pk and other.option and other.option.pk == wanted:
            return other
    return row


def _row_facts(table: ReviewTable, row: ReviewRow, name: str) -> FigureFacts:
    """The facts of a row for its sentence, each figure from the review table, the growth with
    its own basis."""
    ind = row.indicator
    growth = _growth_row(table, row)
    return FigureFacts(
        name=name,
        unit=ind.unit_of_measure,
        value=row.value,
        decimals=ind.decimals,
        estimate=row.status == "estimate",
        previous=row.previous,
        growth_pct=growth.growth_pct,
        plan=row.plan,
        plan_pct=row.plan_pct,
        plan_is_year=row.plan_period is None or len(row.plan_period) == 4,
        kind=ind.kind,
        direction=ind.direction,
        value_basis=_basis_label(row),
        growth_basis=_basis_label(growth),
        plan_met=row.plan_met,
    )


def _headline_rows(table: ReviewTable) -> dict[int, ReviewRow]:
    """One row per indicator for sentences: its current-price option where it has a price basis
    (the basis of values and shares; growth is on constant prices either way)."""
    chosen: dict[int, ReviewRow] = {}
    for row in table.rows:
        ind = row.indicator
        share_option = ind.disaggregation.share_option_id if ind.disaggregation else None
        if ind.pk not in chosen or (row.option is not None and row.option.pk == share_option):
            chosen[ind.pk] = row
    return chosen


def section_sentences(table: ReviewTable, section: str) -> list[str]:
    rows = _headline_rows(table)
    indicators = [r.indicator for r in rows.values() if r.indicator.report_section == section]
    in_section = {i.pk for i in indicators}
    paragraphs: list[str] = []
    others: list[str] = []
    for ind in indicators:
        if ind.parent_id in in_section:
            continue  # said with its total
        row = rows[ind.pk]
        parts = [rows[p.pk] for p in indicators if p.parent_id == ind.pk]
        if row.value is None and not any(p.value is not None for p in parts):
            continue
        # Economy and budget figures are achievements ("đạt"); elsewhere they are stated.
        achievement = section in (ReportSection.ECONOMY, ReportSection.BUDGET)
        sentence = figure_sentence(_row_facts(table, row, ind.name_vi), achievement=achievement)
        if not parts:
            others.append(sentence)
            continue
        clause = parts_sentence(
            [_row_facts(table, p, part_label(p.indicator, ind)) for p in parts], lead="trong đó"
        )
        if clause:
            sentence = sentence.rstrip(".") + "; " + clause + "."
        # The structure (shares, shifts, judgement) is its own paragraph: sections/structure.py.
        paragraphs.append(sentence)
    if others:
        paragraphs.append(" ".join(others))
    return paragraphs


def _plan_cell(row: ReviewRow) -> str:
    """ "% kế hoạch": a flow's share of its plan; a level's judgement ("đạt", "chưa đạt") by its
    direction — never a rate's "119,22" (issue 16)."""
    if row.indicator.kind == IndicatorKind.FLOW or row.plan_met is None:
        return "" if row.plan_pct is None else format_number(row.plan_pct, 2)
    return "đạt" if row.plan_met else "chưa đạt"


def _compare_cell(row: ReviewRow) -> str:
    """ "So cùng kỳ": value / same period × 100 on the row's own price basis for flows and
    stocks; the difference for rates ("giảm 1,52 điểm %") and counts ("tăng 2 xã")."""
    ind = row.indicator
    if ind.kind in (IndicatorKind.RATE, IndicatorKind.COUNT):
        if row.change is None:
            return ""
        decimals = 2 if ind.kind == IndicatorKind.RATE else ind.decimals
        rounded = round_half_up(row.change, decimals)
        if rounded.is_zero():
            return "bằng"
        unit = "điểm %" if ind.kind == IndicatorKind.RATE else ind.unit_of_measure
        return f"{change_word(rounded)} {format_number(abs(rounded), decimals)} {unit}".strip()
    return "" if row.growth_pct is None else format_number(row.growth_pct + 100, 2)


def key_indicator_table(table: ReviewTable) -> Table:
    """Chỉ tiêu, ĐVT, kế hoạch, thực hiện, % kế hoạch, cùng kỳ, so cùng kỳ: each row's comparison
    on its own price basis (a current-price row its own change, never the constant-price one)."""
    rows = []
    any_estimate = False
    for row in table.rows:
        ind = row.indicator
        if ind.report_section == ReportSection.NONE:
            continue
        if row.value is None and row.plan is None:
            continue
        option = _basis_label(row)
        name = f"{ind.name_vi} ({option})" if option else ind.name_vi
        value = "" if row.value is None else format_number(row.value, ind.decimals)
        if row.value is not None and row.status == "estimate":
            value += "*"
            any_estimate = True
        rows.append(
            (
                name,
                ind.unit_of_measure,
                "" if row.plan is None else format_number(row.plan, ind.decimals),
                value,
                _plan_cell(row),
                "" if row.previous is None else format_number(row.previous, ind.decimals),
                _compare_cell(row),
            )
        )
    period = table.period
    basis_note = (
        "So cùng kỳ: thực hiện so với cùng kỳ năm trước (%), tính trên cùng loại giá của dòng "
        "(giá hiện hành hoặc giá so sánh 2010); với tỷ lệ là chênh lệch điểm phần trăm, với số "
        "đếm là chênh lệch tuyệt đối."
    )
    return Table(
        title=f"Một số chỉ tiêu chủ yếu {period.label_vi()}",
        header=(
            "Chỉ tiêu",
            "ĐVT",
            f"Kế hoạch năm {period.year}",
            f"Thực hiện {period.label_vi()}",
            "% kế hoạch",
            "Cùng kỳ năm trước",
            "So cùng kỳ",
        ),
        rows=tuple(rows),
        numeric=(False, False, True, True, True, True, True),
        note=(f"Số liệu có dấu * là số ước tính. {basis_note}" if any_estimate else basis_note),
    )


def completeness_line(completeness: Completeness) -> str:
    """The line under the figures saying how many units they come from: "Số liệu tổng hợp:
    14/15 xã đã báo cáo." (a total of a district with half its communes missing is not the
    district's total)."""
    return f"Số liệu tổng hợp: {completeness.sentence_vi()}."
