"""Content packs: a module with its learning goals, lessons, questions and images as one
portable JSON document, to share between organisations.

Import checks the whole pack first and lists every problem; only a flawless pack is written,
in one transaction, so nothing is ever half-imported.
"""

import base64
import binascii
import json
import logging
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.audit.services import audit_record, snapshot
from backend.common.errors import Conflict, InvalidInput
from backend.common.images import ImageRejected, ProcessedImage, inspect_image, process_image
from backend.common.problems import Problems
from backend.common.stored_files import files_removed_on_failure
from backend.organisations.models import Employee, Organisation
from microlessons.content_rules import BlockContent, LessonContent, lesson_problems, max_length
from microlessons.image_uploads import REJECTION_MESSAGES, lesson_image_store
from microlessons.json_reading import named_in, read_key, read_list, read_question, read_text
from microlessons.models import (
    Block,
    LearningGoal,
    Lesson,
    LessonVersion,
    Module,
    Question,
    QuestionOption,
)
from microlessons.selectors import with_content

PACK_FORMAT = "dienst-dna-inhoudspakket"
PACK_VERSION = 1
MAX_PACK_BYTES = 50 * 1024 * 1024
logger = logging.getLogger(__name__)

# All images of one pack together: decoding is the expensive part of an import, so the sum is
# bounded from the headers before any pixel is decoded (about 6 s of work on one core).
MAX_PACK_PIXELS = 120_000_000
BLOCK_KINDS = set(Block.Kind.values)


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
            try:
                with default_storage.open(image.original.name, "rb") as handle:
                    content = handle.read()
            except FileNotFoundError as exc:
                # Lost from storage (a restore without the media, say): say which image, so an
                # editor can upload it again, instead of failing the whole request unexplained.
                logger.error("Lesson image %s is missing from storage: %s", image.uuid, exc)
                raise Conflict(
                    _(
                        "The image “%(description)s” (%(uuid)s) is missing from storage: "
                        "upload it again in the lesson, then export once more."
                    )
                    % {"description": image.description, "uuid": image.uuid},
                    code="image_missing",
                ) from exc
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
# The pack's shape (types, keys, references) is checked here; what a lesson must satisfy to be
# published is checked by microlessons.content_rules, the same rules the publish action uses.


@dataclass
class CheckedPack:
    """The outcome of checking a pack: every problem, and the images already processed (so an
    import decodes each image once)."""

    problems: Problems = field(default_factory=Problems)
    images: dict[str, ProcessedImage] = field(default_factory=dict)


def check_pack(pack, *, organisation: Organisation | None) -> CheckedPack:
    checked = CheckedPack()
    problems = checked.problems
    if not isinstance(pack, dict):
        problems.add("pakket", _("A content pack is a JSON object."), "invalid_type")
        return checked
    if pack.get("formaat") != PACK_FORMAT:
        problems.add("formaat", _("This is not a Dienst-DNA content pack."), "invalid_format")
    if pack.get("versie") != PACK_VERSION:
        problems.add(
            "versie", _("Only version 1 of the pack format is supported."), "unsupported_version"
        )
    images = pack.get("afbeeldingen", {})
    if not isinstance(images, dict):
        problems.add("afbeeldingen", _("This must be an object."), "invalid_type")
        images = {}
    _check_images(images, checked)
    module = pack.get("module")
    if not isinstance(module, dict):
        problems.add("module", _("This field is required."), "required")
        return checked
    module_key = read_key(module, "module", problems, set())
    read_text(module, "titel", "module", problems, max_length=max_length(Module, "title"))
    read_text(module, "beschrijving", "module", problems, required=False)
    if module_key and Module.objects.filter(owner=organisation, key=module_key).exists():
        problems.add(
            "module.sleutel",
            _("Your organisation already has a module with this key."),
            "duplicate",
        )
    goal_keys: set[str] = set()
    for index, goal in enumerate(read_list(module, "leerdoelen", "module", problems)):
        path = f"module.leerdoelen.{index}"
        read_key(goal, path, problems, goal_keys)
        read_text(goal, "titel", path, problems, max_length=max_length(LearningGoal, "title"))
        read_text(goal, "beschrijving", path, problems, required=False)
    lessons = read_list(module, "lessen", "module", problems)
    if not lessons and isinstance(module.get("lessen", []), list):
        problems.add("module.lessen", _("At least %(count)s needed.") % {"count": 1}, "required")
    lesson_keys: set[str] = set()
    for index, lesson in enumerate(lessons):
        _check_lesson(lesson, f"module.lessen.{index}", problems, lesson_keys, goal_keys, images)
    return checked


def validate_pack(pack, *, organisation: Organisation | None) -> dict[str, list[str]]:
    """Field path -> problems; empty when the pack can be imported."""
    return check_pack(pack, organisation=organisation).problems.by_path


def _check_images(images: dict, checked: CheckedPack) -> None:
    """Headers first, for every image: only when their pixels together stay within the
    bound is any image decoded."""
    problems = checked.problems
    decoded: dict[str, bytes] = {}
    total_pixels = 0
    for name, image in images.items():
        path = f"afbeeldingen.{name}"
        if not isinstance(image, dict):
            problems.add(path, _("This must be an object."), "invalid_type")
            continue
        read_text(image, "beschrijving", path, problems, max_length=300)
        try:
            data = base64.b64decode(image.get("inhoud", ""), validate=True)
        except (binascii.Error, TypeError, ValueError):
            problems.add(f"{path}.inhoud", _("This is not valid base64."), "invalid_base64")
            continue
        try:
            total_pixels += inspect_image(data).pixels
        except ImageRejected as exc:
            problems.add(f"{path}.inhoud", REJECTION_MESSAGES.get(exc.code, str(exc)), exc.code)
            continue
        decoded[name] = data
    if total_pixels > MAX_PACK_PIXELS:
        problems.add(
            "afbeeldingen",
            _("Together the images have too many pixels (at most %(count)s megapixels).")
            % {"count": MAX_PACK_PIXELS // 1_000_000},
            "too_many_pixels",
        )
        return
    for name, data in decoded.items():
        try:
            checked.images[name] = process_image(data)
        except ImageRejected as exc:
            problems.add(
                f"afbeeldingen.{name}.inhoud", REJECTION_MESSAGES.get(exc.code, str(exc)), exc.code
            )


def _check_lesson(lesson, path, problems, lesson_keys, goal_keys, images):
    if not isinstance(lesson, dict):
        problems.add(path, _("This must be an object."), "invalid_type")
        return
    read_key(lesson, path, problems, lesson_keys)
    seconds = lesson.get("geschatteDuurSeconden")
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        problems.add(
            f"{path}.geschatteDuurSeconden", _("This must be a whole number."), "invalid_type"
        )
        seconds = None
    for goal_index, goal in enumerate(read_list(lesson, "leerdoelen", path, problems)):
        if not named_in(goal, goal_keys):
            problems.add(
                f"{path}.leerdoelen.{goal_index}",
                _("This learning goal is not in the pack."),
                "unknown_learning_goal",
            )
    blocks = tuple(
        _block_content(block, f"{path}.blokken.{index}", problems, images)
        for index, block in enumerate(read_list(lesson, "blokken", path, problems))
    )
    content = LessonContent(
        title=read_text(lesson, "titel", path, problems, required=False),
        summary=read_text(lesson, "samenvatting", path, problems, required=False),
        estimated_seconds=seconds,
        blocks=blocks,
    )
    problems.extend(lesson_problems(content), prefix=path)


def _block_content(block, path, problems, images) -> BlockContent | None:
    if not isinstance(block, dict) or not named_in(block.get("soort"), BLOCK_KINDS):
        problems.add(f"{path}.soort", _("Use tekst, afbeelding, tip or vraag."), "invalid_choice")
        return None
    kind = block["soort"]
    if kind in (Block.Kind.TEXT, Block.Kind.TIP):
        return BlockContent(
            kind=kind, text=read_text(block, "tekst", path, problems, required=False)
        )
    if kind == Block.Kind.IMAGE:
        name = block.get("afbeelding")
        known = named_in(name, images)
        if not known:
            problems.add(f"{path}.afbeelding", _("This image is not in the pack."), "unknown_image")
        image = images.get(name) if known else None
        description = image.get("beschrijving", "") if isinstance(image, dict) else ""
        return BlockContent(
            kind=kind,
            has_image=known,
            image_description=description if isinstance(description, str) else "",
            alt_text=read_text(block, "alternatieveTekst", path, problems, required=False),
        )
    question = block.get("vraag")
    if not isinstance(question, dict):
        return BlockContent(kind=kind, question=None)
    return BlockContent(kind=kind, question=read_question(question, f"{path}.vraag", problems))


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


def module_import(
    *,
    pack: dict,
    organisation: Organisation | None,
    position: int = 0,
    by: Employee | None = None,
) -> Module:
    """Create the pack's module for ``organisation`` (None: shared), lessons published. An
    editor's import (``by``) goes into the audit trail."""
    checked = check_pack(pack, organisation=organisation)
    checked.problems.raise_if_any(
        _("The content pack has problems; nothing was imported."), code="invalid_content_pack"
    )
    # The rows roll back on any failure; the image files this import stored go with them.
    with files_removed_on_failure():
        module = _module_write(pack, organisation, position, checked.images)
    if by is not None:
        audit_record(
            actor=by, action="inhoudspakket:geimporteerd", obj=module, after=snapshot(module)
        )
    return module


@transaction.atomic
def _module_write(pack, organisation, position, processed_images) -> Module:
    data = pack["module"]
    images = {
        name: lesson_image_store(
            owner=organisation,
            processed=processed,
            description=pack["afbeeldingen"][name]["beschrijving"],
        )[0]
        for name, processed in processed_images.items()
    }
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
