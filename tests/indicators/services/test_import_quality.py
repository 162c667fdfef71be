"""The plausibility rule in imports (indicators/services/import_checks.py): a negative sum is a
refused row; a value outside the indicator's min–max is refused unless its row has a comment;
rows of a submitted form are refused."""

from __future__ import annotations

from decimal import Decimal

from dieuhanh.accounts.models import User
from dieuhanh.indicators.models import DataValue, Indicator
from tests.indicators.factories import submit
from tests.indicators.files import HEADER, refused, run

WITH_COMMENT = (
    "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment\n"
)


def test_a_negative_revenue_row_is_refused(catalogue: dict[str, Indicator]) -> None:
    error = refused((HEADER + "THU_NSNN,202101,23962,,,-5\n").encode())
    assert [(p.row, p.field) for p in error.problems] == [(2, "value")]
    assert not DataValue.objects.exists()


def test_a_negative_value_imports_where_the_indicator_allows_it(
    catalogue: dict[str, Indicator],
) -> None:
    Indicator.objects.filter(code="THU_NSNN").update(may_be_negative=True)
    run((HEADER + "THU_NSNN,202101,23962,,,-5\n").encode())
    assert DataValue.objects.get().value == -5


def test_a_value_above_max_without_a_comment_is_refused(catalogue: dict[str, Indicator]) -> None:
    Indicator.objects.filter(code="THU_NSNN").update(max_value=Decimal(100))
    error = refused((HEADER + "THU_NSNN,202101,23962,,,150\n").encode())
    assert [p.field for p in error.problems] == ["value"]


def test_a_value_above_max_with_a_comment_is_imported(catalogue: dict[str, Indicator]) -> None:
    Indicator.objects.filter(code="THU_NSNN").update(max_value=Decimal(100))
    run((WITH_COMMENT + "THU_NSNN,202101,23962,,,150,,,thu tiền đất\n").encode())
    assert DataValue.objects.get().value == 150


def test_a_row_of_a_submitted_form_is_refused(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    submit(officer)
    error = refused((HEADER + "THU_NSNN,202101,23962,,,5\n").encode())
    assert [p.field for p in error.problems] == ["period"]
