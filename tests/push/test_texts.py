"""The push texts (mobile_api.push.texts): every kind in both languages, in rotation, short
enough for a lock screen."""

import datetime
import string

import pytest

from mobile_api.push.kinds import CATALOGUE
from mobile_api.push.texts import TEMPLATES, day_rotation, pause_notice, text_for

LANGUAGES = ("nl", "en")
VALUES = {"count": 12, "name": "Valentijn 2027"}
KINDS = list(CATALOGUE)
LOCK_SCREEN_TITLE = 65
LOCK_SCREEN_BODY = 120


def placeholders(text):
    return {field for _literal, field, _spec, _conv in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_at_least_three_templates(kind, language):
    assert len(TEMPLATES[language][kind]) >= 3


@pytest.mark.parametrize("kind", KINDS)
def test_both_languages_have_the_same_template_ids(kind):
    dutch = [template.id for template in TEMPLATES["nl"][kind]]
    english = [template.id for template in TEMPLATES["en"][kind]]

    assert dutch == english
    assert len(set(dutch)) == len(dutch)


@pytest.mark.parametrize("kind", KINDS)
def test_a_kind_uses_the_same_placeholders_in_both_languages(kind):
    for dutch, english in zip(TEMPLATES["nl"][kind], TEMPLATES["en"][kind], strict=True):
        assert placeholders(dutch.title + dutch.body) == placeholders(english.title + english.body)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_templates_only_use_count_and_name(kind, language):
    for template in TEMPLATES[language][kind]:
        assert placeholders(template.title) | placeholders(template.body) <= {"count", "name"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_formatting_with_count_and_name_fills_in_every_template(kind, language):
    for rotation in range(len(TEMPLATES[language][kind])):
        text = text_for(kind, locale=language, rotation=rotation, **VALUES)

        assert "{" not in text.title + text.body and "}" not in text.title + text.body
        assert text.title.strip() and text.body.strip()
        template = TEMPLATES[language][kind][rotation]
        assert text.template == template.id
        if "name" in placeholders(template.title + template.body):
            assert "Valentijn 2027" in text.title + text.body
        if "count" in placeholders(template.title + template.body):
            assert "12" in text.title + text.body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_texts_fit_a_lock_screen(kind, language):
    for rotation in range(len(TEMPLATES[language][kind])):
        text = text_for(kind, locale=language, rotation=rotation, **VALUES)

        assert len(text.title) <= LOCK_SCREEN_TITLE, text.title
        assert len(text.body) <= LOCK_SCREEN_BODY, text.body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_consecutive_rotation_numbers_never_give_the_same_template(kind, language):
    for rotation in range(-5, 400):
        today = text_for(kind, locale=language, rotation=rotation, **VALUES)
        tomorrow = text_for(kind, locale=language, rotation=rotation + 1, **VALUES)

        assert today.template != tomorrow.template


@pytest.mark.parametrize("kind", KINDS)
def test_a_template_returns_only_after_all_of_the_kinds_templates_were_used(kind):
    count = len(TEMPLATES["nl"][kind])
    used = [text_for(kind, locale="nl", rotation=r, **VALUES).template for r in range(count)]

    assert len(set(used)) == count
    assert text_for(kind, locale="nl", rotation=count, **VALUES).template == used[0]


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_locale_falls_back_to_dutch(kind):
    for locale in ("fr", "de", "", "nl-BE"):
        text = text_for(kind, locale=locale, rotation=1, **VALUES)

        assert text == text_for(kind, locale="nl", rotation=1, **VALUES)


def test_english_texts_differ_from_the_dutch_ones():
    for kind in KINDS:
        dutch = text_for(kind, locale="nl", rotation=0, **VALUES)
        english = text_for(kind, locale="en", rotation=0, **VALUES)

        assert dutch.template == english.template
        assert dutch.title != english.title


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pause_notice_exists_in_both_languages_and_fits_a_lock_screen(language):
    text = pause_notice(locale=language)

    assert text.template == "pauze"
    assert "{" not in text.title + text.body
    assert len(text.title) <= LOCK_SCREEN_TITLE and len(text.body) <= LOCK_SCREEN_BODY


def test_the_pause_notice_falls_back_to_dutch():
    assert pause_notice(locale="fr") == pause_notice(locale="nl")
    assert pause_notice(locale="en") != pause_notice(locale="nl")


def test_the_day_rotation_changes_from_day_to_day_and_between_colleagues():
    day = datetime.date(2026, 5, 20)

    assert day_rotation(day + datetime.timedelta(days=1), 7) == day_rotation(day, 7) + 1
    assert day_rotation(day, 8) != day_rotation(day, 7)
