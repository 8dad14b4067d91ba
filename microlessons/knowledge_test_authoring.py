"""Writes for the knowledge test: editors write tests (questions by topic, with options) and
publish them, after which they never change; organisation admins set measurement windows."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.errors import Conflict, NotAllowed
from backend.common.owned_content import may_edit, usable_by, visible_to
from backend.common.problems import Problems
from backend.organisations.models import Organisation
from microlessons.content_rules import OptionContent, QuestionContent, question_problems
from microlessons.lesson_editing import not_available
from microlessons.models import (
    KnowledgeOption,
    KnowledgeQuestion,
    KnowledgeTest,
    MeasurementWindow,
)


def _refuse_unless_editable_draft(test: KnowledgeTest, organisation) -> None:
    stored = KnowledgeTest.objects.get(pk=test.pk)
    if not may_edit(stored, organisation):
        raise NotAllowed(_("This content is not yours to change."), code="not_yours")
    if stored.is_published:
        raise NotAllowed(
            _("A published test never changes; make a new one."),
            code="published_version_immutable",
        )


@transaction.atomic
def knowledge_test_save(*, test: KnowledgeTest, organisation) -> KnowledgeTest:
    if test._state.adding:
        test.owner_id = organisation.pk if organisation else None
    else:
        _refuse_unless_editable_draft(test, organisation)
    test.full_clean()
    test.save()
    return test


@transaction.atomic
def knowledge_question_save(*, question: KnowledgeQuestion, organisation) -> KnowledgeQuestion:
    _refuse_unless_editable_draft(question.test, organisation)
    if not usable_by(question.topic, question.test.owner_id):
        raise not_available("topic")
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def knowledge_question_delete(*, question: KnowledgeQuestion, organisation) -> None:
    _refuse_unless_editable_draft(question.test, organisation)
    question.delete()


@transaction.atomic
def knowledge_option_save(*, option: KnowledgeOption, organisation) -> KnowledgeOption:
    _refuse_unless_editable_draft(option.question.test, organisation)
    option.full_clean()
    option.save()
    return option


@transaction.atomic
def knowledge_option_delete(*, option: KnowledgeOption, organisation) -> None:
    _refuse_unless_editable_draft(option.question.test, organisation)
    option.delete()


def knowledge_test_problems(test: KnowledgeTest) -> Problems:
    """The content rules of lesson questions, for every question of the test."""
    problems = Problems()
    if not test.title.strip():
        problems.add("titel", _("A test needs a title."), "required")
    questions = list(test.questions.select_related("topic").prefetch_related("options"))
    if not questions:
        problems.add("vragen", _("A test needs questions."), "required")
    for question in questions:
        path = f"vragen.{question.key}"
        if not usable_by(question.topic, test.owner_id):
            problems.add(f"{path}.onderwerp", _("This choice is not available."), "not_available")
        content = QuestionContent(
            key=question.key,
            kind=question.kind,
            prompt=question.prompt,
            explanation=question.explanation,
            options=tuple(
                OptionContent(text=o.text, is_correct=o.is_correct, feedback=o.feedback)
                for o in question.options.all()
            ),
        )
        problems.extend(question_problems(content), prefix=path)
    return problems


@transaction.atomic
def knowledge_test_publish(*, test: KnowledgeTest) -> KnowledgeTest:
    test = KnowledgeTest.objects.select_for_update().get(pk=test.pk)
    if test.is_published:
        raise Conflict(_("This test has already been published."), code="already_published")
    knowledge_test_problems(test).raise_if_any(
        _("This test cannot be published yet."), code="not_publishable"
    )
    test.status = KnowledgeTest.Status.PUBLISHED
    test.published_at = timezone.now()
    test.save(update_fields=["status", "published_at", "updated_at"])
    return test


@transaction.atomic
def measurement_window_save(*, window: MeasurementWindow, organisation) -> MeasurementWindow:
    if organisation is not None:
        window.organisation = organisation
    visible = KnowledgeTest.objects.filter(
        visible_to(window.organisation_id), status=KnowledgeTest.Status.PUBLISHED
    )
    if not visible.filter(pk=window.test_id).exists():
        raise not_available("test")
    # Windows of one organisation are saved one at a time, so two overlapping windows cannot
    # both pass the overlap check in clean().
    Organisation.objects.select_for_update().filter(pk=window.organisation_id).first()
    window.full_clean()
    window.save()
    return window
