"""What a lesson must satisfy before it is published, whichever door it comes through: the
publish action in the admin and the content-pack import check the same plain description of
a lesson with the same rules, and report every problem at once.

Paths are the API's words (``blokken.0.vraag.opties``). A field that the caller could not read
(wrong type in a pack) is None: the caller already reported it, the rules skip it.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from backend.common.owned_content import usable_by
from backend.common.problems import Problems
from microlessons.models import (
    LESSON_MAX_SECONDS,
    LESSON_MIN_SECONDS,
    Block,
    LessonVersion,
    Question,
    QuestionOption,
)

KEY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def max_length(model, field_name) -> int:
    """Text limits come from the columns that store the text: one home for each."""
    return model._meta.get_field(field_name).max_length


TITLE_MAX = max_length(LessonVersion, "title")
SUMMARY_MAX = max_length(LessonVersion, "summary")
ALT_TEXT_MAX = max_length(Block, "alt_text")
KEY_MAX = max_length(Question, "key")
OPTION_TEXT_MAX = max_length(QuestionOption, "text")


@dataclass(frozen=True)
class OptionContent:
    text: str | None
    is_correct: bool | None
    feedback: str | None


@dataclass(frozen=True)
class QuestionContent:
    key: str | None
    kind: str | None
    prompt: str | None
    explanation: str | None
    options: tuple[OptionContent | None, ...]


@dataclass(frozen=True)
class BlockContent:
    kind: str
    text: str | None = ""
    has_image: bool = False
    image_usable: bool = True
    image_description: str = ""
    alt_text: str | None = ""
    question: QuestionContent | None = None


@dataclass(frozen=True)
class LessonContent:
    title: str | None
    summary: str | None
    estimated_seconds: int | None
    blocks: tuple[BlockContent | None, ...]


def _blank(text) -> bool:
    return text is not None and not text.strip()


def _too_long(text, limit) -> bool:
    return text is not None and len(text) > limit


def _at_most(limit):
    return _("At most %(count)s characters.") % {"count": limit}


def lesson_problems(lesson: LessonContent) -> Problems:
    problems = Problems()
    if lesson.title is not None:
        if _blank(lesson.title):
            problems.add("titel", _("A lesson needs a title."), "required")
        elif _too_long(lesson.title, TITLE_MAX):
            problems.add("titel", _at_most(TITLE_MAX), "max_length")
    if _too_long(lesson.summary, SUMMARY_MAX):
        problems.add("samenvatting", _at_most(SUMMARY_MAX), "max_length")
    seconds = lesson.estimated_seconds
    if seconds is not None and not LESSON_MIN_SECONDS <= seconds <= LESSON_MAX_SECONDS:
        problems.add(
            "geschatteDuurSeconden",
            _("A lesson takes from %(min)s to %(max)s seconds (1 to 5 minutes).")
            % {"min": LESSON_MIN_SECONDS, "max": LESSON_MAX_SECONDS},
            "out_of_range",
        )
    if not lesson.blocks:
        problems.add("blokken", _("A lesson needs at least one block."), "required")
    seen_keys: set[str] = set()
    for index, block in enumerate(lesson.blocks):
        if block is not None:
            _block_problems(block, f"blokken.{index}", problems, seen_keys)
    return problems


def _block_problems(block: BlockContent, path: str, problems: Problems, seen_keys: set[str]):
    if block.kind in (Block.Kind.TEXT, Block.Kind.TIP):
        if _blank(block.text):
            problems.add(f"{path}.tekst", _("This block has no text."), "required")
    elif block.kind == Block.Kind.IMAGE:
        if not block.has_image:
            problems.add(f"{path}.afbeelding", _("This image block has no image."), "required")
        elif not block.image_usable:
            problems.add(f"{path}.afbeelding", _("This image is not available."), "not_available")
        elif block.alt_text is not None and not (block.alt_text or block.image_description).strip():
            problems.add(
                f"{path}.alternatieveTekst", _("An image needs an alternative text."), "required"
            )
        if _too_long(block.alt_text, ALT_TEXT_MAX):
            problems.add(f"{path}.alternatieveTekst", _at_most(ALT_TEXT_MAX), "max_length")
    elif block.kind == Block.Kind.QUESTION:
        if block.question is None:
            problems.add(f"{path}.vraag", _("This question block has no question."), "required")
            return
        question_path = f"{path}.vraag"
        key = block.question.key
        if key is not None:
            if key in seen_keys:
                problems.add(
                    f"{question_path}.sleutel",
                    _("Question keys must be unique in a lesson."),
                    "duplicate",
                )
            seen_keys.add(key)
        problems.extend(question_problems(block.question), prefix=question_path)


def question_problems(question: QuestionContent) -> Problems:
    problems = Problems()
    if question.key is not None and not (
        KEY_PATTERN.match(question.key) and len(question.key) <= KEY_MAX
    ):
        problems.add(
            "sleutel",
            _("Use lower case letters, digits and hyphens (at most %(count)s).")
            % {"count": KEY_MAX},
            "invalid_key",
        )
    if question.kind is not None and question.kind not in Question.Kind.values:
        problems.add("soort", _("Use enkele_keuze or meerdere_keuzes."), "invalid_choice")
    if _blank(question.prompt):
        problems.add("tekst", _("The question has no text."), "required")
    options = question.options
    if len(options) < 2:
        problems.add("opties", _("A question needs at least two options."), "too_few_options")
    readable = [option for option in options if option is not None]
    correct = sum(1 for option in readable if option.is_correct)
    if readable and question.kind == Question.Kind.SINGLE and correct != 1:
        problems.add(
            "opties",
            _("A single-choice question needs exactly one correct option."),
            "one_correct_option_expected",
        )
    if readable and question.kind == Question.Kind.MULTIPLE and correct < 1:
        problems.add(
            "opties",
            _("A multiple-choice question needs at least one correct option."),
            "correct_option_missing",
        )
    texts = [option.text.strip().casefold() for option in readable if option.text is not None]
    if len(set(texts)) != len(texts):
        problems.add("opties", _("Two options have the same text."), "duplicate_option")
    for index, option in enumerate(options):
        if option is None:
            continue
        if _blank(option.text):
            problems.add(f"opties.{index}.tekst", _("This option has no text."), "required")
        elif _too_long(option.text, OPTION_TEXT_MAX):
            problems.add(f"opties.{index}.tekst", _at_most(OPTION_TEXT_MAX), "max_length")
        if option.feedback is not None and not option.feedback.strip():
            problems.add(f"opties.{index}.feedback", _("Every option needs feedback."), "required")
    return problems


def lesson_content_of(version: LessonVersion) -> LessonContent:
    """The stored version as the rules see it (blocks, images and options prefetched here)."""
    owner_id = version.lesson.owner_id
    blocks = version.blocks.select_related("image", "question").prefetch_related(
        "question__options"
    )
    return LessonContent(
        title=version.title,
        summary=version.summary,
        estimated_seconds=version.estimated_seconds,
        blocks=tuple(_block_content_of(block, owner_id) for block in blocks),
    )


def _block_content_of(block: Block, owner_id) -> BlockContent:
    question = getattr(block, "question", None) if block.kind == Block.Kind.QUESTION else None
    return BlockContent(
        kind=block.kind,
        text=block.text,
        has_image=block.image is not None,
        image_usable=block.image is None or usable_by(block.image, owner_id),
        image_description=block.image.description if block.image else "",
        alt_text=block.alt_text,
        question=None
        if question is None
        else QuestionContent(
            key=question.key,
            kind=question.kind,
            prompt=question.prompt,
            explanation=question.explanation,
            options=tuple(
                OptionContent(text=o.text, is_correct=o.is_correct, feedback=o.feedback)
                for o in question.options.all()
            ),
        ),
    )


def publication_problems(version: LessonVersion) -> dict[str, list[str]]:
    """Field path -> problems; empty when the version may be published."""
    return lesson_problems(lesson_content_of(version)).by_path
