"""`probe.write`: `rows` rows in one transaction, `pause` seconds apart; the file `marker` is
created once the first row is written (the parent kills the worker then)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.db import transaction

from dieuhanh.jobs.context import JobContext
from dieuhanh.jobs.registry import job_kind
from tests.jobs.probe.models import ProbeRow


@job_kind("probe.write", label="Probe")
def write(ctx: JobContext) -> dict[str, Any]:
    rows, pause = int(ctx.params["rows"]), float(ctx.params["pause"])
    marker = Path(ctx.params["marker"])
    with transaction.atomic():
        for n in range(rows):
            ProbeRow.objects.create(n=n)
            if n == 0 and not marker.exists():
                marker.touch()
            time.sleep(pause)
    return {"rows": rows}
