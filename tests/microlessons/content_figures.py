"""Figures about the demo lessons that show whether the questions teach or can be gamed.

Read from the modules' JSON as written (microlessons/demo_content), not from the database.
test_demo_content_quality.py sets the bars; to see the figures themselves, run

    DJANGO_SETTINGS_MODULE=backend.settings python -m tests.microlessons.content_figures
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

SINGLE, MULTIPLE = "enkele_keuze", "meerdere_keuzes"

# Words that make an option too absolute to be right, which learners learn to spot.
ABSOLUTE_WORDS = (
    "nooit", "altijd", "alleen", "niets", "alles", "iedereen", "niemand", "moet", "moeten",
    "geen enkele",
)  # fmt: skip
_ABSOLUTE = re.compile(
    r"\b(?:" + "|".join(word.replace(" ", r"\s+") for word in ABSOLUTE_WORDS) + r")\b",
    re.IGNORECASE,
)

# Capitalised words in the stories that are not people: places, teams and departments,
# services, laws, languages, and the particles of surnames (mevrouw De Graaf). Built from
# the content; a new one that a question uses shows up in the figures and belongs here.
NOT_A_PERSON = frozenset(
    {
        # places (streets and squares are recognised by their ending, below)
        "Zeventerpen", "Stadswinkel", "Centrum", "Servicepunt", "Bibliotheek", "Informatiepunt",
        "Taalhuis", "Jongerencentrum", "Vonk", "Brink", "Zuiderterp", "Bleekveld", "Polen",
        # departments, teams and services
        "Vergunningen", "Afval", "Belastingen", "Communicatie", "Openbare", "Ruimte", "Sociaal",
        "Wijkteam", "Domein", "West", "Oost", "Meldpunt", "Zorg", "Overlast", "Digitale",
        "Overheid", "Mijn", "DigiD", "Machtigen", "Rode", "Dienst", "Antwoord",
        # apps and websites
        "WhatsApp", "Facebook", "Facebookpagina", "Instagram", "Instagrampagina", "Insta",
        # laws
        "Wmo", "Awb", "Participatiewet", "Jeugdwet", "Algemene", "Strafrecht",
        # languages
        "Nederlands", "Engels", "Arabisch", "Tigrinya", "Somalisch", "Pools", "Poolse",
        # particles of surnames
        "De", "Den", "Der", "Het", "Van", "Ten", "Ter",
    }
)  # fmt: skip
# Streets and squares in the stories (Wierdeplein, Kastanjelaan) are not people either.
_PLACE_ENDINGS = ("straat", "weg", "plein", "laan", "pad", "park", "markt", "kade", "singel")
_WORD = re.compile(r"[^\W\d_]+")
_OPENING_QUOTES = "'\"‘“„«(["
_CLOSING_QUOTES = "'\"’”»)]"


@dataclass(frozen=True)
class Question:
    where: str  # module/lesson/question key
    kind: str
    text: str
    options: tuple[dict, ...]

    @property
    def correct(self) -> list[int]:
        return [index for index, option in enumerate(self.options) if option.get("juist")]


@dataclass
class ContentFigures:
    modules: int = 0
    lessons: int = 0
    questions: list[Question] = field(default_factory=list)
    lessons_with_image: int = 0
    image_blocks: int = 0
    images_without_alt_text: list[str] = field(default_factory=list)
    characters: dict[str, str] = field(default_factory=dict)  # name -> lesson it was found in
    character_mentions: list[tuple[str, str]] = field(default_factory=list)  # question, name

    @property
    def single_choice(self) -> list[Question]:
        return [question for question in self.questions if question.kind == SINGLE]

    @property
    def multiple_choice(self) -> list[Question]:
        return [question for question in self.questions if question.kind == MULTIPLE]

    @property
    def correct_longest(self) -> list[str]:
        """Single-choice questions whose right answer is strictly the longest option."""
        found = []
        for question in self.single_choice:
            lengths = [len(option["tekst"].strip()) for option in question.options]
            right = question.correct
            others = [length for index, length in enumerate(lengths) if index not in right]
            if len(right) == 1 and others and lengths[right[0]] > max(others):
                found.append(question.where)
        return found

    @property
    def correct_longest_share(self) -> float:
        return _share(len(self.correct_longest), len(self.single_choice))

    def absolute_options(self, *, right: bool) -> list[tuple[str, str]]:
        """(question, option) for the right or the wrong options with an absolute word."""
        return [
            (question.where, option["tekst"])
            for question in self.questions
            for option in question.options
            if bool(option.get("juist")) == right and _ABSOLUTE.search(option["tekst"])
        ]

    def option_count(self, *, right: bool) -> int:
        return sum(
            bool(option.get("juist")) == right
            for question in self.questions
            for option in question.options
        )

    def absolute_share(self, *, right: bool) -> float:
        return _share(len(self.absolute_options(right=right)), self.option_count(right=right))

    @property
    def multiple_choice_correct(self) -> Counter[tuple[int, int]]:
        """(right options, options) -> number of multiple-choice questions."""
        return Counter(
            (len(question.correct), len(question.options)) for question in self.multiple_choice
        )

    @property
    def options_without_feedback(self) -> list[str]:
        return [
            f"{question.where} option {index + 1}"
            for question in self.questions
            for index, option in enumerate(question.options)
            if not str(option.get("feedback", "")).strip()
        ]

    @property
    def lesson_image_share(self) -> float:
        return _share(self.lessons_with_image, self.lessons)

    @property
    def correct_positions(self) -> Counter[int]:
        """Position (1 = first) of the right answer -> number of single-choice questions."""
        return Counter(
            question.correct[0] + 1 for question in self.single_choice if question.correct
        )

    @property
    def most_common_position_share(self) -> float:
        positions = self.correct_positions
        return _share(max(positions.values(), default=0), sum(positions.values()))


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def story_characters(text: str) -> set[str]:
    """Capitalised words that are not at a sentence start, nor places and other non-persons:
    in the lessons' stories these are the people (meneer Bakker, Jeroen van Vergunningen)."""
    found = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) < 2 or not word[0].isupper() or _not_a_person(word):
            continue
        before = text[: match.start()]
        if before[-1:] in _OPENING_QUOTES or before[-1:] == "-":
            continue  # quoted speech starts a sentence; Wmo-Consulent is one word
        before = before.rstrip().rstrip(_CLOSING_QUOTES)
        if before and before[-1] not in ".!?:…":
            found.add(word)
    return found


def _not_a_person(word: str) -> bool:
    return (
        word in NOT_A_PERSON
        or word.isupper()  # KCC, APV, BSN
        or any(word.lower().endswith(end) and len(word) > len(end) for end in _PLACE_ENDINGS)
    )


def content_figures(modules: Iterable[dict] | None = None) -> ContentFigures:
    """The figures of ``modules`` (module JSON as in a content pack), by default the demo's."""
    if modules is None:
        # Imported here so that this module loads before Django is set up (see __main__).
        from microlessons.demo import demo_modules

        modules = demo_modules()
    figures = ContentFigures()
    for module in modules:
        figures.modules += 1
        for lesson in module["lessen"]:
            _count_lesson(figures, module["sleutel"], lesson)
    names = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(figures.characters))) + r")\b")
    for question in figures.questions if figures.characters else []:
        for name in sorted(set(names.findall(question.text))):
            figures.character_mentions.append((question.where, name))
    return figures


def _count_lesson(figures: ContentFigures, module_key: str, lesson: dict) -> None:
    where = f"{module_key}/{lesson['sleutel']}"
    figures.lessons += 1
    has_image = False
    for position, block in enumerate(lesson["blokken"], start=1):
        kind = block["soort"]
        if kind in ("tekst", "tip"):
            for name in story_characters(block["tekst"]):
                figures.characters.setdefault(name, where)
        elif kind == "afbeelding":
            has_image = True
            figures.image_blocks += 1
            if not block.get("alternatieveTekst", "").strip():
                figures.images_without_alt_text.append(f"{where} block {position}")
        elif kind == "vraag":
            question = block["vraag"]
            figures.questions.append(
                Question(
                    where=f"{where}/{question['sleutel']}",
                    kind=question["soort"],
                    text=question["tekst"],
                    options=tuple(question["opties"]),
                )
            )
    figures.lessons_with_image += has_image


def figures_table(figures: ContentFigures) -> str:
    """The figures as a plain-text table for people."""
    single, multiple = figures.single_choice, figures.multiple_choice

    def percent(share: float) -> str:
        return f"{share:.0%}"

    rows = [
        ("modules", str(figures.modules)),
        ("lessons", str(figures.lessons)),
        ("questions", f"{len(figures.questions)} ({len(single)} single, {len(multiple)} multiple)"),
        (
            "single choice: right answer strictly longest",
            f"{len(figures.correct_longest)} ({percent(figures.correct_longest_share)})",
        ),
        (
            "wrong options with an absolute word",
            f"{len(figures.absolute_options(right=False))} of "
            f"{figures.option_count(right=False)} ({percent(figures.absolute_share(right=False))})",
        ),
        (
            "right options with an absolute word",
            f"{len(figures.absolute_options(right=True))} of "
            f"{figures.option_count(right=True)} ({percent(figures.absolute_share(right=True))})",
        ),
        (
            "multiple choice: right of options",
            ", ".join(
                f"{right} of {options}: {count}"
                for (right, options), count in sorted(figures.multiple_choice_correct.items())
            )
            or "-",
        ),
        (
            "single choice: position of the right answer",
            ", ".join(
                f"{position}: {count}"
                for position, count in sorted(figures.correct_positions.items())
            )
            + f" (most common {percent(figures.most_common_position_share)})",
        ),
        ("options without feedback", str(len(figures.options_without_feedback))),
        (
            "lessons with an image",
            f"{figures.lessons_with_image} ({percent(figures.lesson_image_share)}), "
            f"{figures.image_blocks} image blocks, "
            f"{len(figures.images_without_alt_text)} without alternative text",
        ),
        ("story characters found", ", ".join(sorted(figures.characters)) or "-"),
        ("questions naming a story character", str(len(figures.character_mentions))),
    ]
    width = max(len(label) for label, _value in rows)
    lines = ["Demo content figures", ""]
    lines += [f"  {label.ljust(width)}  {value}" for label, value in rows]
    for title, items in (
        ("Options without feedback", figures.options_without_feedback),
        ("Image blocks without alternative text", figures.images_without_alt_text),
        (
            "Questions naming a story character",
            [f"{where}: {name}" for where, name in figures.character_mentions],
        ),
    ):
        if items:
            lines += ["", f"{title}:"] + [f"  {item}" for item in items]
    return "\n".join(lines)


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    django.setup()
    print(figures_table(content_figures()))
