"""Recognitions of the communes a commune was formed from (ntm/selectors/recognitions.py)."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.ntm.models import CriteriaSet
from dieuhanh.ntm.selectors.recognitions import formed_from
from tests.conftest import AFTER, unit_on
from tests.ntm.factories import DUN, EVERYTHING, recognise

pytestmark = pytest.mark.django_db


def test_after_the_reform_the_merged_communes_recognitions_are_stated(
    sets: dict[str, CriteriaSet],
) -> None:
    recognise(DUN, datetime.date(2018, 3, 5), number="140/QĐ-UBND")
    parts = formed_from(unit=unit_on("23941", AFTER), scope=EVERYTHING)
    stated = {p.unit.name: p.level_at_merger for p in parts}
    assert (stated["Xã Dun"], stated["Xã Ia Blang"], len(parts)) == ("standard", None, 5)


def test_formed_from_many_states_the_same_as_formed_from(sets: dict[str, CriteriaSet]) -> None:
    from dieuhanh.ntm.selectors.recognitions import formed_from_many

    recognise(DUN, datetime.date(2018, 3, 5), number="140/QĐ-UBND")
    unit = unit_on("23941", AFTER)
    many = formed_from_many(units=[unit], scope=EVERYTHING)[unit.pk]
    one = formed_from(unit=unit, scope=EVERYTHING)
    assert [(p.unit.code, p.level_at_merger) for p in many] == [
        (p.unit.code, p.level_at_merger) for p in one
    ]
