"""Client-side insertion as text, never HTML: every script of the project (the static files of
every app, vendored libraries left out) is read for the sinks that parse a string as HTML. The
browser proof is tests/browser/test_outbreak_care.py (a zone named "<b>x</b><img src=x>" shows
those characters in its tooltip); this check covers the scripts that come later.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import dieuhanh

SOURCE = Path(dieuhanh.__file__).parent

# Sinks that parse their string as HTML: none is used; build elements and set textContent.
HTML_SINKS = re.compile(
    r"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|createContextualFragment|"
    r"DOMParser|\.html\(|\$\("
)
# Leaflet's content setters insert a string as HTML: their content must be asText(…) (care.js).
LEAFLET_CONTENT = re.compile(
    r"\.(bindTooltip|bindPopup|setContent|setTooltipContent|setPopupContent)\(\s*(?!asText\()"
    r"|\bL\.(tooltip|popup)\([^)]*\)\s*\.setContent\(\s*(?!asText\()"
)


def project_scripts() -> list[Path]:
    return sorted(
        path
        for path in SOURCE.glob("*/static/**/*.js")
        if "vendor" not in path.relative_to(SOURCE).parts
    )


def html_sinks(text: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if HTML_SINKS.search(line) or LEAFLET_CONTENT.search(line):
            found.append(f"{number}: {line.strip()}")
    return found


def test_the_scripts_are_found() -> None:
    names = {path.name for path in project_scripts()}
    assert {"care.js", "chains.js"} <= names
    assert not any(path.name in {"leaflet.js", "htmx.min.js"} for path in project_scripts())


@pytest.mark.parametrize(
    "line",
    [
        "layer.bindTooltip(z.name);",
        'marker.bindPopup("<b>" + p.name + "</b>")',
        "cell.innerHTML = row.title;",
        "list.insertAdjacentHTML('beforeend', html);",
    ],
)
def test_the_finder_finds_an_html_sink(line: str) -> None:
    assert html_sinks(line)


def test_the_finder_lets_text_through() -> None:
    text = "layer.bindTooltip(asText(z.name));\ntd.textContent = v;\nspan.textContent = name;"
    assert html_sinks(text) == []


def test_no_project_script_inserts_data_as_html() -> None:
    offenders = [
        f"{path.relative_to(SOURCE)}:{hit}"
        for path in project_scripts()
        for hit in html_sinks(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "insert text (textContent, asText) instead:\n" + "\n".join(offenders)
