"""The direction module's data version (direction/versions.py) moves with every saved or
deleted row of the module and every change of a many-to-many relation."""

from __future__ import annotations

import pytest

from dieuhanh.core.versions import data_version
from dieuhanh.direction.versions import DIRECTION
from tests.conftest import unit_on
from tests.direction.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_a_saved_task_moves_the_version() -> None:
    before = data_version(DIRECTION)
    TaskFactory.create()
    assert data_version(DIRECTION) != before


def test_a_cooperating_unit_added_moves_the_version() -> None:
    task = TaskFactory.create()
    before = data_version(DIRECTION)
    task.cooperating_units.add(unit_on("23966"))
    assert data_version(DIRECTION) != before


def test_a_deleted_task_moves_the_version() -> None:
    task = TaskFactory.create()
    before = data_version(DIRECTION)
    task.delete()
    assert data_version(DIRECTION) != before
