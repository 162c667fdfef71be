from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

import tests.jobs.kinds  # noqa: F401  (registers the tests' job kinds)


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    """Result files of the tests under a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
