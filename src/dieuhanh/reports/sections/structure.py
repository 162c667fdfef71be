"""The economic structure of the review (cơ cấu kinh tế): the sentence and the chart, from the
indicators' review table (current-price values of a total's parts) and the unit's target
structure (`StructurePlan`)."""

from __future__ import annotations

from dataclasses import dataclass

from dieuhanh.indicators.models import Indicator, ReportSection
from dieuhanh.indicators.selectors.review import ReviewRow, ReviewTable
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.reports.models import StructurePlan
from dieuhanh.reports.pure.document import Chart, ChartBar
from dieuhanh.reports.pure.structure import (
    PartFigures,
    Structure,
    StructureTarget,
    structure_compute,
    structure_sentence,
)


@dataclass(frozen=True)
class TotalStructure:
    total: Indicator
    structure: Structure


def _share_rows(table: ReviewTable) -> dict[int, ReviewRow]:
    """One row per indicator: its current-price option where it has a price basis (shares are
    of current-price values, GSO practice), else its only row."""
    chosen: dict[int, ReviewRow] = {}
    for row in table.rows:
        ind = row.indicator
        share_option = ind.disaggregation.share_option_id if ind.disaggregation else None
        if share_option is None:
            if row.option is None:
                chosen[ind.pk] = row
        elif row.option is not None and row.option.pk == share_option:
            chosen[ind.pk] = row
    return chosen


def part_label(part: Indicator, total: Indicator) -> str:
    """ "Giá trị sản xuất ngành nông, lâm, thủy sản" under "Tổng giá trị sản xuất" → "ngành
    nông, lâm, thủy sản"."""
    stem = total.name_vi.removeprefix("Tổng ").strip().lower()
    name = part.name_vi
    if name.lower().startswith(stem):
        rest = name[len(stem) :].strip(" :-")
        if rest:
            return rest
    return name[0].lower() + name[1:]


def _target(plan: StructurePlan | None, parts: dict[int, str]) -> StructureTarget | None:
    if plan is None:
        return None
    shares = {parts[s.part_id]: s.share_pct for s in plan.shares.all() if s.part_id in parts}
    if not shares:
        return None
    return StructureTarget(year=plan.year, source=plan.source, shares=shares)


def _plan_for(unit: OrgUnit, total: Indicator, year: int) -> StructurePlan | None:
    """The unit's target structure for this total: the nearest target year not before the
    period's year (the current plan), else the latest one."""
    plans = StructurePlan.objects.filter(unit=unit, total=total).prefetch_related("shares")
    ahead = plans.filter(year__gte=year).order_by("year").first()
    return ahead or plans.order_by("-year").first()


def structures(table: ReviewTable, unit: OrgUnit) -> list[TotalStructure]:
    """The structure of each economy total that has parts with values this period."""
    rows = _share_rows(table)
    out: list[TotalStructure] = []
    for row in rows.values():
        total = row.indicator
        if total.parent_id is not None or total.report_section != ReportSection.ECONOMY:
            continue
        parts = [r for r in rows.values() if r.indicator.parent_id == total.pk]
        if not parts:
            continue
        labels = {p.indicator.pk: part_label(p.indicator, total) for p in parts}
        plan = _plan_for(unit, total, table.period.year)
        structure = structure_compute(
            [PartFigures(labels[p.indicator.pk], p.value, p.previous) for p in parts],
            total=row.value,
            total_previous=row.previous,
            remainder_label=plan.remainder_label if plan else "",
            parts_label=f"{total.name_vi[0].lower()}{total.name_vi[1:]} của các ngành",
            total_label=f"{total.name_vi[0].lower()}{total.name_vi[1:]}",
            target=_target(plan, labels),
        )
        if structure is not None:
            out.append(TotalStructure(total, structure))
    return out


def structure_paragraphs(table: ReviewTable, unit: OrgUnit) -> list[str]:
    return [structure_sentence(s.structure) for s in structures(table, unit)]


def structure_chart(table: ReviewTable, unit: OrgUnit) -> Chart:
    """The first total's structure, this period against the same period last year (the same
    shares as the sentence, so they add up to 100%)."""
    for item in structures(table, unit):
        bars = tuple(
            ChartBar(
                share.label,
                float(share.share_pct or 0),
                None
                if share.shift_pp is None or share.share_pct is None
                else float(share.share_pct - share.shift_pp),
            )
            for share in item.structure.shares
        )
        name = item.total.name_vi
        return Chart(
            title=f"Cơ cấu {name[0].lower()}{name[1:]} (giá hiện hành, %)",
            bars=bars,
            unit="%",
            legend=(table.period.label_vi(), table.previous_period.label_vi()),
        )
    return Chart(title="", bars=(), unit="%", legend=("", ""))
