"""Content packs: a module with its learning goals, lessons, questions and images as one
portable JSON document, to share between organisations.

Import checks the whole pack first and lists every problem; only a flawless pack is written,
in one transaction, so nothing is ever half-imported.
"""

import base64
import binascii
import json
import re

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.errors import InvalidInput
from backend.organisations.models import Organisation
from microlessons.content_rules import MAX_SECONDS, MIN_SECONDS
from microlessons.image_uploads import (
    REJECTION_MESSAGES,
    lesson_image_files_delete,
    lesson_image_get_or_create,
)
from microlessons.images import ImageRejected, process_image
from microlessons.models import (
    Block,
    LearningGoal,
    Lesson,
    LessonImage,
    LessonVersion,
    Module,
    Question,
    QuestionOption,
)
from microlessons.selectors import with_content

PACK_FORMAT = "dienst-dna-inhoudspakket"
PACK_VERSION = 1
MAX_PACK_BYTES = 50 * 1024 * 1024
KEY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
BLOCK_KINDS = set(Block.Kind.values)
QUESTION_KINDS = set(Question.Kind.values)


# --- export ---------------------------------------------------------------------------------


def module_export(*, module: Module) -> dict:
    """The module's published lessons as a pack (drafts stay home)."""
    lessons = (
        module.lessons.filter(owner=module.owner, published_version__isnull=False)
        .prefetch_related("learning_goals")
        .select_related("published_version")
        .order_by("position", "pk")
    )
    versions = {
        version.pk: version
        for version in with_content(
            LessonVersion.objects.filter(pk__in=[lesson.published_version_id for lesson in lessons])
        )
    }
    images = _PackImages()
    exported_lessons = []
    for lesson in lessons:
        version = versions[lesson.published_version_id]
        exported_lessons.append(
            {
                "sleutel": lesson.key,
                "titel": version.title,
                "samenvatting": version.summary,
                "geschatteDuurSeconden": version.estimated_seconds,
                "leerdoelen": sorted(goal.key for goal in lesson.learning_goals.all()),
                "blokken": [_export_block(block, images) for block in version.blocks.all()],
            }
        )
    return {
        "formaat": PACK_FORMAT,
        "versie": PACK_VERSION,
        "module": {
            "sleutel": module.key,
            "titel": module.title,
            "beschrijving": module.description,
            "leerdoelen": [
                {"sleutel": goal.key, "titel": goal.title, "beschrijving": goal.description}
                for goal in module.learning_goals.order_by("pk")
            ],
            "lessen": exported_lessons,
        },
        "afbeeldingen": images.by_name,
    }


class _PackImages:
    """Images named in order of first use, so equal modules export equal packs."""

    def __init__(self):
        self.by_name: dict[str, dict] = {}
        self._names: dict[int, str] = {}

    def name_for(self, image) -> str:
        if image.pk not in self._names:
            name = f"afbeelding-{len(self._names) + 1}"
            with default_storage.open(image.original.name, "rb") as handle:
                content = handle.read()
            self._names[image.pk] = name
            self.by_name[name] = {
                "beschrijving": image.description,
                "inhoud": base64.b64encode(content).decode("ascii"),
            }
        return self._names[image.pk]


def _export_block(block, images):
    exported = {"soort": block.kind}
    if block.kind in (Block.Kind.TEXT, Block.Kind.TIP):
        exported["tekst"] = block.text
    elif block.kind == Block.Kind.IMAGE:
        exported["afbeelding"] = images.name_for(block.image)
        exported["alternatieveTekst"] = block.alt_text
    else:
        question = block.question
        exported["vraag"] = {
            "sleutel": question.key,
            "soort": question.kind,
            "tekst": question.prompt,
            "uitleg": question.explanation,
            "opties": [
                {"tekst": option.text, "juist": option.is_correct, "feedback": option.feedback}
                for option in question.options.all()
            ],
        }
    return exported


# --- validation -----------------------------------------------------------------------------


class _Problems:
    def __init__(self):
        self.by_path: dict[str, list[str]] = {}

    def add(self, path, message):
        self.by_path.setdefault(path, []).append(str(message))


def _text(data, key, path, problems, *, required=True, max_length=None):
    value = data.get(key, "") if isinstance(data, dict) else ""
    if not isinstance(value, str):
        problems.add(f"{path}.{key}", _("This must be text."))
        return ""
    if "\x00" in value:  # PostgreSQL cannot store it
        problems.add(f"{path}.{key}", _("Null characters are not allowed."))
    if required and not value.strip():
        problems.add(f"{path}.{key}", _("This field is required."))
    if max_length and len(value) > max_length:
        problems.add(f"{path}.{key}", _("At most %(count)s characters.") % {"count": max_length})
    return value


def _key(data, path, problems, seen):
    value = _text(data, "sleutel", path, problems, max_length=60)
    if value and not KEY_PATTERN.match(value):
        problems.add(f"{path}.sleutel", _("Use lower case letters, digits and hyphens."))
    elif value in seen:
        problems.add(f"{path}.sleutel", _("This key is used twice."))
    seen.add(value)
    return value


def _named_in(value, names) -> bool:
    """Whether ``value`` is one of ``names``; a list or object in the pack is simply not."""
    return isinstance(value, str) and value in names


def _list(data, key, path, problems, *, minimum=0):
    value = data.get(key, []) if isinstance(data, dict) else []
    if not isinstance(value, list):
        problems.add(f"{path}.{key}", _("This must be a list."))
        return []
    if len(value) < minimum:
        problems.add(f"{path}.{key}", _("At least %(count)s needed.") % {"count": minimum})
    return value


def validate_pack(pack, *, organisation: Organisation | None) -> dict[str, list[str]]:
    problems = _Problems()
    if not isinstance(pack, dict):
        problems.add("pakket", _("A content pack is a JSON object."))
        return problems.by_path
    if pack.get("formaat") != PACK_FORMAT:
        problems.add("formaat", _("This is not a Dienst-DNA content pack."))
    if pack.get("versie") != PACK_VERSION:
        problems.add("versie", _("Only version 1 of the pack format is supported."))
    images = pack.get("afbeeldingen", {})
    if not isinstance(images, dict):
        problems.add("afbeeldingen", _("This must be an object."))
        images = {}
    for name, image in images.items():
        _validate_image(name, image, problems)
    module = pack.get("module")
    if not isinstance(module, dict):
        problems.add("module", _("This field is required."))
        return problems.by_path
    module_key = _key(module, "module", problems, set())
    _text(module, "titel", "module", problems, max_length=200)
    _text(module, "beschrijving", "module", problems, required=False)
    if module_key and Module.objects.filter(owner=organisation, key=module_key).exists():
        problems.add("module.sleutel", _("Your organisation already has a module with this key."))
    goal_keys: set[str] = set()
    for index, goal in enumerate(_list(module, "leerdoelen", "module", problems)):
        path = f"module.leerdoelen.{index}"
        _key(goal, path, problems, goal_keys)
        _text(goal, "titel", path, problems, max_length=200)
        _text(goal, "beschrijving", path, problems, required=False)
    lesson_keys: set[str] = set()
    for index, lesson in enumerate(_list(module, "lessen", "module", problems, minimum=1)):
        _validate_lesson(lesson, f"module.lessen.{index}", problems, lesson_keys, goal_keys, images)
    return problems.by_path


def _validate_image(name, image, problems):
    path = f"afbeeldingen.{name}"
    if not isinstance(image, dict):
        problems.add(path, _("This must be an object."))
        return
    _text(image, "beschrijving", path, problems, max_length=300)
    try:
        data = base64.b64decode(image.get("inhoud", ""), validate=True)
    except (binascii.Error, TypeError, ValueError):
        problems.add(f"{path}.inhoud", _("This is not valid base64."))
        return
    try:
        process_image(data)
    except ImageRejected as exc:
        problems.add(f"{path}.inhoud", REJECTION_MESSAGES.get(exc.code, str(exc)))


def _validate_lesson(lesson, path, problems, lesson_keys, goal_keys, images):
    if not isinstance(lesson, dict):
        problems.add(path, _("This must be an object."))
        return
    _key(lesson, path, problems, lesson_keys)
    _text(lesson, "titel", path, problems, max_length=200)
    _text(lesson, "samenvatting", path, problems, required=False, max_length=300)
    seconds = lesson.get("geschatteDuurSeconden")
    if (
        not isinstance(seconds, int)
        or isinstance(seconds, bool)
        or not (MIN_SECONDS <= seconds <= MAX_SECONDS)
    ):
        problems.add(f"{path}.geschatteDuurSeconden", _("A whole number from 60 to 300."))
    for goal_index, goal in enumerate(_list(lesson, "leerdoelen", path, problems)):
        if not _named_in(goal, goal_keys):
            problems.add(
                f"{path}.leerdoelen.{goal_index}", _("This learning goal is not in the pack.")
            )
    question_keys: set[str] = set()
    for index, block in enumerate(_list(lesson, "blokken", path, problems, minimum=1)):
        _validate_block(block, f"{path}.blokken.{index}", problems, question_keys, images)


def _validate_block(block, path, problems, question_keys, images):
    if not isinstance(block, dict) or not _named_in(block.get("soort"), BLOCK_KINDS):
        problems.add(f"{path}.soort", _("Use tekst, afbeelding, tip or vraag."))
        return
    kind = block["soort"]
    if kind in (Block.Kind.TEXT, Block.Kind.TIP):
        _text(block, "tekst", path, problems)
    elif kind == Block.Kind.IMAGE:
        if not _named_in(block.get("afbeelding"), images):
            problems.add(f"{path}.afbeelding", _("This image is not in the pack."))
        _text(block, "alternatieveTekst", path, problems, max_length=300)
    else:
        question = block.get("vraag")
        if not isinstance(question, dict):
            problems.add(f"{path}.vraag", _("This field is required."))
            return
        _validate_question(question, f"{path}.vraag", problems, question_keys)


def _validate_question(question, path, problems, question_keys):
    _key(question, path, problems, question_keys)
    kind = question.get("soort")
    if not _named_in(kind, QUESTION_KINDS):
        problems.add(f"{path}.soort", _("Use enkele_keuze or meerdere_keuzes."))
    _text(question, "tekst", path, problems)
    _text(question, "uitleg", path, problems, required=False)
    options = _list(question, "opties", path, problems, minimum=2)
    correct = 0
    texts = []
    for index, option in enumerate(options):
        option_path = f"{path}.opties.{index}"
        if not isinstance(option, dict):
            problems.add(option_path, _("This must be an object."))
            continue
        texts.append(_text(option, "tekst", option_path, problems, max_length=500).casefold())
        _text(option, "feedback", option_path, problems)
        if not isinstance(option.get("juist"), bool):
            problems.add(f"{option_path}.juist", _("This must be true or false."))
        elif option["juist"]:
            correct += 1
    if len(set(texts)) != len(texts):
        problems.add(f"{path}.opties", _("Two options have the same text."))
    if kind == Question.Kind.SINGLE and options and correct != 1:
        problems.add(f"{path}.opties", _("Exactly one option must be correct."))
    if kind == Question.Kind.MULTIPLE and options and correct < 1:
        problems.add(f"{path}.opties", _("At least one option must be correct."))


# --- import ---------------------------------------------------------------------------------


def pack_from_bytes(data: bytes) -> dict:
    """The uploaded file as JSON, or InvalidInput for the field ``pakket``."""
    try:
        return json.loads(data)
    # RecursionError: "[[[[…" a few thousand deep exhausts the parser's stack
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        message = _("This is not a JSON file.")
        raise InvalidInput(
            message, code="invalid_content_pack", params={"pakket": [message]}
        ) from exc


def module_import(*, pack: dict, organisation: Organisation | None, position: int = 0) -> Module:
    """Create the pack's module for ``organisation`` (None: shared), lessons published."""
    problems = validate_pack(pack, organisation=organisation)
    if problems:
        raise InvalidInput(
            _("The content pack has problems; nothing was imported."),
            code="invalid_content_pack",
            params=problems,
        )
    stored_now: list[LessonImage] = []
    try:
        return _module_write(pack, organisation, position, stored_now)
    except BaseException:
        # The rows are rolled back; the files this import stored would stay behind unseen.
        for image in stored_now:
            lesson_image_files_delete(image)
        raise


@transaction.atomic
def _module_write(pack, organisation, position, stored_now) -> Module:
    data = pack["module"]
    images = {}
    for name, image in pack.get("afbeeldingen", {}).items():
        images[name], created = lesson_image_get_or_create(
            owner=organisation,
            data=base64.b64decode(image["inhoud"]),
            description=image["beschrijving"],
        )
        if created:
            stored_now.append(images[name])
    module = Module.objects.create(
        owner=organisation,
        key=data["sleutel"],
        title=data["titel"],
        description=data.get("beschrijving", ""),
        position=position,
    )
    goals = {
        goal["sleutel"]: LearningGoal.objects.create(
            owner=organisation,
            module=module,
            key=goal["sleutel"],
            title=goal["titel"],
            description=goal.get("beschrijving", ""),
        )
        for goal in data.get("leerdoelen", [])
    }
    _import_lessons(module, organisation, data["lessen"], goals, images)
    return module


def _import_lessons(module, organisation, lessons_data, goals, images):
    """Every lesson published as version 1, in a fixed number of bulk inserts. The pack was
    checked against the publication rules as a whole, so each version is publishable."""
    published_at = timezone.now()
    lessons = Lesson.objects.bulk_create(
        Lesson(owner=organisation, module=module, key=data["sleutel"], position=position)
        for position, data in enumerate(lessons_data)
    )
    Lesson.learning_goals.through.objects.bulk_create(
        Lesson.learning_goals.through(lesson=lesson, learninggoal=goals[key])
        for lesson, data in zip(lessons, lessons_data, strict=True)
        for key in dict.fromkeys(data.get("leerdoelen", []))
    )
    versions = LessonVersion.objects.bulk_create(
        LessonVersion(
            lesson=lesson,
            number=1,
            status=LessonVersion.Status.PUBLISHED,
            published_at=published_at,
            title=data["titel"],
            summary=data.get("samenvatting", ""),
            estimated_seconds=data["geschatteDuurSeconden"],
        )
        for lesson, data in zip(lessons, lessons_data, strict=True)
    )
    block_rows = [
        (version, position, block_data)
        for version, data in zip(versions, lessons_data, strict=True)
        for position, block_data in enumerate(data["blokken"])
    ]
    blocks = Block.objects.bulk_create(
        Block(
            version=version,
            position=position,
            kind=block_data["soort"],
            text=block_data.get("tekst", ""),
            image=images.get(block_data.get("afbeelding"))
            if block_data["soort"] == Block.Kind.IMAGE
            else None,
            alt_text=block_data.get("alternatieveTekst", ""),
        )
        for version, position, block_data in block_rows
    )
    question_rows = [
        (block, block_data["vraag"])
        for block, (_version, _position, block_data) in zip(blocks, block_rows, strict=True)
        if block.kind == Block.Kind.QUESTION
    ]
    questions = Question.objects.bulk_create(
        Question(
            version=block.version,
            block=block,
            key=question_data["sleutel"],
            kind=question_data["soort"],
            prompt=question_data["tekst"],
            explanation=question_data.get("uitleg", ""),
        )
        for block, question_data in question_rows
    )
    QuestionOption.objects.bulk_create(
        QuestionOption(
            question=question,
            position=position,
            text=option["tekst"],
            is_correct=option["juist"],
            feedback=option["feedback"],
        )
        for question, (_block, question_data) in zip(questions, question_rows, strict=True)
        for position, option in enumerate(question_data["opties"])
    )
    for lesson, version in zip(lessons, versions, strict=True):
        lesson.published_version = version
    Lesson.objects.bulk_update(lessons, ["published_version"])
