from pathlib import Path

import polib
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_every_text_has_a_dutch_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_compiled_catalogue_is_current():
    source = {e.msgid: e.msgstr for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(CATALOGUE.with_suffix(".mo")))}
    compiled.pop("", None)
    assert compiled == source, "run `make messages` and commit locale/"


def test_dutch_is_the_default_and_english_available():
    with translation.override("nl"):
        assert str(translation.gettext("You are not signed in.")) == "Je bent niet aangemeld."
    with translation.override("en"):
        assert str(translation.gettext("You are not signed in.")) == "You are not signed in."
