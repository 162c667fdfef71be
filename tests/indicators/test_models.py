"""Constraints of the indicator models (indicators/models.py) the database enforces."""

from __future__ import annotations

import pytest

from tests.indicators.conftest import Put


def test_the_database_refuses_a_second_value_without_option(put: Put) -> None:
    from django.db import IntegrityError, transaction

    put("THU_NSNN", "23962", "202101", "1")
    with pytest.raises(IntegrityError), transaction.atomic():
        put("THU_NSNN", "23962", "202101", "2")
