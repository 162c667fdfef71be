from __future__ import annotations

from django.db import models


class ProbeRow(models.Model):
    n = models.IntegerField()
    # Not in the type checker's settings (the app is installed by the worker tests' own):
    # django-stubs adds no manager, so it is declared.
    objects: models.Manager[ProbeRow] = models.Manager()

    class Meta:
        app_label = "probe"

    def __str__(self) -> str:
        return str(self.n)
