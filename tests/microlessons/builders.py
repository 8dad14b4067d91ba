"""Content for tests: real packs through the importer, or bulk rows for size tests."""

import datetime
import io
import uuid

from django.utils import timezone
from PIL import Image

from microlessons.content_packs import PACK_FORMAT, PACK_VERSION, module_import
from microlessons.models import Block, Lesson, LessonVersion, Module, Question, QuestionOption


def question(key, *, kind="enkele_keuze", correct=(0,), options=3):
    return {
        "sleutel": key,
        "soort": kind,
        "tekst": f"Vraag {key}?",
        "uitleg": f"Uitleg bij {key}.",
        "opties": [
            {
                "tekst": f"Optie {index} van {key}",
                "juist": index in correct,
                "feedback": f"Feedback {index} bij {key}.",
            }
            for index in range(options)
        ],
    }


def lesson(key, *, questions=2, seconds=120, extra_blocks=()):
    return {
        "sleutel": key,
        "titel": f"Les {key}",
        "samenvatting": f"Samenvatting {key}",
        "geschatteDuurSeconden": seconds,
        "leerdoelen": ["doel"],
        "blokken": [
            {"soort": "tekst", "tekst": f"Uitleg in les {key}."},
            *extra_blocks,
            *({"soort": "vraag", "vraag": question(f"{key}-v{n}")} for n in range(questions)),
        ],
    }


def pack(
    module_key="module", *, lessons=2, questions=2, seconds=120, images=None, lesson_list=None
):
    return {
        "formaat": PACK_FORMAT,
        "versie": PACK_VERSION,
        "module": {
            "sleutel": module_key,
            "titel": f"Module {module_key}",
            "beschrijving": "Een module voor tests.",
            "leerdoelen": [{"sleutel": "doel", "titel": "Een doel", "beschrijving": ""}],
            "lessen": lesson_list
            if lesson_list is not None
            else [
                lesson(f"{module_key}-l{n}", questions=questions, seconds=seconds)
                for n in range(lessons)
            ],
        },
        "afbeeldingen": images or {},
    }


def import_module(organisation, module_key="module", position=0, **kwargs) -> Module:
    return module_import(
        pack=pack(module_key, **kwargs), organisation=organisation, position=position
    )


def png_bytes(width=800, height=600, color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def first_question(lesson_obj: Lesson) -> Question:
    return lesson_obj.published_version.questions.order_by("block__position").first()


def bulk_lessons(module: Module, count: int) -> list[Lesson]:
    """Many published one-question lessons in a handful of queries (for size tests)."""
    now = timezone.now()
    lessons = Lesson.objects.bulk_create(
        Lesson(
            owner=module.owner,
            module=module,
            key=f"bulk-{uuid.uuid4().hex[:12]}",
            position=1000 + n,
        )
        for n in range(count)
    )
    versions = LessonVersion.objects.bulk_create(
        LessonVersion(
            lesson=lesson_obj,
            number=1,
            status=LessonVersion.Status.PUBLISHED,
            title=f"Bulkles {n}",
            estimated_seconds=120,
            published_at=now,
        )
        for n, lesson_obj in enumerate(lessons)
    )
    blocks = Block.objects.bulk_create(
        Block(version=version, position=0, kind=Block.Kind.QUESTION) for version in versions
    )
    questions = Question.objects.bulk_create(
        Question(version=version, block=block, key="v", prompt="Vraag?")
        for version, block in zip(versions, blocks, strict=True)
    )
    QuestionOption.objects.bulk_create(
        QuestionOption(question=q, position=p, text=f"O{p}", is_correct=p == 0, feedback="F")
        for q in questions
        for p in range(2)
    )
    for lesson_obj, version in zip(lessons, versions, strict=True):
        lesson_obj.published_version = version
    Lesson.objects.bulk_update(lessons, ["published_version"])
    return lessons


def ago(**kwargs) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)
