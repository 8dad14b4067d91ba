"""What a lesson version must satisfy before it can be published (all problems at once)."""

from django.utils.translation import gettext as _

from microlessons.models import Block, LessonVersion, Question

MIN_SECONDS, MAX_SECONDS = 60, 300


def publication_problems(version: LessonVersion) -> dict[str, list[str]]:
    """Field path -> problems; empty when the version may be published."""
    problems: dict[str, list[str]] = {}

    def add(path, message):
        problems.setdefault(path, []).append(message)

    if not version.title.strip():
        add("titel", _("A lesson needs a title."))
    if not MIN_SECONDS <= version.estimated_seconds <= MAX_SECONDS:
        add("geschatteDuurSeconden", _("A lesson takes between 1 and 5 minutes."))
    blocks = list(
        version.blocks.select_related("image", "question").prefetch_related("question__options")
    )
    if not blocks:
        add("blokken", _("A lesson needs at least one block."))
    seen_keys = set()
    for index, block in enumerate(blocks):
        path = f"blokken.{index}"
        if block.kind in (Block.Kind.TEXT, Block.Kind.TIP) and not block.text.strip():
            add(f"{path}.tekst", _("This block has no text."))
        if block.kind == Block.Kind.IMAGE:
            if block.image is None:
                add(f"{path}.afbeelding", _("This image block has no image."))
            elif not (block.alt_text or block.image.description).strip():
                add(f"{path}.alternatieveTekst", _("An image needs an alternative text."))
        if block.kind == Block.Kind.QUESTION:
            question = getattr(block, "question", None)
            if question is None:
                add(f"{path}.vraag", _("This question block has no question."))
                continue
            if question.key in seen_keys:
                add(f"{path}.vraag.sleutel", _("Question keys must be unique in a lesson."))
            seen_keys.add(question.key)
            for field_path, message in question_problems(question):
                add(f"{path}.vraag.{field_path}" if field_path else f"{path}.vraag", message)
    return problems


def question_problems(question: Question):
    if not question.prompt.strip():
        yield "tekst", _("The question has no text.")
    options = list(question.options.all())
    if len(options) < 2:
        yield "opties", _("A question needs at least two options.")
    correct = sum(1 for option in options if option.is_correct)
    if question.kind == Question.Kind.SINGLE and correct != 1:
        yield "opties", _("A single-choice question needs exactly one correct option.")
    if question.kind == Question.Kind.MULTIPLE and correct < 1:
        yield "opties", _("A multiple-choice question needs at least one correct option.")
    texts = [option.text.strip().casefold() for option in options]
    if len(set(texts)) != len(texts):
        yield "opties", _("Two options have the same text.")
    for index, option in enumerate(options):
        if not option.text.strip():
            yield f"opties.{index}.tekst", _("This option has no text.")
        if not option.feedback.strip():
            yield f"opties.{index}.feedback", _("Every option needs feedback.")
