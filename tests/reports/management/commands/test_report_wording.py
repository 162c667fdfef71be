"""The wording of the demo district's 2021S1 review (issue 16, "Wording"): one bracket, unit
names in lower case mid-sentence, readiness gaps with separators and units counted as listed,
one kind of quote marks, no estimate on an actual figure."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def markdown(demo_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("wording") / "review.md"
    command = [sys.executable, "-m", "dieuhanh.cli", "report", "review", "--unit", "633"]
    command += ["--period", "2021S1", "--format", "md", "-o", str(out)]
    result = subprocess.run(command, env=demo_env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_an_estimate_note_is_never_a_second_bracket(markdown: str) -> None:
    assert ") (ước tính)" not in markdown


def test_a_commune_mid_sentence_is_written_in_lower_case(markdown: str) -> None:
    # After a word, a figure, a comma or colon, or an opening bracket: inside a sentence.
    assert re.findall(r"(?:\w |[,;:] |\()(?:Xã|Thị trấn) ", markdown) == []


def test_readiness_gaps_have_separators_and_units(markdown: str) -> None:
    assert "thiếu 2.100 bộ" in markdown


def test_the_readiness_count_equals_the_gaps_listed(markdown: str) -> None:
    match = re.search(r"còn thiếu (\d+) nội dung so với yêu cầu \((.*)\)\.", markdown)
    assert match is not None
    listed = re.findall(r": thiếu ", match.group(2))
    assert int(match.group(1)) == len(listed)


def test_one_kind_of_quote_marks(markdown: str) -> None:
    assert '"' not in markdown


def test_the_covid_cases_are_not_called_an_estimate(markdown: str) -> None:
    line = next(x for x in markdown.splitlines() if x.startswith("Số ca mắc Covid-19"))
    assert line.startswith("Số ca mắc Covid-19 (cộng dồn): 7 ca")
