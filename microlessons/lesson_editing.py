"""Writes of lesson content by editors: modules, learning goals, lessons, versions, blocks,
questions and options. The admin saves through these, so a rule holds whichever door is used.

Each takes the row as the caller built it (a new or changed instance) and the organisation the
editor works for (None: an operator, who edits shared content). The rules: an organisation
changes only its own content, only drafts of lessons, and refers only to what it may use
(its own things or shared ones: ``usable_by``); an organisation's lessons live in its own
modules (adapted copies stay beside their shared original).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from backend.common.errors import InvalidInput, NotAllowed
from backend.common.owned_content import may_edit, usable_by
from backend.common.problems import field_problem
from microlessons.models import (
    Block,
    LearningGoal,
    Lesson,
    LessonVersion,
    Module,
    Question,
    QuestionOption,
)


def _owner_id(organisation):
    return organisation.pk if organisation else None


def not_available(field: str) -> InvalidInput:
    """Something the editor may not use: the same words whether it exists elsewhere or not."""
    message = _("This choice is not available.")
    return InvalidInput(
        message, code="not_available", params={field: [field_problem(message, "not_available")]}
    )


def _refuse_unless_editable(content, organisation) -> None:
    if not may_edit(content, organisation):
        raise NotAllowed(_("This content is not yours to change."), code="not_yours")


def _refuse_unless_draft(version: LessonVersion) -> None:
    if version.is_published:
        raise NotAllowed(
            _("A published version never changes; make a new draft."),
            code="published_version_immutable",
        )


@transaction.atomic
def module_save(*, module: Module, organisation) -> Module:
    if module._state.adding:
        module.owner_id = _owner_id(organisation)
    else:
        _refuse_unless_editable(Module.objects.get(pk=module.pk), organisation)
    module.full_clean()
    module.save()
    return module


@transaction.atomic
def learning_goal_save(*, goal: LearningGoal, organisation) -> LearningGoal:
    _refuse_unless_editable(goal.module, organisation)
    goal.owner_id = goal.module.owner_id
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def learning_goal_delete(*, goal: LearningGoal, organisation) -> None:
    _refuse_unless_editable(goal, organisation)
    goal.delete()


@transaction.atomic
def lesson_save(*, lesson: Lesson, organisation, learning_goals=None) -> Lesson:
    """A new lesson or changed lesson details; ``learning_goals`` (when given) replaces them."""
    owner_id = _owner_id(organisation)
    if lesson._state.adding:
        lesson.owner_id = owner_id
    else:
        stored = Lesson.objects.get(pk=lesson.pk)
        _refuse_unless_editable(stored, organisation)
        if stored.adapted_from_id is not None and lesson.module_id != stored.module_id:
            raise not_available("module")  # an adaptation stays beside its original
    if lesson.adapted_from_id is None and lesson.module.owner_id != owner_id:
        raise not_available("module")
    lesson.full_clean()
    lesson.save()
    if learning_goals is not None:
        goals = list(learning_goals)
        for goal in goals:
            if not usable_by(goal, owner_id) or goal.module_id != lesson.module_id:
                raise not_available("learning_goals")
        lesson.learning_goals.set(goals)
    return lesson


@transaction.atomic
def lesson_version_save(*, version: LessonVersion, organisation) -> LessonVersion:
    """Changed title, summary or duration of a draft (drafts are made by lesson_draft_create)."""
    stored = LessonVersion.objects.select_related("lesson").get(pk=version.pk)
    _refuse_unless_editable(stored.lesson, organisation)
    _refuse_unless_draft(stored)
    version.full_clean()
    version.save()
    return version


def _refuse_unless_draft_of(version: LessonVersion, organisation) -> None:
    _refuse_unless_editable(version.lesson, organisation)
    _refuse_unless_draft(LessonVersion.objects.get(pk=version.pk))


@transaction.atomic
def block_save(*, block: Block, organisation) -> Block:
    _refuse_unless_draft_of(block.version, organisation)
    if block.image is not None and not usable_by(block.image, block.version.lesson.owner_id):
        raise not_available("image")
    block.full_clean()
    block.save()
    return block


@transaction.atomic
def block_delete(*, block: Block, organisation) -> None:
    _refuse_unless_draft_of(block.version, organisation)
    block.delete()


@transaction.atomic
def question_save(*, question: Question, position: int, organisation) -> Question:
    """A question with its block in the draft; a new question gets a new question block."""
    version = question.version
    _refuse_unless_draft_of(version, organisation)
    if question._state.adding:
        question.block = Block.objects.create(
            version=version, position=position, kind=Block.Kind.QUESTION
        )
    else:
        if Question.objects.get(pk=question.pk).version_id != version.pk:
            raise not_available("version")  # a question never moves to another lesson
        question.block.position = position
        question.block.save(update_fields=["position"])
    question.full_clean(exclude=["block"])
    question.save()
    return question


@transaction.atomic
def question_option_save(*, option: QuestionOption, organisation) -> QuestionOption:
    _refuse_unless_draft_of(option.question.version, organisation)
    option.full_clean()
    option.save()
    return option


@transaction.atomic
def question_option_delete(*, option: QuestionOption, organisation) -> None:
    _refuse_unless_draft_of(option.question.version, organisation)
    option.delete()
