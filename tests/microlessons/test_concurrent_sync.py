"""Two devices of one learner syncing at the same moment (real concurrency needs PostgreSQL)."""

import threading
import uuid

import pytest
from django.db import connection, connections

from microlessons.learner_events import AnswerEvent, record_learner_events
from microlessons.models import AnswerRecord, LearnerState, ReviewCard
from microlessons.spaced_repetition import ReviewedAnswer, card_from_answers
from tests.factories import EmployeeFactory, OrganisationFactory
from tests.microlessons.builders import ago, import_module

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def needs_real_concurrency():
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL (SQLite serialises writers itself)")


def test_simultaneous_overlapping_batches_record_each_event_once():
    organisation = OrganisationFactory()
    employee = EmployeeFactory(organisation=organisation)
    module = import_module(organisation, "samen", lessons=2, questions=3)
    questions = [
        q for lesson in module.lessons.all() for q in lesson.published_version.questions.all()
    ]
    events = [
        AnswerEvent(
            uuid.uuid4(),
            q.uuid,
            (q.options.filter(is_correct=n % 2 == 0).first().uuid,),
            ago(hours=n),
        )
        for n, q in enumerate(questions * 3)
    ]
    barrier = threading.Barrier(4)
    errors = []

    def device(batch):
        try:
            barrier.wait()
            record_learner_events(employee=employee, events=batch)
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connections.close_all()

    batches = [events, events[::-1], events[: len(events) // 2], events[len(events) // 3 :]]
    threads = [threading.Thread(target=device, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AnswerRecord.objects.filter(employee=employee).count() == len(events)
    assert LearnerState.objects.filter(employee=employee).count() == 1
    for card in ReviewCard.objects.filter(employee=employee):
        answers = AnswerRecord.objects.filter(
            employee=employee, lesson=card.lesson, question_key=card.question_key
        )
        expected = card_from_answers(
            [ReviewedAnswer(a.occurred_at, a.is_correct, a.uuid) for a in answers]
        )
        assert (card.due, card.review_count) == (expected.due, expected.review_count)
