"""Recording what learners did: answers and lesson completions, one at a time or in offline
batches. Safe to replay: an event is identified by the UUID the device generated.

All writes for one learner are serialised on their LearnerState row, so two devices syncing at
once cannot interleave. Derived state (review cards, activity days) is rebuilt from the events,
which makes the result independent of the order in which events arrive.
"""

import dataclasses
import datetime
import hashlib
import json
import uuid
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from backend.common.owned_content import visible_to
from backend.organisations.models import Employee
from microlessons.models import (
    ActivityDay,
    AnswerRecord,
    LearnerState,
    Lesson,
    LessonCompletion,
    LessonVersion,
    Question,
    ReviewCard,
)
from microlessons.selectors import visible_modules
from microlessons.spaced_repetition import CardState, ReviewedAnswer, card_from_answers

ALLOWED_CLOCK_SKEW = datetime.timedelta(minutes=5)
CARD_STATE_FIELDS = tuple(f.name for f in dataclasses.fields(CardState))
OFFLINE_WINDOW = datetime.timedelta(days=60)


@dataclass(frozen=True)
class AnswerEvent:
    uuid: uuid.UUID
    question_uuid: uuid.UUID
    chosen_option_uuids: tuple[uuid.UUID, ...]
    occurred_at: datetime.datetime
    duration_ms: int | None = None


@dataclass(frozen=True)
class CompletionEvent:
    uuid: uuid.UUID
    lesson_uuid: uuid.UUID
    version_number: int
    occurred_at: datetime.datetime
    duration_seconds: int | None = None


class Outcome:
    RECORDED = "verwerkt"
    DUPLICATE = "dubbel"
    REJECTED = "afgewezen"


@dataclass
class EventResult:
    uuid: uuid.UUID
    status: str
    code: str = ""
    answer: AnswerRecord | None = None
    completion: LessonCompletion | None = None
    card: ReviewCard | None = None


@dataclass
class _Batch:
    employee: Employee
    now: datetime.datetime
    results: list[EventResult] = field(default_factory=list)
    new_answers: list[AnswerRecord] = field(default_factory=list)
    new_completions: list[LessonCompletion] = field(default_factory=list)
    active_days: set[datetime.date] = field(default_factory=set)


def fingerprint(event) -> str:
    if isinstance(event, AnswerEvent):
        payload = [
            "answer",
            str(event.question_uuid),
            sorted(str(option) for option in event.chosen_option_uuids),
            _utc(event.occurred_at).isoformat(),
            event.duration_ms,
        ]
    else:
        payload = [
            "completion",
            str(event.lesson_uuid),
            event.version_number,
            _utc(event.occurred_at).isoformat(),
            event.duration_seconds,
        ]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def client_moment_problem(moment: datetime.datetime, now: datetime.datetime) -> str:
    """Why a moment a device reports cannot be accepted ('' when it can): in the future
    (beyond clock skew) or older than the offline window."""
    if moment > now + ALLOWED_CLOCK_SKEW:
        return "future_timestamp"
    if moment < now - OFFLINE_WINDOW:
        return "timestamp_too_old"
    return ""


def learner_lock(employee: Employee) -> LearnerState:
    """The learner's lock row, locked (call inside a transaction): one write at a time."""
    LearnerState.objects.get_or_create(employee=employee)
    return LearnerState.objects.select_for_update().get(employee=employee)


def activity_mark(*, employee: Employee, moments) -> None:
    """The local days of these moments count as active days (streaks)."""
    zone = zoneinfo.ZoneInfo(employee.time_zone)
    _mark_active_days(employee, {_utc(moment).astimezone(zone).date() for moment in moments})


def record_learner_events(
    *, employee: Employee, events: list, now: datetime.datetime | None = None
) -> list[EventResult]:
    """Record answers and completions; one result per event, in the order given."""
    now = now or timezone.now()
    LearnerState.objects.get_or_create(employee=employee)
    with transaction.atomic():
        state = LearnerState.objects.select_for_update().get(employee=employee)
        batch = _Batch(employee=employee, now=now)
        existing = _existing_events(employee, events)
        resolved = _resolve_references(employee, events)
        for event in events:
            batch.results.append(_record_one(batch, event, existing, resolved))
        cards = {}
        if batch.new_answers or batch.new_completions:
            # New events are written together, so a batch costs the same number of queries
            # whatever its size.
            state.revision += 1
            state.save(update_fields=["revision"])
            for completion in batch.new_completions:
                completion.revision = state.revision
            AnswerRecord.objects.bulk_create(batch.new_answers)
            LessonCompletion.objects.bulk_create(batch.new_completions)
            touched = {(answer.lesson_id, answer.question_key) for answer in batch.new_answers}
            cards = _rebuild_cards(employee, touched, state.revision)
        _mark_active_days(employee, batch.active_days)
    _attach_cards(employee, batch.results, cards)
    return batch.results


def _attach_cards(employee, results, cards):
    """Each answer's result carries the card it fed (also for replayed answers)."""
    answered = [r for r in results if r.answer is not None]
    missing = {
        (r.answer.lesson_id, r.answer.question_key)
        for r in answered
        if (r.answer.lesson_id, r.answer.question_key) not in cards
    }
    if missing:
        for card in ReviewCard.objects.filter(
            employee=employee,
            lesson_id__in={lesson_id for lesson_id, _key in missing},
            question_key__in={key for _lesson_id, key in missing},
        ):
            cards.setdefault((card.lesson_id, card.question_key), card)
    lessons = Lesson.objects.in_bulk({card.lesson_id for card in cards.values()})
    for card in cards.values():
        card.lesson = lessons[card.lesson_id]
    for result in answered:
        result.card = cards.get((result.answer.lesson_id, result.answer.question_key))
        result.answer.card = result.card


def _existing_events(employee, events):
    answer_ids = [e.uuid for e in events if isinstance(e, AnswerEvent)]
    completion_ids = [e.uuid for e in events if isinstance(e, CompletionEvent)]
    answers = (
        AnswerRecord.objects.filter(employee=employee, uuid__in=answer_ids)
        .select_related("question")
        .prefetch_related("question__options")
    )
    completions = LessonCompletion.objects.filter(
        employee=employee, uuid__in=completion_ids
    ).select_related("lesson", "version")
    return {
        **{("answer", a.uuid): a for a in answers},
        **{("completion", c.uuid): c for c in completions},
    }


def _resolve_references(employee, events):
    """Questions and lesson versions the learner may use, looked up in two queries."""
    visible_lessons = Lesson.objects.filter(
        visible_to(employee.organisation_id),
        module__in=visible_modules(employee=employee),
    )
    question_ids = {e.question_uuid for e in events if isinstance(e, AnswerEvent)}
    questions = (
        Question.objects.filter(
            uuid__in=question_ids,
            version__status=LessonVersion.Status.PUBLISHED,
            version__lesson__in=visible_lessons,
        )
        .select_related("version")
        .prefetch_related("options")
    )
    wanted_versions = _versions_matching(
        {(e.lesson_uuid, e.version_number) for e in events if isinstance(e, CompletionEvent)}
    )
    versions = (
        LessonVersion.objects.filter(wanted_versions)
        .filter(status=LessonVersion.Status.PUBLISHED, lesson__in=visible_lessons)
        .select_related("lesson")
        if wanted_versions is not None
        else []
    )
    return {
        "questions": {q.uuid: q for q in questions},
        "versions": {(v.lesson.uuid, v.number): v for v in versions},
    }


def _versions_matching(pairs) -> Q | None:
    query = None
    for lesson_uuid, number in pairs:
        condition = Q(lesson__uuid=lesson_uuid, number=number)
        query = condition if query is None else query | condition
    return query


def _record_one(batch, event, existing, resolved):
    kind = "answer" if isinstance(event, AnswerEvent) else "completion"
    previous = existing.get((kind, event.uuid))
    if previous is not None:
        if previous.fingerprint == fingerprint(event):
            return _result(event, Outcome.DUPLICATE, record=previous)
        return _result(event, Outcome.REJECTED, code="conflict")

    occurred_at = _utc(event.occurred_at)
    problem = client_moment_problem(occurred_at, batch.now)
    if problem:
        return _result(event, Outcome.REJECTED, code=problem)

    if kind == "answer":
        record = _new_answer(batch, event, occurred_at, resolved["questions"])
    else:
        record = _new_completion(batch, event, occurred_at, resolved["versions"])
    if isinstance(record, EventResult):
        return record
    existing[(kind, event.uuid)] = record  # a repeat later in the same batch is a duplicate
    batch.active_days.add(
        occurred_at.astimezone(zoneinfo.ZoneInfo(batch.employee.time_zone)).date()
    )
    return _result(event, Outcome.RECORDED, record=record)


def _new_answer(batch, event, occurred_at, questions):
    question = questions.get(event.question_uuid)
    if question is None:
        return _result(event, Outcome.REJECTED, code="unknown_question")
    options = {option.uuid: option for option in question.options.all()}
    chosen = set(event.chosen_option_uuids)
    if not chosen or not chosen <= options.keys():
        return _result(event, Outcome.REJECTED, code="invalid_option")
    if question.kind == Question.Kind.SINGLE and len(chosen) != 1:
        return _result(event, Outcome.REJECTED, code="one_option_expected")
    correct = {option.uuid for option in options.values() if option.is_correct}
    record = AnswerRecord(
        uuid=event.uuid,
        employee=batch.employee,
        occurred_at=occurred_at,
        fingerprint=fingerprint(event),
        question=question,
        lesson_id=question.version.lesson_id,
        question_key=question.key,
        chosen_options=sorted(str(option) for option in chosen),
        is_correct=chosen == correct,
        duration_ms=event.duration_ms,
    )
    batch.new_answers.append(record)
    return record


def _new_completion(batch, event, occurred_at, versions):
    version = versions.get((event.lesson_uuid, event.version_number))
    if version is None:
        return _result(event, Outcome.REJECTED, code="unknown_lesson_version")
    record = LessonCompletion(
        uuid=event.uuid,
        employee=batch.employee,
        occurred_at=occurred_at,
        fingerprint=fingerprint(event),
        version=version,
        lesson=version.lesson,
        duration_seconds=event.duration_seconds,
    )
    batch.new_completions.append(record)
    return record


def _result(event, status, *, code="", record=None):
    result = EventResult(uuid=event.uuid, status=status, code=code)
    if isinstance(record, AnswerRecord):
        result.answer = record
    elif isinstance(record, LessonCompletion):
        result.completion = record
    return result


def _rebuild_cards(employee, touched, revision):
    """Recompute every touched card from the learner's complete answer log for it."""
    if not touched:
        return {}
    lesson_ids = {lesson_id for lesson_id, _key in touched}
    keys = {key for _lesson_id, key in touched}
    log = defaultdict(list)
    answers = AnswerRecord.objects.filter(
        employee=employee, lesson_id__in=lesson_ids, question_key__in=keys
    ).values_list("lesson_id", "question_key", "occurred_at", "is_correct", "uuid")
    for lesson_id, key, occurred_at, is_correct, answer_uuid in answers:
        if (lesson_id, key) in touched:
            log[(lesson_id, key)].append(ReviewedAnswer(occurred_at, is_correct, answer_uuid))
    cards = {
        (card.lesson_id, card.question_key): card
        for card in ReviewCard.objects.filter(
            employee=employee, lesson_id__in=lesson_ids, question_key__in=keys
        )
    }
    to_create, to_update = [], []
    for lesson_id, key in touched:
        state = card_from_answers(log[(lesson_id, key)])
        card = cards.get((lesson_id, key))
        if card is None:
            card = ReviewCard(
                uuid=uuid.uuid4(), employee=employee, lesson_id=lesson_id, question_key=key
            )
            cards[(lesson_id, key)] = card
            to_create.append(card)
        else:
            to_update.append(card)
        for name in CARD_STATE_FIELDS:
            setattr(card, name, getattr(state, name))
        card.revision = revision
    ReviewCard.objects.bulk_create(to_create)
    ReviewCard.objects.bulk_update(to_update, [*CARD_STATE_FIELDS, "revision"])
    return cards


def _mark_active_days(employee, days):
    if days:
        ActivityDay.objects.bulk_create(
            [ActivityDay(employee=employee, local_date=day) for day in days],
            ignore_conflicts=True,
        )
