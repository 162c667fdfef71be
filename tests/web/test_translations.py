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
