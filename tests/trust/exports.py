"""The registry of every download (CSV, Excel) the system writes, and how to find them all.

Each `Download` says which endpoint gives it (a page route, an API operation or a console
command, spelled as `download_endpoints()` finds them), who of scope A may fetch it, how to put
text starting with a formula character into every text field it carries, and how to fetch it.
Endpoints that give a file that is not a spreadsheet are in `NOT_SPREADSHEETS`, with the reason.

`download_endpoints()` reads the code of every page view (URL resolver), every API operation
(the OpenAPI schema: operation ids are `<app>_<function>`) and every console command for what
makes a file; test_downloads.py also classifies every answer of the sweep. An endpoint found
either way and registered nowhere fails the test: add a `Download` (or a reason) here.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import io
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management import call_command, get_commands
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from dieuhanh.accounts.models import Role
from dieuhanh.periods import parse_period
from tests.conftest import unit_on
from tests.factories import UserFactory
from tests.trust.conftest import ON, UNIT_A

FORMULA_PREFIXES = {"equals": "=", "plus": "+", "minus": "-", "at": "@", "tab": "\t", "cr": "\r"}

# Code that makes a file to download (what the static discovery looks for).
DOWNLOAD_CODE = re.compile(
    r"Content-Disposition|FileResponse|StreamingHttpResponse|as_attachment|csv_response\(|"
    r"csv\.(writer|DictWriter)|Workbook\(|text/csv|spreadsheetml"
)
# A console command that writes a file takes -o/--output.
COMMAND_OUTPUT = re.compile(r"add_argument\(\s*\"-o\"|\"--output\"")

CSV = "csv"
XLSX = "xlsx"


@dataclass(frozen=True)
class File:
    kind: str  # CSV or XLSX
    content: bytes
    headers: dict[str, str]  # of the HTTP answer; empty for a file a command wrote


Plant = Callable[[str], list[str]]
Fetch = Callable[[Client, str, Path], File]


@dataclass(frozen=True)
class Download:
    endpoint: str  # "/ntm/export/", "GET /api/export", "dieuhanh export"
    label: str  # the test id
    role: str | None  # the role of scope A that fetches it (None: the console, as the system)
    plant: Plant  # text starting with the prefix into every text field it carries; returns
    # the texts, each of which must start a cell (after its quote)
    fetch: Fetch  # (client logged in as the role, the role's API token, a directory)


# Files that are not spreadsheets: endpoint -> why no formula can run from them.
NOT_SPREADSHEETS: dict[str, str] = {
    "/reports/download/<str:fmt>/": "the review report as Markdown, HTML, DOCX or PDF: documents",
    "GET /api/reports/review": "the review report as Markdown, HTML, DOCX or PDF: documents",
    "/ntm/attachments/<int:pk>/": "an evidence file a user uploaded, served back byte for byte "
    "to the scopes that cover it: the system writes none of its cells",
    "/direction/documents/<int:document_id>/": "a conference document a user uploaded, served "
    "back byte for byte to the scopes that cover it",
    "/direction/progress/<int:progress_id>/attachment/": "a progress report a user uploaded, "
    "served back byte for byte to the scopes that cover it",
    "/outbreak/venues/posters.pdf": "the QR posters of a unit's venues: a PDF document",
    "/outbreak/venues/<int:venue_id>/poster.pdf": "a venue's QR poster: a PDF document",
    "GET /api/outbreak/venues/{venue_id}/poster": "a venue's QR poster: a PDF document",
    "GET /api/outbreak/venues-posters": "the QR posters of a unit's venues: a PDF document",
    "dieuhanh venues": "the QR posters (poster -o FILE): a PDF document",
    "dieuhanh report": "the review report as Markdown, HTML, DOCX or PDF: documents",
    "dieuhanh backup": "a backup of the database for `dieuhanh restore`, not for a spreadsheet",
    "/jobs/<uuid:job_id>/download/": "a background job's result: the zip of review documents "
    "(Markdown, HTML, DOCX or PDF) made by the report renderer, shown only to its owner",
    "GET /api/jobs/{job_id}/result": "a background job's result: the zip of review documents "
    "(Markdown, HTML, DOCX or PDF) made by the report renderer, shown only to its owner",
}
# GET /api/export?format=dhis2-json is JSON; its CSV and xlsx formats are Downloads below.


# --- discovery from the code ------------------------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def _code_of(view: Callable[..., Any]) -> str:
    target: Any = getattr(view, "view_class", None) or inspect.unwrap(view)
    try:
        return inspect.getsource(target)
    except (OSError, TypeError):
        return ""


def _api_function(operation_id: str) -> Callable[..., Any]:
    """The function of an API operation, from its id `<app>_<function>` (config/api.py)."""
    app, name = operation_id.split("_", 1)
    package = importlib.import_module(f"dieuhanh.{app}.api")
    modules = [package]
    if hasattr(package, "__path__"):
        modules += [
            importlib.import_module(f"{package.__name__}.{m.name}")
            for m in pkgutil.iter_modules(package.__path__)
        ]
    found = [getattr(m, name) for m in modules if callable(getattr(m, name, None))]
    if len(found) != 1:
        raise LookupError(f"operation {operation_id}: {len(found)} functions named {name}")
    function: Callable[..., Any] = found[0]
    return function


def page_views() -> dict[str, Callable[..., Any]]:
    """Every page (the URL resolver, the API and the admin left out) and its view."""
    return {
        "/" + route: pattern.callback
        for route, pattern in _walk(get_resolver().url_patterns)
        if not route.startswith(("api/", "admin/"))
    }


def api_views(schema: dict[str, Any]) -> dict[str, Callable[..., Any]]:
    return {
        f"{method.upper()} {path}": _api_function(op["operationId"])
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    }


def command_modules() -> dict[str, str]:
    """Every console command of the project: "dieuhanh NAME" -> its code."""
    found = {}
    for name, app in get_commands().items():
        if not app.startswith("dieuhanh."):
            continue
        module = importlib.import_module(f"{app}.management.commands.{name}")
        found[f"dieuhanh {name}"] = inspect.getsource(module)
    return found


def download_endpoints(schema: dict[str, Any]) -> set[str]:
    """Every page, API operation and command whose code makes a file."""
    views = {**page_views(), **api_views(schema)}
    found = {where for where, view in views.items() if DOWNLOAD_CODE.search(_code_of(view))}
    found |= {
        where
        for where, code in command_modules().items()
        if COMMAND_OUTPUT.search(code) or DOWNLOAD_CODE.search(code)
    }
    return found


def known_endpoints(schema: dict[str, Any]) -> set[str]:
    return set(page_views()) | set(api_views(schema)) | set(command_modules())


# --- planting ---------------------------------------------------------------------------------


def planted(prefix: str, model: type[models.Model], field: str) -> str:
    """Text starting with `prefix`, as long as `model.field` takes."""
    text = f'{prefix}HYPERLINK("http://evil.example/{model.__name__}.{field}","x")'
    max_length = getattr(model._meta.get_field(field), "max_length", None)
    return text[:max_length] if max_length else text


def _rename_unit_a(prefix: str) -> str:
    from dieuhanh.orgunits.models import OrgUnit

    name = planted(prefix, OrgUnit, "name")
    OrgUnit.objects.filter(pk=unit_on(UNIT_A, ON).pk).update(name=name)
    return name


def plant_public_order(prefix: str) -> list[str]:
    from dieuhanh.direction.models import PublicOrderEvent
    from tests.direction.factories import EventFactory

    title = planted(prefix, PublicOrderEvent, "title")
    measures = planted(prefix, PublicOrderEvent, "measures")
    EventFactory.create(
        unit=unit_on(UNIT_A, ON),
        occurred_on=datetime.date(2021, 6, 1),
        title=title,
        measures=measures,
    )
    return [title, measures, _rename_unit_a(prefix)]


def plant_inspection(prefix: str) -> list[str]:
    from dieuhanh.direction.models import (
        InspectionActivity,
        InspectionItem,
        InspectionProgramme,
        InspectionType,
        SubjectKind,
    )

    programme, _made = InspectionProgramme.objects.get_or_create(
        unit=unit_on(UNIT_A, ON), year=2021, defaults={"title": "Chương trình"}
    )
    title = planted(prefix, InspectionProgramme, "title")
    InspectionProgramme.objects.filter(pk=programme.pk).update(title=title)
    texts = {
        field: planted(prefix, InspectionItem, field)
        for field in ("subject", "content", "responsible_body", "conclusion")
    }
    InspectionItem.objects.create(
        programme=programme,
        activity=InspectionActivity.INSPECTION,
        subject_kind=SubjectKind.ORGANISATION,
        kind=InspectionType.THEMATIC,
        period_start=datetime.date(2021, 3, 1),
        period_end=datetime.date(2021, 3, 31),
        **texts,
    )
    return [title, *texts.values()]


def plant_persons(prefix: str) -> list[str]:
    from dieuhanh.outbreak.models import Person

    unit = unit_on(UNIT_A, ON)
    texts = {
        field: planted(prefix, Person, field)
        for field in ("full_name", "id_number", "phone", "address", "village")
    }
    Person.objects.create(unit=unit, unit_path=unit.path, birth_year=1990, **texts)
    return list(texts.values())


def plant_ntm(prefix: str) -> list[str]:
    from dieuhanh.ntm.models import (
        Assessment,
        CriteriaSet,
        CriterionIndicator,
        CriterionResult,
        IndicatorValue,
    )
    from dieuhanh.ntm.selectors.criteria_sets import criteria_set_for_year

    cset = criteria_set_for_year(year=2021)
    assert cset is not None
    assessment, _made = Assessment.objects.get_or_create(
        unit=unit_on(UNIT_A, ON), year=2021, criteria_set=cset
    )
    indicator = (
        CriterionIndicator.objects.filter(criterion__criteria_set=cset).order_by("pk").first()
    )
    assert indicator is not None
    code = planted(prefix, CriterionIndicator, "code")
    name = planted(prefix, CriterionIndicator, "name")
    CriterionIndicator.objects.filter(pk=indicator.pk).update(code=code, name=name)
    value_note = planted(prefix, IndicatorValue, "note")
    IndicatorValue.objects.update_or_create(
        assessment=assessment,
        indicator=indicator,
        defaults={"number": Decimal("1"), "answer": True, "note": value_note},
    )
    result_note = planted(prefix, CriterionResult, "note")
    CriterionResult.objects.update_or_create(
        assessment=assessment,
        criterion=indicator.criterion,
        defaults={"declared_met": True, "note": result_note},
    )
    set_code = planted(prefix, CriteriaSet, "code")
    CriteriaSet.objects.filter(pk=cset.pk).update(code=set_code)
    return [code, name, value_note, result_note, set_code, _rename_unit_a(prefix)]


JUNE = parse_period("202106")


def plant_values(prefix: str) -> dict[str, str]:
    """A new indicator of the monthly form, with its option, and a value of scope A in June
    2021 (−5: a negative number stays a number) stored by a user: every text the DHIS2 CSV
    and the Excel form carry."""
    from dieuhanh.accounts.models import User
    from dieuhanh.indicators.models import (
        DataSet,
        DataSetIndicator,
        DataValue,
        Disaggregation,
        DisaggregationOption,
        Indicator,
    )

    texts = {
        "form": planted(prefix, DataSet, "name_vi"),
        "indicator": planted(prefix, Indicator, "code"),
        "name": planted(prefix, Indicator, "name_vi"),
        "unit_of_measure": planted(prefix, Indicator, "unit_of_measure"),
        "option": planted(prefix, DisaggregationOption, "code"),
        "comment": planted(prefix, DataValue, "comment"),
        "stored_by": planted(prefix, User, "username"),
    }
    form = DataSet.objects.get(code="KTXH_THANG")
    DataSet.objects.filter(pk=form.pk).update(name_vi=texts["form"])
    basis = Disaggregation.objects.create(
        code=planted(prefix, Disaggregation, "code"), name_vi="Phân tổ", name_en="Split"
    )
    option = DisaggregationOption.objects.create(
        disaggregation=basis,
        code=texts["option"],
        name_vi=planted(prefix, DisaggregationOption, "name_vi"),
        name_en="Option",
    )
    indicator = Indicator.objects.create(
        code=texts["indicator"],
        name_vi=texts["name"],
        name_en="Planted",
        unit_of_measure=texts["unit_of_measure"],
        disaggregation=basis,
        sort_order=999,
    )
    DataSetIndicator.objects.create(data_set=form, indicator=indicator, sort_order=999)
    DataValue.objects.create(
        indicator=indicator,
        option=option,
        unit=unit_on(UNIT_A, ON),
        period=JUNE.code,
        period_start=JUNE.start,
        period_end=JUNE.end,
        value=Decimal("-5"),
        comment=texts["comment"],
        updated_by=UserFactory.create(username=texts["stored_by"]),
    )
    return texts


def plant_values_csv(prefix: str) -> list[str]:
    texts = plant_values(prefix)
    return [texts[k] for k in ("indicator", "option", "comment", "stored_by")]


def plant_values_xlsx(prefix: str) -> list[str]:
    texts = plant_values(prefix)
    return [texts[k] for k in ("form", "indicator", "option", "name", "unit_of_measure", "comment")]


# --- fetching ---------------------------------------------------------------------------------


def _answer(response: Any, kind: str) -> File:
    assert response.status_code == 200, response.content[:500]
    return File(kind, response.content, dict(response.headers))


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _command(kind: str, *args: str) -> Fetch:
    def fetch(client: Client, token: str, folder: Path) -> File:
        target = folder / f"export.{kind}"
        call_command(*args, "-o", str(target), stdout=io.StringIO())
        return File(kind, target.read_bytes(), {})

    return fetch


DOWNLOADS: list[Download] = [
    Download(
        "/direction/public-order/export.csv",
        "public-order-csv",
        Role.SECURITY_OFFICER,
        plant_public_order,
        lambda client, token, folder: _answer(
            client.get(
                "/direction/public-order/export.csv",
                {"unit": UNIT_A, "period": "2021S1", "on": ON.isoformat()},
            ),
            CSV,
        ),
    ),
    Download(
        "/direction/inspection/export.csv",
        "inspection-csv",
        Role.PARTY_OFFICE,
        plant_inspection,
        lambda client, token, folder: _answer(
            client.get("/direction/inspection/export.csv", {"year": "2021"}), CSV
        ),
    ),
    Download(
        "/outbreak/persons/export/",
        "persons-csv",
        Role.HEALTH_OFFICER,
        plant_persons,
        lambda client, token, folder: _answer(
            client.post("/outbreak/persons/export/", {"q": "", "reason": "Kiểm thử"}), CSV
        ),
    ),
    Download(
        "/ntm/export/",
        "ntm-page-xlsx",
        Role.DATA_OFFICER,
        plant_ntm,
        lambda client, token, folder: _answer(
            client.get("/ntm/export/", {"unit": UNIT_A, "year": "2021", "on": ON.isoformat()}),
            XLSX,
        ),
    ),
    Download(
        "GET /api/ntm/export",
        "ntm-api-xlsx",
        Role.DATA_OFFICER,
        plant_ntm,
        lambda client, token, folder: _answer(
            client.get(
                "/api/ntm/export",
                {"unit": UNIT_A, "year": "2021", "on": ON.isoformat()},
                headers=_bearer(token),
            ),
            XLSX,
        ),
    ),
    Download(
        "dieuhanh ntm",
        "ntm-command-xlsx",
        None,
        plant_ntm,
        _command(XLSX, "ntm", "export", "--unit", UNIT_A, "--year", "2021", "--on", "2021-07-01"),
    ),
    Download(
        "GET /api/export",
        "values-api-csv",
        Role.DATA_OFFICER,
        plant_values_csv,
        lambda client, token, folder: _answer(
            client.get(
                "/api/export",
                {"unit": UNIT_A, "period": JUNE.code, "format": "dhis2-csv"},
                headers=_bearer(token),
            ),
            CSV,
        ),
    ),
    Download(
        "GET /api/export",
        "values-api-xlsx",
        Role.DATA_OFFICER,
        plant_values_xlsx,
        lambda client, token, folder: _answer(
            client.get(
                "/api/export",
                {"unit": UNIT_A, "period": JUNE.code, "format": "xlsx", "data_set": "KTXH_THANG"},
                headers=_bearer(token),
            ),
            XLSX,
        ),
    ),
    Download(
        "/indicators/template/<str:data_set>/<str:unit>/<str:period>/",
        "values-page-xlsx",
        Role.DATA_OFFICER,
        plant_values_xlsx,
        lambda client, token, folder: _answer(
            client.get(f"/indicators/template/KTXH_THANG/{UNIT_A}/{JUNE.code}/"), XLSX
        ),
    ),
    Download(
        "dieuhanh export",
        "values-command-csv",
        None,
        plant_values_csv,
        _command(CSV, "export", "--unit", UNIT_A, "--period", JUNE.code, "--format", "dhis2-csv"),
    ),
    Download(
        "dieuhanh export",
        "values-command-xlsx",
        None,
        plant_values_xlsx,
        _command(
            XLSX,
            "export",
            "--unit",
            UNIT_A,
            "--period",
            JUNE.code,
            "--format",
            "xlsx",
            "--data-set",
            "KTXH_THANG",
        ),
    ),
]
