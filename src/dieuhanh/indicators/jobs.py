"""The indicators' background job: a large values import."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.indicators.services.imports import values_import_file
from dieuhanh.jobs.context import JobContext
from dieuhanh.jobs.registry import job_kind


@job_kind("indicators.values_import", label=_("Values import"))
def values_import(ctx: JobContext) -> dict[str, Any]:
    """The import in one transaction (all rows or none): a worker killed during it leaves
    nothing, and the retry reads the kept file again. The file is removed once the job ends."""
    owner = ctx.job.owner
    if owner is None:
        raise ValidationFailed(_("This job needs the person who started it."))
    params = ctx.params
    ctx.progress(5, str(_("Reading the file")))
    content = ctx.read_input(params["input"])
    result = values_import_file(
        actor=owner,
        scope=ctx.scope,
        content=content,
        file_name=params["file_name"],
        fmt=params["format"],
        dry_run=False,
    )
    ctx.discard_input(params["input"])
    return result.as_dict()
