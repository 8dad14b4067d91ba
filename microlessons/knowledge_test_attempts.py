"""Taking the knowledge test: a practice attempt (feedback after each answer) or a measurement
attempt inside the organisation's open window (nothing about right or wrong until it is
submitted). Only the first submitted measurement attempt of an employee in a window counts.
Attempts carry UUIDs made by the device, so starting the same one again is safe.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.errors import Conflict, InvalidInput, NotFound
from backend.common.owned_content import visible_to
from backend.common.problems import field_problem
from backend.organisations.models import Employee
from microlessons.learner_events import activity_mark, learner_lock
from microlessons.models import (
    KnowledgeAnswer,
    KnowledgeOption,
    KnowledgeQuestion,
    KnowledgeTest,
    KnowledgeTestAttempt,
    MeasurementWindow,
    Question,
)

REFUSALS = {
    "no_open_window": _("Your organisation has no open measurement for this test now."),
    "window_closed": _("The measurement window has closed; this attempt can no longer change."),
    "attempt_submitted": _("This attempt has been submitted; it can no longer change."),
    "question_not_in_test": _("This question is not part of this test."),
    "invalid_option": _("Choose options of this question."),
    "one_option_expected": _("This question takes exactly one option."),
}


def refused(code: str, field: str) -> InvalidInput:
    message = str(REFUSALS[code])
    return InvalidInput(message, code=code, params={field: [field_problem(message, code)]})


ORDERED_OPTIONS = KnowledgeOption.objects.order_by("position", "pk")
ORDERED_QUESTIONS = KnowledgeQuestion.objects.select_related("topic").order_by("position", "pk")


def available_tests(*, employee: Employee) -> QuerySet[KnowledgeTest]:
    return KnowledgeTest.objects.filter(
        visible_to(employee.organisation_id), status=KnowledgeTest.Status.PUBLISHED
    ).order_by("title", "pk")


def open_window(*, employee: Employee, test: KnowledgeTest, now) -> MeasurementWindow | None:
    return (
        MeasurementWindow.objects.filter(
            organisation_id=employee.organisation_id,
            test=test,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .order_by("opens_at")
        .first()
    )


@dataclass(frozen=True)
class TestsOnOffer:
    """The tests an employee can take, and for each whether a measurement is open now."""

    tests: list[KnowledgeTest]
    open_windows: dict[int, MeasurementWindow]  # test id -> its window open now
    measured_windows: set[int]  # open windows in which the employee's measurement counts


def tests_on_offer(*, employee: Employee, now) -> TestsOnOffer:
    tests = list(available_tests(employee=employee).prefetch_related("questions__topic"))
    windows = MeasurementWindow.objects.filter(
        organisation_id=employee.organisation_id,
        test__in=tests,
        opens_at__lte=now,
        closes_at__gt=now,
    )
    measured = KnowledgeTestAttempt.objects.filter(
        employee=employee, window__in=windows, counts_for_measurement=True
    ).values_list("window_id", flat=True)
    return TestsOnOffer(
        tests=tests,
        open_windows={window.test_id: window for window in windows},
        measured_windows=set(measured),
    )


def attempts_of(*, employee: Employee) -> QuerySet[KnowledgeTestAttempt]:
    return (
        KnowledgeTestAttempt.objects.filter(employee=employee)
        .select_related("test", "window")
        .prefetch_related(
            Prefetch("test__questions", queryset=ORDERED_QUESTIONS),
            Prefetch("test__questions__options", queryset=ORDERED_OPTIONS),
            Prefetch("answers", queryset=KnowledgeAnswer.objects.select_related("question")),
        )
        .order_by("-started_at", "-pk")
    )


def attempt_get(*, employee: Employee, attempt_uuid) -> KnowledgeTestAttempt | None:
    return attempts_of(employee=employee).filter(uuid=attempt_uuid).first()


def _fingerprint(test_uuid, kind) -> str:
    return hashlib.sha256(json.dumps([str(test_uuid), kind]).encode()).hexdigest()


@transaction.atomic
def knowledge_test_attempt_start(
    *, employee: Employee, attempt_uuid, test_uuid, kind: str, now=None
) -> tuple[KnowledgeTestAttempt, bool]:
    now = now or timezone.now()
    learner_lock(employee)
    existing = attempt_get(employee=employee, attempt_uuid=attempt_uuid)
    if existing is not None:
        if existing.fingerprint != _fingerprint(test_uuid, kind):
            raise Conflict(_("This uuid was already used for another attempt."), code="conflict")
        return existing, False
    test = available_tests(employee=employee).filter(uuid=test_uuid).first()
    if test is None:
        raise NotFound(_("This test does not exist, or not for you."))
    window = None
    if kind == KnowledgeTestAttempt.Kind.MEASUREMENT:
        window = open_window(employee=employee, test=test, now=now)
        if window is None:
            raise refused("no_open_window", "soort")
    KnowledgeTestAttempt.objects.create(
        uuid=attempt_uuid,
        employee=employee,
        test=test,
        kind=kind,
        window=window,
        started_at=now,
        fingerprint=_fingerprint(test_uuid, kind),
    )
    return attempt_get(employee=employee, attempt_uuid=attempt_uuid), True


def _locked_open_attempt(employee, attempt_uuid, now) -> KnowledgeTestAttempt:
    attempt = (
        # Only the attempt's row: PostgreSQL cannot lock the nullable side of a join.
        KnowledgeTestAttempt.objects.select_for_update(of=("self",))
        .filter(employee=employee, uuid=attempt_uuid)
        .select_related("window", "test")
        .first()
    )
    if attempt is None:
        raise NotFound(_("This attempt does not exist, or not for you."))
    if attempt.is_submitted:
        raise refused("attempt_submitted", "poging")
    if attempt.is_measurement and not attempt.window.is_open(now):
        raise refused("window_closed", "poging")
    return attempt


@transaction.atomic
def knowledge_answer(
    *, employee: Employee, attempt_uuid, question_uuid, chosen_option_uuids, now=None
) -> KnowledgeAnswer:
    """Record (or replace, until submission) the answer to one question of the attempt."""
    now = now or timezone.now()
    attempt = _locked_open_attempt(employee, attempt_uuid, now)
    question = (
        KnowledgeQuestion.objects.filter(test=attempt.test, uuid=question_uuid)
        .prefetch_related(Prefetch("options", queryset=ORDERED_OPTIONS))
        .first()
    )
    if question is None:
        raise refused("question_not_in_test", "vraag")
    options = {option.uuid: option for option in question.options.all()}
    chosen = set(chosen_option_uuids)
    if not chosen or not chosen <= options.keys():
        raise refused("invalid_option", "gekozenOpties")
    if question.kind == Question.Kind.SINGLE and len(chosen) != 1:
        raise refused("one_option_expected", "gekozenOpties")
    correct = {option.uuid for option in options.values() if option.is_correct}
    answer, _created = KnowledgeAnswer.objects.update_or_create(
        attempt=attempt,
        question=question,
        defaults={
            "chosen_options": sorted(str(option) for option in chosen),
            "is_correct": chosen == correct,
            "answered_at": now,
        },
    )
    answer.question = question
    activity_mark(employee=employee, moments=[now])
    return answer


@dataclass(frozen=True)
class TopicResult:
    topic: object  # the Module
    questions: int
    correct: int

    @property
    def percent(self) -> float:
        return round(100 * self.correct / self.questions, 1) if self.questions else 0.0


def results_per_topic(attempt: KnowledgeTestAttempt) -> list[TopicResult]:
    """Per topic, how many questions and how many were answered right (unanswered: wrong)."""
    right = {answer.question_id for answer in attempt.answers.all() if answer.is_correct}
    counts: dict[int, list] = {}
    for question in attempt.test.questions.all():
        entry = counts.setdefault(question.topic_id, [question.topic, 0, 0])
        entry[1] += 1
        entry[2] += question.pk in right
    return [TopicResult(topic, total, correct) for topic, total, correct in counts.values()]


@transaction.atomic
def knowledge_test_submit(*, employee: Employee, attempt_uuid, now=None) -> KnowledgeTestAttempt:
    now = now or timezone.now()
    attempt = _locked_open_attempt(employee, attempt_uuid, now)
    attempt = attempt_get(employee=employee, attempt_uuid=attempt_uuid)
    results = results_per_topic(attempt)
    questions = sum(result.questions for result in results)
    attempt.score_percent = (
        round(100 * sum(r.correct for r in results) / questions, 1) if questions else 0.0
    )
    attempt.submitted_at = now
    if attempt.is_measurement:
        already = KnowledgeTestAttempt.objects.filter(
            employee=employee, window=attempt.window, counts_for_measurement=True
        ).exists()
        attempt.counts_for_measurement = not already
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:  # another submission in this window counted first
        attempt.counts_for_measurement = False
        attempt.save()
    return attempt


def measurement_moment_ok(attempt: KnowledgeTestAttempt, now: datetime.datetime) -> bool:
    return not attempt.is_measurement or attempt.window.is_open(now)
