"""The reports' background job: the review of every commune of a district, in one zip file."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.jobs.context import JobContext
from dieuhanh.jobs.registry import job_kind
from dieuhanh.reports.render.files import review_file
from dieuhanh.reports.selectors import ReviewRequest, batch_units, review_document


@job_kind("reports.review_batch", label=gettext_lazy("Reviews of every commune (zip)"))
def review_batch(ctx: JobContext) -> dict[str, Any]:
    """One review per commune of the district, in the owner's scope and role as they are when
    the job runs; the zip is written once, at the end (never half a file). Cancel is checked
    after each commune."""
    owner = ctx.job.owner
    if owner is None:
        raise ValidationFailed(gettext_lazy("This job needs the person who started it."))
    params = ctx.params
    district, communes = batch_units(
        scope=ctx.scope, unit_code=params["unit"], period_code=params["period"]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, commune in enumerate(communes, start=1):
            document = review_document(
                scope=ctx.scope,
                role=owner.role,
                request=ReviewRequest(commune.code, params["period"], params["layout"], None),
                today=timezone.localdate(),
            )
            report = review_file(document, params["format"])
            archive.writestr(report.filename, report.content)
            ctx.step(
                done,
                len(communes),
                _("%(done)s of %(n)s communes: %(name)s")
                % {
                    "done": done,
                    "n": len(communes),
                    "name": commune.name,
                },
            )
    name = f"bao-cao-so-ket-{district.code}-{params['period']}-{params['format']}.zip"
    ctx.write_result(name, buffer.getvalue())
    return {"unit": district.code, "communes": len(communes), "file": name}
