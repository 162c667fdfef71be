"""The district's page: communes recognised, the matrix, the communes closest to the standard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.scope import request_scope
from dieuhanh.ntm.models import Level
from dieuhanh.ntm.pure.evaluation import Status
from dieuhanh.ntm.selectors.assessments import assessment_years
from dieuhanh.ntm.selectors.recognitions import communes_under, formed_from_many
from dieuhanh.ntm.selectors.summary import matrix, progress, tally_by_parent
from dieuhanh.ntm.views.common import day_asked, default_unit, year_asked
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.vn import format_number, matches


@login_required
@module_required(Module.NTM)
def index(request: HttpRequest) -> HttpResponse:
    """The district (or any unit's) view: summary, commune × criterion matrix, progress,
    closest communes, most-missing criteria."""
    scope = request_scope(request)
    code = request.GET.get("unit", "").strip()
    if code:
        on = day_asked(request.GET.get("on"), today())
    else:
        found = default_unit(request)
        if found is None:
            return render(request, "ntm/index.html", {"m": None})
        code, default_on = found
        on = day_asked(request.GET.get("on"), default_on)
    unit = unit_resolve(code=code, on=on, scope=scope)
    communes = communes_under(unit=unit, on=on, scope=scope)
    years = assessment_years(units=communes)
    default_year = max((y for y in years if y <= on.year), default=on.year)
    year = year_asked(request.GET.get("year"), default_year)
    m = matrix(scope=scope, unit_code=code, on=on, year=year)
    by_level: dict[str, int] = {}
    for r in m.rows:
        if r.level:
            by_level[r.level] = by_level.get(r.level, 0) + 1
    steps = progress(scope=scope, unit_code=code, on=on, years=years) if years else []
    width = 300
    bars = [
        {
            "p": p,
            "y": 22 * i,
            "w": round(width * p.recognised / len(communes)) if communes else 0,
            "avg": format_number(p.met_average, 1) if p.met_average is not None else "—",
        }
        for i, p in enumerate(steps)
    ]
    parts = formed_from_many(units=[r.unit for r in m.rows], scope=scope)
    merged = [(r.unit, parts[r.unit.pk]) for r in m.rows if r.unit.pk in parts]
    status_class = {
        Status.MET: "ntm-met",
        Status.NOT_MET: "ntm-not-met",
        Status.NO_DATA: "ntm-no-data",
    }
    query = request.GET.get("q", "").strip()
    rows = [
        {
            "row": r,
            "cells": [
                {"criterion": c, "status": s, "css": status_class[s]}
                for c, s in zip(m.criteria, r.statuses, strict=True)
            ],
            "level_label": Level(r.level).label if r.level else "",
        }
        for r in m.rows
        if matches(query, r.unit.name)
    ]
    return render(
        request,
        "ntm/index.html",
        {
            "m": m,
            "rows": rows,
            "query": query,
            "tallies": tally_by_parent(m),
            "unit": unit,
            "on": on,
            "year": year,
            "years": years,
            "by_level": [(Level(k).label, v) for k, v in sorted(by_level.items())],
            "closest": m.closest(),
            "most_missing": m.most_missing(),
            "met_average": m.met_average,
            "bars": bars,
            "bar_width": width,
            "bars_height": 22 * len(bars),
            "merged": merged,
            "column_met": m.column_met,
        },
    )
