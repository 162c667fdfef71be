"""The direction module's data version (core.versions): every direction model is followed
(conferences, resolutions and their points, tasks, their progress and alerts, inspection,
public order, opinion, campaigns); `bump` for the writes that send no signal."""

from __future__ import annotations

from django.apps import apps

from dieuhanh.core.versions import data_bump_once, follow

DIRECTION = "direction"


def bump() -> None:
    data_bump_once(DIRECTION)


def connect() -> None:
    follow(DIRECTION, apps.get_app_config("direction").get_models())
