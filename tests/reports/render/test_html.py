"""The HTML of the review (reports/render/html.py): widths that survive the page's
Content-Security-Policy, the layout's class, the closing paragraph kept with the signature."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from dieuhanh.reports.render.html import render_body
from tests.reports.render.sample import LAST_WORDS, sample_document


def test_rules_carry_their_width_as_an_attribute_and_a_style() -> None:
    html = render_body(sample_document("admin"), styled=True)
    rules = re.findall(r'<hr class="rule" width="[\d.]+%" style="width:[\d.]+mm">', html)
    assert len(rules) == 2  # under the issuing body, under the subject


def test_the_party_subject_is_marked_with_dashes_not_a_rule() -> None:
    html = render_body(sample_document("party"))
    assert '<div class="subject-mark">-----</div>' in html
    assert 'class="rule"' not in html


def test_the_page_has_no_inline_style_its_csp_would_refuse() -> None:
    html = render_body(sample_document("admin"))
    assert "style=" not in html
    assert len(re.findall(r'<col width="[\d.]+%">', html)) == 6


def test_table_columns_carry_their_width_as_an_attribute_and_a_style() -> None:
    html = render_body(sample_document("admin"), styled=True)
    cols = re.findall(r'<col width="([\d.]+)%" style="width:([\d.]+)%">', html)
    assert len(cols) == 6
    assert all(a == b for a, b in cols)
    assert sum(float(a) for a, _ in cols) == pytest.approx(100, abs=0.1)


def test_the_layout_is_named_on_the_sheet() -> None:
    assert '<div class="report layout-party">' in render_body(sample_document("party"))


def test_the_last_paragraph_and_the_signature_are_one_block() -> None:
    html = render_body(sample_document("admin"))
    closing = html[html.index('<div class="closing">') :]
    assert LAST_WORDS in closing and "report-foot" in closing


def test_the_signer_line_is_printed_even_without_a_name() -> None:
    document = sample_document("admin")
    unsigned = replace(document, head=replace(document.head, signer=""))
    assert '<div class="signer">&nbsp;</div>' in render_body(unsigned)
