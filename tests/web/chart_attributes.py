"""What a chart writes into a page must parse as a number where a number is meant: SVG geometry
attributes, data-* attributes and the JSON of `json_script` blocks are never localised ("16.7",
never "16,7" nor "1.234,5"). Used by the chart tests on rendered pages and by the browser test on
every page of the demo."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

# SVG attributes that hold numbers (lengths, coordinates, lists of them).
NUMERIC = frozenset(
    {
        "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy",
        "width", "height", "viewbox", "points", "stroke-width", "font-size", "opacity",
        "fill-opacity", "stroke-opacity", "offset",
    }
)  # fmt: skip
NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)(e-?\d+)?(%|px|r?em|pt)?$")
# A number written the Vietnamese way: "16,7", "1.234", "1.234,5" (never a JSON or SVG number).
LOCALISED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+,\d+$")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.json_blocks: list[str] = []
        self._in_json = False
        self._svg_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self._svg_depth += 1
        for name, value in attrs:
            if value is None:
                continue
            if self._svg_depth and name in NUMERIC and not _numeric(name, value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name.startswith("data-") and LOCALISED.match(value.strip()):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "data-map":  # the zone map's data, JSON in an attribute
                self.json_blocks.append(value)
        self._in_json = tag == "script" and dict(attrs).get("type") == "application/json"

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg_depth -= 1
        if tag == "script":
            self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_blocks.append(data)


def _numeric(name: str, value: str) -> bool:
    if name == "points":
        pairs = value.split()
        return all(
            len(p.split(",")) == 2 and all(NUMBER.match(n) for n in p.split(",")) for p in pairs
        )
    return all(NUMBER.match(token) for token in value.split())


def _walk(value: object, where: str, problems: list[str]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _walk(v, f"{where}.{k}", problems)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _walk(v, f"{where}[{i}]", problems)
    elif isinstance(value, str) and LOCALISED.match(value.strip()):
        problems.append(f"{where} = {value!r}")


def attribute_problems(html: str) -> list[str]:
    """Every numeric attribute or JSON value of the page written the localised way (or
    unparseable), and every JSON block that does not parse."""
    parser = _Collector()
    parser.feed(html)
    problems = list(parser.problems)
    for i, block in enumerate(parser.json_blocks):
        try:
            _walk(json.loads(block), f"json[{i}]", problems)
        except ValueError as e:
            problems.append(f"json[{i}] does not parse: {e}")
    return problems


def json_blocks(html: str) -> list[object]:
    parser = _Collector()
    parser.feed(html)
    return [json.loads(b) for b in parser.json_blocks]
