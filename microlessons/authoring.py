"""Writes for content editors: drafts, publishing, adapting shared lessons."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.errors import Conflict, InvalidInput, NotAllowed
from backend.organisations.models import Organisation
from microlessons.content_rules import publication_problems
from microlessons.models import Block, Lesson, LessonVersion, Question, QuestionOption


def copy_version_content(*, source: LessonVersion, target: LessonVersion) -> None:
    """Duplicate every block, question and option of ``source`` into ``target``."""
    blocks = source.blocks.select_related("question").prefetch_related("question__options")
    for block in blocks:
        question = getattr(block, "question", None)
        new_block = Block.objects.create(
            version=target,
            position=block.position,
            kind=block.kind,
            text=block.text,
            image_id=block.image_id,
            alt_text=block.alt_text,
        )
        if question is None:
            continue
        new_question = Question.objects.create(
            version=target,
            block=new_block,
            key=question.key,
            kind=question.kind,
            prompt=question.prompt,
            explanation=question.explanation,
        )
        QuestionOption.objects.bulk_create(
            QuestionOption(
                question=new_question,
                position=option.position,
                text=option.text,
                is_correct=option.is_correct,
                feedback=option.feedback,
            )
            for option in question.options.all()
        )


def _next_number(lesson):
    return (lesson.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1


@transaction.atomic
def lesson_draft_create(*, lesson: Lesson) -> LessonVersion:
    """A new draft that starts from the published version (or the existing draft)."""
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    existing = lesson.versions.filter(status=LessonVersion.Status.DRAFT).first()
    if existing is not None:
        return existing
    source = lesson.published_version
    draft = LessonVersion.objects.create(
        lesson=lesson,
        number=_next_number(lesson),
        title=source.title if source else lesson.key.replace("-", " ").capitalize(),
        summary=source.summary if source else "",
        estimated_seconds=source.estimated_seconds if source else 180,
    )
    if source is not None:
        copy_version_content(source=source, target=draft)
    return draft


@transaction.atomic
def lesson_version_publish(*, version: LessonVersion) -> LessonVersion:
    lesson = Lesson.objects.select_for_update().get(pk=version.lesson_id)
    version = LessonVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise Conflict(_("This version has already been published."), code="already_published")
    problems = publication_problems(version)
    if problems:
        raise InvalidInput(
            _("This version cannot be published yet."), code="not_publishable", params=problems
        )
    version.status = LessonVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at", "updated_at"])
    lesson.published_version = version
    lesson.save(update_fields=["published_version", "updated_at"])
    return version


@transaction.atomic
def lesson_adapt(*, lesson: Lesson, organisation: Organisation) -> Lesson:
    """An organisation's own copy of a shared lesson. Later versions of the original never
    overwrite it; the copy only shows that a newer original exists."""
    if not lesson.is_shared:
        raise NotAllowed(_("Only shared lessons can be adapted."), code="not_shared")
    source = lesson.published_version
    if source is None:
        raise Conflict(_("This lesson has no published version yet."), code="not_published")
    if Lesson.objects.filter(adapted_from=lesson, owner=organisation).exists():
        raise Conflict(
            _("Your organisation already has its own copy of this lesson."),
            code="already_adapted",
        )
    copy = Lesson.objects.create(
        owner=organisation,
        module=lesson.module,
        key=lesson.key,
        position=lesson.position,
        adapted_from=lesson,
        adapted_from_version=source.number,
    )
    copy.learning_goals.set(lesson.learning_goals.all())
    draft = LessonVersion.objects.create(
        lesson=copy,
        number=1,
        title=source.title,
        summary=source.summary,
        estimated_seconds=source.estimated_seconds,
    )
    copy_version_content(source=source, target=draft)
    return copy


def newer_original_available(lesson: Lesson) -> bool:
    """For an adapted copy: the shared original has published a version after the copy."""
    original = lesson.adapted_from
    if original is None or original.published_version is None:
        return False
    return original.published_version.number > (lesson.adapted_from_version or 0)
