from __future__ import annotations

from pathlib import Path

import pytest

from dieuhanh.core.errors import BilingualInvalid
from dieuhanh.reports.templating import render_template


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DIEUHANH_REPORT_TEMPLATES", str(tmp_path))
    return tmp_path


def test_an_override_replaces_the_packaged_template(templates: Path) -> None:
    (templates / "review.md.j2").write_text("# {{ title }}\n")
    assert render_template("review.md.j2", {"title": "Báo cáo"}) == "# Báo cáo\n"


def test_vietnamese_number_filters(templates: Path) -> None:
    (templates / "t.md.j2").write_text("{{ x | over }}; {{ y | change }}; {{ z | number(1) }}")
    assert render_template("t.md.j2", {"x": 5716.35, "y": -1.2, "z": 1234.56}) == (
        "trên 5.700; giảm 1,20%; 1.234,6"
    )


def test_a_syntax_error_names_the_file_and_line(templates: Path) -> None:
    (templates / "review.md.j2").write_text("# Tiêu đề\n\n{% if x %}\nkhông đóng\n")
    with pytest.raises(BilingualInvalid) as info:
        render_template("review.md.j2", {"x": 1})
    assert "review.md.j2" in info.value.message_en
    assert "line 4" in info.value.message_en or "line 5" in info.value.message_en
    assert "dòng" in info.value.message_vi


def test_an_unknown_name_names_the_line(templates: Path) -> None:
    (templates / "review.md.j2").write_text("# A\n\n{{ missing_value }}\n")
    with pytest.raises(BilingualInvalid) as info:
        render_template("review.md.j2", {})
    assert "line 3" in info.value.message_en
    assert "missing_value" in info.value.message_en


def test_the_sandbox_refuses_internals(templates: Path) -> None:
    (templates / "evil.md.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(BilingualInvalid):
        render_template("evil.md.j2", {})


def test_the_sandbox_refuses_changing_the_data(templates: Path) -> None:
    (templates / "evil.md.j2").write_text("{{ items.append(1) }}")
    with pytest.raises(BilingualInvalid):
        render_template("evil.md.j2", {"items": []})


def test_template_check_names_the_line_of_an_edit() -> None:
    from dieuhanh.reports.templating import template_check

    with pytest.raises(BilingualInvalid) as info:
        template_check("# Báo cáo\n{% if %}\n", "edited.md.j2")
    assert "edited.md.j2, line 2" in info.value.message_en


def test_the_packaged_template_compiles() -> None:
    from dieuhanh.reports.templating import template_check, template_source

    filename, source = template_source("review.md.j2")
    template_check(source, filename)
