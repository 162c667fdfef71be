"""The new-rural module's data version (core.versions): every ntm model is followed (no ntm
service writes without a model's save or delete)."""

from __future__ import annotations

from django.apps import apps

from dieuhanh.core.versions import follow

NTM = "ntm"


def connect() -> None:
    follow(NTM, apps.get_app_config("ntm").get_models())
