"""Offline sync: one batch of answers per learner through record_learner_events(), then the same
batch again (a phone that retries after a lost response: every event is a duplicate)."""

import datetime
import random
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.organisations.models import Employee
from benchmarks.scale import EVENT_WARM_UP_LEARNERS
from benchmarks.seed import Seeded
from benchmarks.timing import Result, summarise, timed
from microlessons.learner_events import AnswerEvent, Outcome, record_learner_events
from microlessons.models import Question

WARM_UP_BATCHES = EVENT_WARM_UP_LEARNERS
CORRECT_RATE = 0.8


def measure_events(
    seeded: Seeded,
    employees: list[Employee],
    warm_up: list[Employee],
    answers_per_batch: int,
    rng: random.Random,
) -> tuple[Result, Result]:
    questions = _path_questions(seeded)
    batches = {
        employee.pk: _batch(questions, answers_per_batch, rng)
        for employee in [*warm_up[:WARM_UP_BATCHES], *employees]
    }

    def record(employee):
        results = record_learner_events(employee=employee, events=batches[employee.pk])
        return {result.status for result in results}

    # Each batch can be recorded only once, so the query counts come from the warm-up
    # learners (a fixed number per batch, as for the reads) and the timings from the others.
    first_counts, replay_counts = [], []
    for employee in warm_up[:WARM_UP_BATCHES]:
        with CaptureQueriesContext(connection) as captured:
            _expect(record(employee), Outcome.RECORDED)
        first_counts.append(len(captured))
        with CaptureQueriesContext(connection) as captured:
            _expect(record(employee), Outcome.DUPLICATE)
        replay_counts.append(len(captured))

    outcomes = []
    first = timed(employees, lambda employee: outcomes.append(record(employee)))
    for statuses in outcomes:
        _expect(statuses, Outcome.RECORDED)
    outcomes.clear()
    replay = timed(employees, lambda employee: outcomes.append(record(employee)))
    for statuses in outcomes:
        _expect(statuses, Outcome.DUPLICATE)
    label = f"record_learner_events(), {answers_per_batch} answers"
    return (
        summarise(label, first, first_counts),
        summarise("same batch replayed (all duplicates)", replay, replay_counts),
    )


def _expect(statuses: set[str], status: str) -> None:
    if statuses != {status}:
        raise RuntimeError(f"expected every event to be {status!r}, got {sorted(statuses)}")


def _path_questions(seeded: Seeded) -> list[tuple[uuid.UUID, uuid.UUID, list[uuid.UUID]]]:
    """(question, correct option, wrong options) per lesson of the path."""
    questions = Question.objects.filter(
        version_id__in=[lesson.published_version_id for lesson in seeded.lessons]
    ).prefetch_related("options")
    result = []
    for question in questions:
        options = list(question.options.all())
        correct = next(option.uuid for option in options if option.is_correct)
        wrong = [option.uuid for option in options if not option.is_correct]
        result.append((question.uuid, correct, wrong))
    return result


def _batch(questions, size: int, rng: random.Random) -> list[AnswerEvent]:
    """Answers to ``size`` different questions, one a minute during the past hour. About two
    in three are reviews of existing cards, the rest new cards (the path has more lessons)."""
    now = datetime.datetime.now(datetime.UTC)
    events = []
    for n, (question, correct, wrong) in enumerate(rng.sample(questions, size)):
        chosen = correct if rng.random() < CORRECT_RATE else rng.choice(wrong)
        events.append(
            AnswerEvent(
                uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                question_uuid=question,
                chosen_option_uuids=(chosen,),
                occurred_at=now - datetime.timedelta(minutes=60 - n),
                duration_ms=rng.randint(2_000, 20_000),
            )
        )
    return events
