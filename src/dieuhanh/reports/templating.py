"""Report templates: files an administrator can edit, in Jinja2's sandbox.

The packaged templates live in `reports/report_templates/`; a file of the same name in the
directory named by DIEUHANH_REPORT_TEMPLATES (default: var/report_templates) replaces one. The
sandbox lets a template read the data it is given and nothing else (no attribute starting with
"_", no method that changes anything). A broken template is refused with its file and line.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import jinja2
from django.conf import settings
from jinja2.sandbox import ImmutableSandboxedEnvironment

from dieuhanh.core.errors import BilingualInvalid
from dieuhanh.vn.numbers import format_number, format_percent
from dieuhanh.vn.phrasing import about, change_phrase, nearly, over, points_phrase

PACKAGED_DIR = Path(__file__).resolve().parent / "report_templates"


def override_dir() -> Path:
    configured = os.environ.get("DIEUHANH_REPORT_TEMPLATES")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "report_templates"


def _number(value: object, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    return format_number(Decimal(str(value)), decimals)


def _percent(value: object, decimals: int = 2) -> str:
    if value is None or value == "":
        return ""
    return format_percent(Decimal(str(value)), decimals)


def _decimal_filter(function: Callable[[Decimal], str]) -> Callable[[object], str]:
    def apply(value: object) -> str:
        if value is None or value == "":
            return ""
        return function(Decimal(str(value)))

    return apply


def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(override_dir()), str(PACKAGED_DIR)]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is the report's markup; every renderer escapes it
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        {
            "number": _number,
            "percent": _percent,
            "over": _decimal_filter(over),
            "nearly": _decimal_filter(nearly),
            "about": _decimal_filter(about),
            "change": _decimal_filter(change_phrase),
            "points": _decimal_filter(points_phrase),
        }
    )
    return env


def _template_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line where rendering failed (Jinja puts them in the traceback)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return frame.filename, frame.lineno
    return None, None


def template_source(name: str) -> tuple[str, str]:
    """(the file a template is read from, its text)."""
    env = environment()
    assert env.loader is not None
    try:
        source, filename, _uptodate = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound as exc:
        raise BilingualInvalid(
            f"Không có mẫu báo cáo “{name}”.", f"There is no report template “{name}”."
        ) from exc
    return filename or name, source


def template_check(source: str, filename: str) -> None:
    """Compile a template's text (an administrator's edit) and refuse it with its line."""
    try:
        environment().parse(source, name=filename, filename=filename)
    except jinja2.TemplateSyntaxError as exc:
        raise BilingualInvalid(
            f"Mẫu báo cáo {filename}, dòng {exc.lineno}: lỗi cú pháp ({exc.message}).",
            f"Report template {filename}, line {exc.lineno}: syntax error ({exc.message}).",
            code="template_error",
        ) from exc


def render_template(name: str, context: dict[str, object]) -> str:
    """Render a report template; any error names the file and line, nothing is half-written."""
    env = environment()
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound as exc:
        raise BilingualInvalid(
            f"Không có mẫu báo cáo “{name}”.", f"There is no report template “{name}”."
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or name
        raise BilingualInvalid(
            f"Mẫu báo cáo {where}, dòng {exc.lineno}: lỗi cú pháp ({exc.message}).",
            f"Report template {where}, line {exc.lineno}: syntax error ({exc.message}).",
            code="template_error",
        ) from exc
    try:
        return template.render(context)
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError) as exc:
        filename, line = _template_line(exc)
        where = filename or name
        raise BilingualInvalid(
            f"Mẫu báo cáo {where}, dòng {line}: {exc}.",
            f"Report template {where}, line {line}: {exc}.",
            code="template_error",
        ) from exc
