"""The dashboard and the error pages."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dieuhanh.accounts.access import request_user
from dieuhanh.accounts.models import User, UserScope
from dieuhanh.accounts.permissions import Module, role_can_read
from dieuhanh.accounts.selectors import user_scopes
from dieuhanh.core.commands import today
from dieuhanh.core.replica import reads_from_replica
from dieuhanh.core.scope import Scope, request_scope
from dieuhanh.core.versions import data_cached
from dieuhanh.direction.selectors.tasks import direction_dashboard
from dieuhanh.direction.versions import DIRECTION
from dieuhanh.indicators.figures_cache import figures_cached
from dieuhanh.indicators.selectors.completeness import completeness
from dieuhanh.indicators.selectors.review import Trend, key_trends, review_table, values_opening
from dieuhanh.jobs.selectors import jobs_of
from dieuhanh.ntm.selectors.summary import ntm_dashboard
from dieuhanh.ntm.versions import NTM
from dieuhanh.orgunits.models import OrgUnit, UnitLevel
from dieuhanh.orgunits.selectors import unit_counts_by_level
from dieuhanh.outbreak.selectors.dashboard import dashboard_counts
from dieuhanh.outbreak.versions import OUTBREAK
from dieuhanh.periods import Period
from dieuhanh.web.charts import chart_markup, share_bar_svg, sparkline_svg, trend_chart


@reads_from_replica
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    on = today()
    scope = request_scope(request)
    scopes = list(user_scopes(user=user))
    counts_on = _last_day_in_scope(scopes, on)
    counts = unit_counts_by_level(on=counts_on, scope=scope)
    context: dict[str, object] = {
        "on": on,
        "counts_on": counts_on,
        "scopes": scopes,
        "level_counts": [(label, counts.get(value, 0)) for value, label in UnitLevel.choices],
    }
    if role_can_read(user.role, Module.INDICATORS):  # the opening rule, as every page
        home, period = values_opening(user=user, scope=scope, today=on)
        if home is not None:
            # Cached between saves: the key holds the figures version every save moves.
            context.update(
                figures_cached(
                    ("dashboard.indicators", home.pk, period.code, scope, get_language()),
                    lambda: _indicator_panel(home, period, scope),
                )
            )
    context.update(_module_cards(user, scopes[0].unit if scopes else None, scope, on))
    context["my_jobs"] = list(jobs_of(user=user, limit=5))
    return render(request, "web/dashboard.html", context)


def _last_day_in_scope(scopes: list[UserScope], on: datetime.date) -> datetime.date:
    """The day to count the user's units on: today, unless every unit they were granted was
    abolished (a district before the 2025 reform): then its last day, when it still had units."""
    ends = [s.unit.valid_to for s in scopes]
    if scopes and all(end is not None and end < on for end in ends):
        return max(end for end in ends if end is not None)
    return on


def _module_cards(
    user: User, unit: OrgUnit | None, scope: Scope, on: datetime.date
) -> dict[str, object]:
    """One card per module the role reads: new-rural progress, the outbreak's counts (never
    identities), the tasks to follow up."""
    cards: dict[str, object] = {}
    # Each card is cached under its module's data version (core.versions), which moves with
    # every write of that module and with none of the indicator saves; the key names the scope
    # (what the user may see), the role, the day and the language besides.
    lang = get_language()
    if unit is not None and role_can_read(user.role, Module.NTM):
        day = min(on, unit.valid_to) if unit.valid_to else on
        cards["ntm_summary"] = data_cached(
            (NTM,),
            ("dashboard.ntm", scope, unit.pk, day, lang),
            lambda: ntm_dashboard(scope=scope, unit_code=unit.code, on=day),
        )
        cards["ntm_unit"] = unit
    if role_can_read(user.role, Module.OUTBREAK):
        cards["outbreak_counts"] = data_cached(
            (OUTBREAK,),
            ("dashboard.outbreak", scope, user.role, on),
            lambda: dashboard_counts(user=user, scope=scope, today=on),
        )
    if role_can_read(user.role, Module.DIRECTION):
        cards["direction_summary"] = data_cached(
            (DIRECTION,),
            ("dashboard.direction", scope, on, lang),
            lambda: direction_dashboard(scope=scope, today=on),
        )
    return cards


def _indicator_panel(unit: OrgUnit, period: Period, scope: Scope) -> dict[str, object]:
    """Key indicators of the user's unit: trend over six half-years, the sector structure, and
    how many communes reported them."""
    trends = key_trends(unit=unit, period=period, count=6, scope=scope)
    table = review_table(unit=unit, period=period, scope=scope)
    structure = [
        (r.indicator.name_vi, r.value)
        for r in table.rows
        if r.indicator.parent_id is not None
        and r.option is not None
        and r.indicator.disaggregation is not None
        and r.option.pk == r.indicator.disaggregation.share_option_id
        and r.value is not None
    ]
    rows = {(r.indicator.pk, r.option.pk if r.option else None): r for r in table.rows}
    lang = get_language() or "vi"
    labels = {
        "before": _("From the units it was formed from"),
        "merger": _("Merger"),
        "save": _("Save as PNG"),
    }

    def chart(i: int, t: Trend) -> SafeString:
        name = t.indicator.name_vi if lang.startswith("vi") else t.indicator.name_en
        data = trend_chart(
            periods=[(p.label(lang), p.start) for p in t.periods],
            values=t.values,
            decimals=t.indicator.decimals,
            unit_of_measure=t.indicator.unit_of_measure,
            formed_on=unit.valid_from,
            labels={**labels, "series": name},
        )
        return chart_markup("trend", data, f"trend-{i}", name, sparkline_svg(t.values, name))

    return {
        "indicator_unit": unit,
        "indicator_period": period,
        "trends": [
            (t, chart(i, t), rows.get((t.indicator.pk, t.option.pk if t.option else None)))
            for i, t in enumerate(trends)
        ],
        "structure_svg": share_bar_svg(structure, _("Economic structure")) if structure else None,
        "completeness": completeness(unit=unit, period=period, scope=scope),
    }


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "web/error.html", {"status": status, "message": message}, status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("You are not allowed to open this page."))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("This page does not exist."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, _("Something went wrong on the server. Nothing was changed."))
