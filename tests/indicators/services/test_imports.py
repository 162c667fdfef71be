"""Import of values through the service (indicators/services/imports.py): all or nothing,
scoped, with history; every check a row goes through; Excel templates filled and uploaded."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import DataSet, DataSetReport, DataValue, DataValueChange, Indicator
from dieuhanh.indicators.selectors.values import value_history
from tests.conftest import MakeUser, unit_on
from tests.indicators.conftest import Put
from tests.indicators.files import HEADER, export, refused, row_of, run, stored, template


def history(unit: str) -> list[DataValueChange]:
    """The unit's history as its page shows it."""
    return value_history(unit=unit_on(unit), scope=Scope.everything())


def imports_audited() -> bool:
    return AuditEvent.objects.filter(action="indicators.values_import").exists()


@pytest.mark.parametrize(("fmt", "name"), [("dhis2-csv", "x.csv"), ("dhis2-json", "x.json")])
def test_export_then_import_changes_nothing(values: Put, fmt: str, name: str) -> None:
    before = stored()
    result = run(export(fmt=fmt), name)
    assert (result.created, result.updated, result.unchanged, result.rows) == (0, 0, 3, 3)
    assert stored() == before and not DataValueChange.objects.exists()


def test_an_import_creates_and_overwrites_with_history(values: Put, officer: User) -> None:
    content = (
        HEADER
        + "GTSX,202101,23962,CURRENT,,120\n"
        + "THU_NSNN,202102,23962,default,,7.5\n"
        + "GTSX,202101,23962,CONSTANT2010,,90.25\n"
    ).encode()
    result = run(content, user=officer)
    changes = {
        (c.action, c.indicator.code, c.old_value, c.new_value, c.old_status, c.new_status)
        for c in history("23962")
    }
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert changes == {
        ("import", "GTSX", Decimal("100.5"), Decimal(120), "estimate", "estimate"),
        ("import", "THU_NSNN", None, Decimal("7.5"), "", "actual"),
    }
    gtsx = DataValue.objects.get(indicator__code="GTSX", option__code="CURRENT")
    assert (gtsx.value, gtsx.version, gtsx.updated_by) == (Decimal(120), 2, officer)


def test_history_rows_link_their_value_and_user(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    run((HEADER + "THU_NSNN,202101,23962,,,3\n").encode(), user=officer)
    [change] = history("23962")
    assert (change.action, change.data_value, change.user) == (
        "import",
        DataValue.objects.get(),
        officer,
    )


def test_an_import_is_audited_with_its_counts(catalogue: dict[str, Indicator]) -> None:
    run((HEADER + "THU_NSNN,202101,23962,,,3\n").encode())
    event = AuditEvent.objects.get(action="indicators.values_import")
    assert (event.actor_label, event.object_repr, event.changes["created"]) == (
        "system",
        "data.csv",
        1,
    )


def test_one_bad_row_among_good_ones_imports_nothing_and_names_every_bad_row(
    catalogue: dict[str, Indicator],
) -> None:
    content = (
        HEADER
        + "THU_NSNN,202101,23962,,,1\n"
        + "NOPE,202101,23962,,,1\n"
        + "THU_NSNN,202102,23962,,,2\n"
        + "THU_NSNN,2021S3,23962,,,2\n"
        + "THU_NSNN,202103,99999,,,abc\n"
    ).encode()
    error = refused(content)
    found = [(p.row, p.field) for p in error.problems]
    assert found == [(3, "dataelement"), (5, "period"), (6, "orgunit"), (6, "value")]
    assert not DataValue.objects.exists() and not imports_audited()


def test_errors_render_in_both_languages_with_file_and_row(catalogue: dict[str, Indicator]) -> None:
    error = refused((HEADER + "NOPE,202101,23962,,,1\n").encode())
    row = error.as_dict()["errors"][0]  # type: ignore[index]  # errors: a list of dicts
    assert (row["file"], row["row"], row["field"]) == ("data.csv", 2, "dataelement")
    assert row["messages"]["vi"] != row["messages"]["en"]
    assert "data.csv" in error.render("vi") and "NOPE" in error.render("en")


def test_a_blank_price_basis_is_refused_for_gtsx(catalogue: dict[str, Indicator]) -> None:
    error = refused((HEADER + "GTSX,202101,23962,,,1\n").encode())
    (problem,) = error.problems
    assert problem.field == "catoptcombo" and "CONSTANT2010" in problem.error.render("en")


def test_an_option_is_refused_for_an_indicator_without_disaggregation(
    catalogue: dict[str, Indicator],
) -> None:
    error = refused((HEADER + "THU_NSNN,202101,23962,CURRENT,,1\n").encode())
    assert [p.field for p in error.problems] == ["catoptcombo"]


def test_a_vietnamese_decimal_comma_is_refused_in_csv(catalogue: dict[str, Indicator]) -> None:
    error = refused((HEADER + 'THU_NSNN,202101,23962,,,"1,5"\n').encode())
    assert [p.field for p in error.problems] == ["value"] and not DataValue.objects.exists()


def test_latin_1_is_refused(catalogue: dict[str, Indicator]) -> None:
    error = refused((HEADER + "THU_NSNN,202101,23962,,,1,,,José\n").encode("latin-1"))
    assert "UTF-8" in error.render("en")


def test_a_byte_order_mark_is_accepted(catalogue: dict[str, Indicator]) -> None:
    result = run(("\ufeff" + HEADER + "THU_NSNN,202101,23962,,,1.5\n").encode())
    assert result.created == 1 and stored()[0][-1] == Decimal("1.5")


def test_a_dry_run_counts_and_writes_nothing(values: Put) -> None:
    before = stored()
    content = (
        HEADER
        + "THU_NSNN,2021S1,23966,,,55.16\nGTSX,202101,23962,CURRENT,,1\nNTM_XA,2021,633,,,3\n"
    ).encode()
    result = run(content, dry_run=True)
    assert (result.created, result.updated, result.unchanged, result.dry_run) == (1, 1, 1, True)
    assert stored() == before and not DataValueChange.objects.exists()
    assert not imports_audited()


def test_a_sibling_commune_is_refused_and_nothing_is_written(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    content = (HEADER + "THU_NSNN,202101,23962,,,1\nTHU_NSNN,202101,23966,,,2\n").encode()
    error = refused(content, user=officer)
    assert (error.status_code, [(p.row, p.field) for p in error.problems]) == (
        403,
        [(3, "orgunit")],
    )
    assert not DataValue.objects.exists()


def test_a_viewer_may_not_import(make_user: MakeUser, catalogue: dict[str, Indicator]) -> None:
    from dieuhanh.core.errors import AccessDenied

    viewer = make_user(role=Role.VIEWER, view=("23962",))
    with pytest.raises(AccessDenied):
        run((HEADER + "THU_NSNN,202101,23962,,,1\n").encode(), user=viewer)


def test_the_same_value_twice_in_a_file_is_refused(catalogue: dict[str, Indicator]) -> None:
    content = (HEADER + "THU_NSNN,202101,23962,,,1\nthu_nsnn,202101,23962,default,,2\n").encode()
    (problem,) = refused(content).problems
    assert problem.row == 3 and "2" in problem.error.render("en")


def test_a_locked_form_is_refused(catalogue: dict[str, Indicator]) -> None:
    DataSetReport.objects.create(
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on("23962"),
        period="202101",
        state="approved",
    )
    (problem,) = refused((HEADER + "THU_NSNN,202101,23962,,,1\n").encode()).problems
    assert problem.field == "period" and problem.error.status_code == 409


def test_a_period_the_unit_did_not_live_through_is_refused(catalogue: dict[str, Indicator]) -> None:
    # Xã Ia Blang (23962) ended on 30 June 2025: no day of 2026 is its own.
    (problem,) = refused((HEADER + "THU_NSNN,2026,23962,,,1\n").encode()).problems
    assert problem.field == "orgunit"


def test_a_percentage_above_100_is_refused(catalogue: dict[str, Indicator]) -> None:
    (problem,) = refused((HEADER + "TY_LE_HO_NGHEO,202101,23962,,,120\n").encode()).problems
    assert problem.field == "value"


def test_an_empty_file_is_refused(catalogue: dict[str, Indicator]) -> None:
    assert refused(HEADER.encode()).problems[0].row is None


def _fill(content: bytes, cells: dict[tuple[str, str], object]) -> bytes:
    book = load_workbook(io.BytesIO(content))
    for (sheet, coordinate), value in cells.items():
        book[sheet][coordinate] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_template_fill_upload_round_trip(officer: User, catalogue: dict[str, Indicator]) -> None:
    blank = template()
    gtsx = row_of(blank, "202103", "GTSX", "CURRENT")
    thu = row_of(blank, "202101", "THU_NSNN")
    filled = _fill(
        blank,
        {
            ("202103", f"E{gtsx}"): "1.234,5",
            ("202103", f"F{gtsx}"): "ước",
            ("202101", f"E{thu}"): 55.16,
        },
    )
    result = run(filled, "bieu.xlsx", user=officer)
    assert (result.created, result.rows) == (2, 2)
    assert stored() == [
        ("GTSX", "CURRENT", "23962", "202103", Decimal("1234.5")),
        ("THU_NSNN", None, "23962", "202101", Decimal("55.16")),
    ]
    assert DataValue.objects.get(period="202103").status == "estimate"
    again = run(template(), "bieu.xlsx", user=officer)  # the template shows the stored values
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_template_errors_name_the_sheet_and_row(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    blank = template()
    thu = row_of(blank, "202102", "THU_NSNN")
    error = refused(_fill(blank, {("202102", f"E{thu}"): "1.23"}), "bieu.xlsx", user=officer)
    (problem,) = error.problems
    assert (problem.sheet, problem.row, problem.field) == ("202102", thu, "value")
    assert "202102" in error.render("en")
