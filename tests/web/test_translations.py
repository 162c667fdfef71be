from __future__ import annotations

from pathlib import Path

import polib

import dieuhanh

PO = Path(dieuhanh.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_vietnamese_translation() -> None:
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()] == []


def test_compiled_catalogue_matches_the_source() -> None:
    source = {(e.msgid, e.msgstr or str(e.msgstr_plural)) for e in polib.pofile(str(PO))}
    compiled = {
        (e.msgid, e.msgstr or str(e.msgstr_plural))
        for e in polib.mofile(str(PO.with_suffix(".mo")))
    }
    assert source == compiled
