"""An import's values keep their whole history: created by which import (who, when, which file),
then every later change from → to, whichever way it comes (form, import); the running totals
stay exact; a refused file leaves no trace."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.imports import ImportRefused
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import (
    DataSet,
    DataValue,
    DataValueChange,
    Indicator,
    ValueImport,
    ValueRollup,
)
from dieuhanh.indicators.rollups import rollup_mismatches
from dieuhanh.indicators.selectors.review import review_table
from dieuhanh.indicators.selectors.values import value_history
from dieuhanh.indicators.services.imports import ImportResult, values_import_file
from dieuhanh.indicators.services.values import Entry, values_record
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.periods import parse_period
from tests.auth import Login
from tests.conftest import MakeUser, unit_on

HEADER = "dataelement,period,orgunit,catoptcombo,attroptcombo,value\n"
GOOD = (
    HEADER
    + "THU_NSNN,202101,23962,,,3\n"
    + "GTSX,202101,23962,CURRENT,,100.5\n"
    + "GTSX,202101,23962,CONSTANT2010,,90\n"
    + "THU_NSNN,202102,23965,,,4.25\n"
)


@pytest.fixture
def officer(make_user: MakeUser) -> User:
    return make_user(role=Role.DATA_OFFICER, capture=("633",))


@pytest.fixture
def other(make_user: MakeUser) -> User:
    return make_user(role=Role.DATA_OFFICER, capture=("633",))


def run(
    text: str, user: User | None = None, name: str = "data.csv", dry_run: bool = False
) -> ImportResult:
    return values_import_file(
        actor=user,
        scope=user_scope(user=user) if user else Scope.everything(),
        content=text.encode(),
        file_name=name,
        fmt=None,
        dry_run=dry_run,
    )


def history(unit: str = "23962") -> list[tuple[object, ...]]:
    return [
        (
            c.action,
            c.indicator.code,
            c.option.code if c.option else None,
            c.old_value,
            c.new_value,
            c.user,
        )
        for c in value_history(unit=unit_on(unit), scope=Scope.everything())
    ]


def save(user: User, catalogue: dict[str, Indicator], text: str, version: int | None) -> None:
    values_record(
        actor=user,
        scope=user_scope(user=user),
        unit=unit_on("23962"),
        period=parse_period("202101"),
        entries=[Entry(catalogue["THU_NSNN"], None, text, "actual", "", version)],
        data_set=DataSet.objects.get(code="KTXH_THANG"),
    )


def test_imported_values_show_in_the_history_with_the_importer(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    run(GOOD, officer)
    assert sorted(history(), key=str) == sorted(
        [
            ("import", "THU_NSNN", None, None, Decimal(3), officer),
            ("import", "GTSX", "CURRENT", None, Decimal("100.5"), officer),
            ("import", "GTSX", "CONSTANT2010", None, Decimal(90), officer),
        ],
        key=str,
    )


def test_imported_creations_are_recorded_by_the_import_not_row_by_row(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    run(GOOD, officer, name="ia-blang.csv")
    batch = ValueImport.objects.get()
    assert (batch.user, batch.file_name, batch.rows, batch.created, batch.updated) == (
        officer,
        "ia-blang.csv",
        4,
        4,
        0,
    )
    assert batch.sha256 == hashlib.sha256(GOOD.encode()).hexdigest()
    assert set(DataValue.objects.values_list("created_by_import", flat=True)) == {batch.pk}
    assert not DataValueChange.objects.exists()


def test_the_history_page_shows_an_imported_value(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    run(GOOD, officer)
    login(officer)
    html = client.get("/indicators/history/23962/?period=2021S1").content.decode()
    assert "Tổng giá trị sản xuất" in html and "100,5" in html and str(officer) in html


def test_an_update_by_import_records_from_and_to_after_the_creation(
    officer: User, other: User, catalogue: dict[str, Indicator]
) -> None:
    run(GOOD, officer)
    result = run(HEADER + "THU_NSNN,202101,23962,,,7\n", other)
    assert (result.created, result.updated) == (0, 1)
    thu = [h for h in history() if h[1] == "THU_NSNN"]
    assert thu == [
        ("import", "THU_NSNN", None, Decimal(3), Decimal(7), other),
        ("import", "THU_NSNN", None, None, Decimal(3), officer),
    ]
    value = DataValue.objects.get(indicator__code="THU_NSNN", unit__code="23962")
    assert (value.version, value.created_by_import) == (2, None)


def test_the_creation_row_keeps_the_time_of_its_import(
    officer: User, other: User, catalogue: dict[str, Indicator]
) -> None:
    run(GOOD, officer)
    first = ValueImport.objects.get()
    run(HEADER + "THU_NSNN,202101,23962,,,7\n", other)
    creation = DataValueChange.objects.get(old_value__isnull=True)
    assert (creation.at, creation.user, creation.new_value) == (first.at, officer, Decimal(3))


def test_a_form_edit_of_an_imported_value_keeps_its_creation(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    run(GOOD, None)
    save(officer, catalogue, "8", 1)
    thu = [h for h in history() if h[1] == "THU_NSNN"]
    assert thu == [
        ("update", "THU_NSNN", None, Decimal(3), Decimal(8), officer),
        ("import", "THU_NSNN", None, None, Decimal(3), None),
    ]


def test_deleting_an_imported_value_keeps_its_creation(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    run(GOOD, officer)
    save(officer, catalogue, "", 1)
    thu = [h for h in history() if h[1] == "THU_NSNN"]
    assert thu == [
        ("delete", "THU_NSNN", None, Decimal(3), None, officer),
        ("import", "THU_NSNN", None, None, Decimal(3), officer),
    ]


def test_an_unchanged_value_is_not_rewritten(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    run(GOOD, officer)
    result = run(GOOD, officer)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert not DataValueChange.objects.exists() and len(history()) == 3


def test_the_running_totals_check_clean_after_imports_and_edits(
    officer: User, catalogue: dict[str, Indicator], capsys: pytest.CaptureFixture[str]
) -> None:
    run(GOOD, officer)
    run(HEADER + "THU_NSNN,202101,23962,,,7\nTHU_NSNN,202103,23966,,,2\n", officer)
    save(officer, catalogue, "9", 2)
    assert rollup_mismatches() == 0
    call_command("rollups", "check")
    assert "match" in capsys.readouterr().out


def test_the_review_shows_imported_values_at_once(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    run(GOOD, officer)
    period = parse_period("2021S1")
    everything = Scope.everything()
    table = review_table(
        unit=unit_resolve(code="633", on=period, scope=everything, policy=UnitPolicy.IN_PERIOD),
        period=period,
        scope=everything,
    )
    thu = next(r for r in table.rows if r.indicator.code == "THU_NSNN")
    assert thu.value == Decimal("7.25")


@pytest.mark.parametrize("where", [1, 3, 5])
def test_one_bad_row_anywhere_writes_nothing(
    officer: User, catalogue: dict[str, Indicator], where: int
) -> None:
    lines = GOOD.splitlines(keepends=True)
    lines.insert(where, "THU_NSNN,202101,99999,,,1\n")
    with pytest.raises(ImportRefused) as exc:
        run("".join(lines), officer)
    assert [p.row for p in exc.value.problems] == [where + 1]
    assert not DataValue.objects.exists() and not ValueImport.objects.exists()
    assert not ValueRollup.objects.exists() and not DataValueChange.objects.exists()
    assert not AuditEvent.objects.filter(action="indicators.values_import").exists()


def test_a_dry_run_records_no_import(officer: User, catalogue: dict[str, Indicator]) -> None:
    result = run(GOOD, officer, dry_run=True)
    assert result.created == 4 and not ValueImport.objects.exists()
    assert not DataValue.objects.exists() and not ValueRollup.objects.exists()


def test_an_import_of_many_rows_matches_a_rebuild(catalogue: dict[str, Indicator]) -> None:
    rows = [
        f"GTSX,2021{m:02d},{unit},{option},,{m * 10 + i}.125"
        for i, unit in enumerate(("23962", "23965", "23966"))
        for m in range(1, 13)
        for option in ("CURRENT", "CONSTANT2010")
    ]
    result = run(HEADER + "\n".join(rows) + "\n")
    assert result.created == len(rows) == DataValue.objects.count()
    assert rollup_mismatches() == 0


def test_plain_rows_are_checked_like_any_other(catalogue: dict[str, Indicator]) -> None:
    text = (
        HEADER
        + "NTM_XA,2021,633,,,1.5\n"  # whole numbers only
        + "TY_LE_HO_NGHEO,2021,23962,,,101\n"  # a percentage above 100
        + "THU_NSNN,202101,23962,,,1\n"
        + "THU_NSNN,202101,23962,,,2\n"  # the same key as the row before
        + "THU_NSNN,202101,23962,,,0.0000001\n"  # 7 decimals; also a duplicate
        + "XYZ,202101,23962,,,1\n"
    )
    with pytest.raises(ImportRefused) as exc:
        run(text)
    problems = {(p.row, p.field, p.error.code) for p in exc.value.problems}
    assert {(r, f) for r, f, _c in problems} == {
        (2, "value"),
        (3, "value"),
        (5, ""),
        (6, "value"),
        (7, "dataelement"),
    }
    rendered = exc.value.problems[0].render("vi") + exc.value.problems[0].render("en")
    assert "dòng 2" in rendered and "row 2" in rendered
    assert not DataValue.objects.exists()


def test_the_same_value_on_the_same_row_of_two_sheets_is_a_duplicate(
    catalogue: dict[str, Indicator],
) -> None:
    """Spreadsheet rows of two sheets share numbers: a duplicate is still named, nothing is
    written (no constraint error, no value planned twice)."""
    from dieuhanh.indicators.pure.exchange.common import RawValue
    from dieuhanh.indicators.services.imports import values_import

    rows = [
        RawValue(5, "THU_NSNN", "202101", "23962", "", "1", sheet="Tháng 1"),
        RawValue(5, "THU_NSNN", "202101", "23962", "", "2", sheet="Tháng 1 (bản sao)"),
    ]
    with pytest.raises(ImportRefused) as exc:
        values_import(
            actor=None, scope=Scope.everything(), rows=rows, file_name="a.xlsx", dry_run=False
        )
    assert [p.row for p in exc.value.problems] == [5]
    assert not DataValue.objects.exists()
