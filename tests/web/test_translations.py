from __future__ import annotations

from pathlib import Path

import polib
import pytest

import dieuhanh

PACKAGE = Path(dieuhanh.__file__).parent
CATALOGUES = sorted(PACKAGE.glob("**/locale/vi/LC_MESSAGES/django.po"))


def test_the_project_catalogue_is_found() -> None:
    assert PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_message_has_a_vietnamese_translation(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    assert [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()] == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_compiled_catalogue_matches_the_source(po_path: Path) -> None:
    source = {(e.msgid, e.msgstr or str(e.msgstr_plural)) for e in polib.pofile(str(po_path))}
    compiled = {
        (e.msgid, e.msgstr or str(e.msgstr_plural))
        for e in polib.mofile(str(po_path.with_suffix(".mo")))
    }
    assert source == compiled


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_message_is_written_twice_in_a_catalogue(po_path: Path) -> None:
    """A second entry of one (context, message) silently replaces the first."""
    keys = [(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path))]
    assert sorted({k for k in keys if keys.count(k) > 1}, key=str) == []


# Short words used in more than one sense, each with its context (issue 20): the case page headed
# the visited places "Nơi cách ly" and the source of an exposure "Người sửa".
SENSES = [
    ("visited place", "Place", "Nơi đã đến"),
    ("quarantine place", "Place", "Nơi cách ly"),
    ("exposure", "Who", "Nguồn lây"),
    ("exposure", "Whom", "Người tiếp xúc"),
    ("exposure", "When", "Thời điểm tiếp xúc"),
    (None, "Who", "Người sửa"),  # the value history
    ("task status", "Done", "Hoàn thành"),
    ("test taken", "Done", "Đã lấy mẫu"),
    ("epidemic level", "Level", "Cấp độ dịch"),
    ("recognition level", "Level", "Mức đạt chuẩn"),
    ("origin", "From", "Đến từ"),
    ("time interval", "From", "Từ"),
    ("menu group", "Data", "Số liệu"),
]


@pytest.mark.parametrize(("context", "message", "vietnamese"), SENSES)
def test_each_sense_of_a_short_word_has_its_vietnamese(
    context: str | None, message: str, vietnamese: str
) -> None:
    from django.utils import translation

    with translation.override("vi"):
        text = translation.pgettext(context, message) if context else translation.gettext(message)
    assert text == vietnamese
