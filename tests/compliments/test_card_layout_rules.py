"""The card layout, tested like arithmetic: measured wrapping, Dutch hyphenation, long names
shrinking then wrapping, and glyph coverage checked against the font's character map."""

import io

import pytest
from PIL import Image

from backend.common.fonts import missing_characters, text_width
from campaigns.compliments.card_layout import (
    CARD_WIDTH,
    MARGIN,
    NAME_MIN_SIZE,
    CardDesign,
    CardText,
    card_layout,
    unsupported_characters,
    wrap,
)
from campaigns.compliments.card_rendering import card_png

DESIGN = CardDesign("Een compliment voor", "Valentijn 2027", "#B0123A", "#FBE3EA", "#1F1F1F")
HARD_NAME = "Ðorđević-Şahin, Ülker Ĳsselmeer"


def _text(**changes):
    values = {
        "recipient_name": HARD_NAME,
        "values": ("afspraken nakomen", "initiatief en lef"),
        "reason": "Je belde de inwoner terug zoals je had beloofd.",
        "sender_name": "Sanne de Vries",
        "card_number": 17,
        "gift": "roos",
    }
    values.update(changes)
    return CardText(**values)


def _drawn(layout):
    return " ".join(line.text for line in layout.lines)


def test_the_hard_name_renders_every_glyph():
    text = _text()

    assert unsupported_characters(text, DESIGN) == set()
    layout = card_layout(text, DESIGN)
    assert HARD_NAME in _drawn(layout)  # drawn as is, nothing replaced
    for line in layout.lines:
        assert missing_characters(line.text, line.weight) == set()
    image = Image.open(io.BytesIO(card_png(layout)))
    assert image.format == "PNG" and image.size == (1080, 760)


def test_a_character_outside_the_font_is_named():
    assert unsupported_characters(_text(reason="Top gedaan ❤"), DESIGN) == {"❤"}
    assert unsupported_characters(_text(recipient_name="李小龍"), DESIGN) == {"李", "小", "龍"}


def test_a_character_that_slipped_through_is_drawn_as_its_base_letter_or_a_question_mark():
    layout = card_layout(_text(recipient_name="Ǹina 李"), DESIGN)

    assert "Nina ?" in _drawn(layout) or "Ǹina ?" in _drawn(layout)
    for line in layout.lines:
        assert missing_characters(line.text, line.weight) == set()


def test_lines_never_exceed_the_width():
    reason = " ".join(["klantcontactcentrummedewerkersopleidingstraject"] * 3 + ["dank"] * 40)
    for line in wrap(reason, weight="regular", size=4.4, width=60):
        assert text_width(line, "regular", 4.4) <= 60


def test_a_long_dutch_compound_is_hyphenated_where_dutch_allows():
    lines = wrap("klantcontactcentrummedewerker", weight="regular", size=4.4, width=40)

    assert len(lines) > 1
    assert lines[0].endswith("-")
    assert "".join(line.rstrip("-") for line in lines) == "klantcontactcentrummedewerker"


def test_a_long_name_shrinks_then_wraps_within_the_card():
    long_name = "Maria Magdalena Wilhelmina van der Heijden-Abdelkader Bouzerda-Vermeulen"
    layout = card_layout(_text(recipient_name=long_name), DESIGN)
    names = [line for line in layout.lines if line.weight == "bold"]

    assert len(names) == 2 and names[0].size == NAME_MIN_SIZE
    for line in names:
        assert line.x + text_width(line.text, "bold", line.size) <= CARD_WIDTH - MARGIN + 0.01


def test_a_short_name_is_drawn_large_on_one_line():
    names = [
        line
        for line in card_layout(_text(recipient_name="Jan Vos"), DESIGN).lines
        if line.weight == "bold"
    ]

    assert len(names) == 1 and names[0].size > NAME_MIN_SIZE


@pytest.mark.parametrize("length", [1, 200, 600])
def test_every_message_length_fits_above_the_footer(length):
    layout = card_layout(_text(reason=("Bedankt voor je hulp " * 40)[:length]), DESIGN)
    reason_lines = [line for line in layout.lines if line.weight == "regular"][:-2]

    footer = max(line.baseline for line in layout.lines)
    assert all(line.baseline < footer - 3 for line in reason_lines)


def test_an_anonymous_card_names_no_sender():
    drawn = _drawn(card_layout(_text(sender_name=None), DESIGN))

    assert "Sanne" not in drawn and "Van een collega" in drawn
