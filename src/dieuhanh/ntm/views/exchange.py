"""The assessment workbook: export, and import back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.imports import ImportRefused
from dieuhanh.core.scope import request_scope
from dieuhanh.ntm.selectors.exchange import assessments_export_xlsx
from dieuhanh.ntm.services.assessments import assessment_day
from dieuhanh.ntm.services.exchange import assessments_import_xlsx
from dieuhanh.ntm.views.common import day_asked, year_asked


@login_required
@module_required(Module.NTM)
def export(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    year = year_asked(request.GET.get("year"), today().year)
    on = day_asked(request.GET.get("on"), assessment_day(year))
    code = request.GET.get("unit", "").strip()
    if not code:
        raise ValidationFailed(_("Choose a unit."))
    data = assessments_export_xlsx(scope=scope, unit_code=code, on=on, year=year)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ntm-{code}-{year}.xlsx"'
    return response


@login_required
@module_required(Module.NTM)
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload the assessment workbook; a file with any bad row imports nothing."""
    context: dict[str, object] = {}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(_("Choose a file."))
        try:
            written = assessments_import_xlsx(
                actor=request_user(request),
                scope=request_scope(request),
                stream=upload,
                file_name=upload.name or "upload.xlsx",
                dry_run=bool(request.POST.get("dry_run")),
            )
        except ImportRefused as exc:
            status = exc.status_code
            context.update(
                error=exc.render(), problems=exc.problems[:500], problems_total=len(exc.problems)
            )
        else:
            messages.success(request, _("%(count)s assessment(s) imported.") % {"count": written})
            return redirect("ntm:import")
    return render(request, "ntm/import.html", context, status=status)
