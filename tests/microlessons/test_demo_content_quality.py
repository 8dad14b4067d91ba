"""Bars for the demo lessons: enough of them, and questions that cannot be answered by
pattern (the longest option, the absolute word, the usual position, "all of them") but only
by knowing the lesson. The figures come from content_figures.py (no database)."""

import pytest

from tests.microlessons.content_figures import content_figures


@pytest.fixture(scope="module")
def figures():
    return content_figures()


def _listed(items) -> str:
    return "\n  " + "\n  ".join(str(item) for item in items)


def test_there_is_enough_content(figures):
    assert figures.modules >= 9, f"{figures.modules} modules; at least 9"
    assert figures.lessons >= 45, f"{figures.lessons} lessons; at least 45"
    assert len(figures.questions) >= 160, f"{len(figures.questions)} questions; at least 160"


def test_the_right_answer_is_not_usually_the_longest(figures):
    assert figures.correct_longest_share <= 0.40, (
        f"{figures.correct_longest_share:.0%} of the single-choice questions have the right "
        f"answer as the strictly longest option (at most 40%):{_listed(figures.correct_longest)}"
    )


def test_absolute_words_do_not_give_away_the_wrong_options(figures):
    wrong, right = figures.absolute_share(right=False), figures.absolute_share(right=True)
    assert wrong - right <= 0.05, (
        f"{wrong:.0%} of the wrong options and {right:.0%} of the right options hold an absolute "
        f"word (at most 5 points apart); wrong options:"
        f"{_listed(f'{where}: {text}' for where, text in figures.absolute_options(right=False))}"
    )


def test_multiple_choice_questions_vary_in_how_many_options_are_right(figures):
    counts = figures.multiple_choice_correct
    kinds = {
        "exactly one right": any(right == 1 for right, _options in counts),
        "two or more but not all right": any(1 < right < options for right, options in counts),
        "all right": any(right == options for right, options in counts),
    }
    missing = [kind for kind, present in kinds.items() if not present]
    assert not missing, f"no multiple-choice question with {', '.join(missing)}; have {counts}"


def test_every_option_has_feedback(figures):
    assert not figures.options_without_feedback, (
        f"options without feedback:{_listed(figures.options_without_feedback)}"
    )


def test_at_least_a_third_of_the_lessons_have_an_image_with_alternative_text(figures):
    assert not figures.images_without_alt_text, (
        f"image blocks without alternative text:{_listed(figures.images_without_alt_text)}"
    )
    assert figures.lesson_image_share >= 1 / 3, (
        f"{figures.lessons_with_image} of {figures.lessons} lessons have an image; at least a third"
    )


def test_the_right_answer_is_not_usually_in_the_same_position(figures):
    positions = figures.correct_positions
    share = figures.most_common_position_share
    if share > 0.60:
        position = positions.most_common(1)[0][0]
        questions = [
            question.where
            for question in figures.single_choice
            if question.correct and question.correct[0] + 1 == position
        ]
        pytest.fail(
            f"{share:.0%} of the single-choice answers are option {position} (at most 60%); "
            f"positions {dict(sorted(positions.items()))}:{_listed(questions)}"
        )


def test_questions_stand_on_their_own_without_the_story_characters(figures):
    # A question comes back for review days later, without its lesson's story.
    assert not figures.character_mentions, (
        "questions naming a character of a story (rephrase them, or if the word is no "
        "person, add it to NOT_A_PERSON in content_figures.py):"
        f"{_listed(f'{where}: {name}' for where, name in figures.character_mentions)}"
    )


# --- the figures measure what they say (synthetic content) ------------------------------------


def _option(text, right, feedback="Uitleg."):
    return {"tekst": text, "juist": right, "feedback": feedback}


def _module(blocks):
    return {"sleutel": "proef", "lessen": [{"sleutel": "les", "blokken": blocks}]}


def _question(key, kind, text, options):
    return {
        "soort": "vraag",
        "vraag": {"sleutel": key, "soort": kind, "tekst": text, "opties": options},
    }


def test_the_figures_count_longest_answers_positions_and_absolute_words():
    figures = content_figures(
        [
            _module(
                [
                    _question(
                        "lang",
                        "enkele_keuze",
                        "Wat doe je?",
                        [_option("Nee", False), _option("Je legt het rustig uit", True)],
                    ),
                    _question(
                        "gelijk",
                        "enkele_keuze",
                        "En nu?",
                        [_option("Even lang", True), _option("Ook lang.", False, feedback=" ")],
                    ),
                    _question(
                        "alles",
                        "meerdere_keuzes",
                        "Welke?",
                        [_option("Je moet altijd bellen", True), _option("Alleenstaand", False)],
                    ),
                ]
            )
        ]
    )
    assert (figures.modules, figures.lessons, len(figures.questions)) == (1, 1, 3)
    assert figures.correct_longest == ["proef/les/lang"]  # "gelijk" is not strictly longest
    assert figures.correct_positions == {2: 1, 1: 1}
    assert figures.multiple_choice_correct == {(1, 2): 1}
    assert figures.absolute_options(right=True) == [("proef/les/alles", "Je moet altijd bellen")]
    assert figures.absolute_options(right=False) == []  # whole words only: not "Alleenstaand"
    assert figures.options_without_feedback == ["proef/les/gelijk option 2"]


def test_story_characters_are_capitalised_words_inside_sentences_that_are_not_places():
    text = (
        "Meneer Bakker komt in de Stadswinkel aan het Wierdeplein. Sevgi groet hem: "
        "'Goedemorgen! Wilt u even wachten?' Daarna belt ze Jeroen van Vergunningen over "
        "mevrouw De Graaf en haar Wmo-aanvraag bij het KCC."
    )
    figures = content_figures(
        [
            _module(
                [
                    {"soort": "tekst", "tekst": text},
                    _question("naam", "enkele_keuze", "Wat zegt Jeroen?", [_option("a", True)]),
                    _question("geen", "enkele_keuze", "De inwoner belt.", [_option("a", True)]),
                ]
            )
        ]
    )
    assert set(figures.characters) == {"Bakker", "Jeroen", "Graaf"}
    assert figures.character_mentions == [("proef/les/naam", "Jeroen")]
