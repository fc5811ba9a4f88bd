"""The English catalogue is complete and compiled, so switching language never shows a mix."""

from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_english_translation():
    catalogue = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_compiled_catalogue_matches_the_source():
    source = {e.msgid: (e.msgstr or e.msgstr_plural.get(0)) for e in polib.pofile(str(PO))}
    compiled = {
        e.msgid: (e.msgstr or e.msgstr_plural.get(0))
        for e in polib.mofile(str(PO.with_suffix(".mo")))
    }
    assert {k: v for k, v in source.items() if k} == {k: v for k, v in compiled.items() if k}
