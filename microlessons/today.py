"""Today's session: one call gives the learner what fits in today's time: the next new lesson
in their path, a short simulation when one is due, and the reviews that are due (FSRS)."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from backend.organisations.models import Employee
from microlessons.models import Lesson, LessonCompletion, Question, ReviewCard, Simulation
from microlessons.selectors import (
    ORDERED_OPTIONS,
    completed_lesson_ids,
    end_of_local_day,
    local_today,
    path_lessons,
    streak_for,
    with_lesson_content,
)
from microlessons.simulation_selectors import due_short_simulation
from microlessons.streaks import Streak

DEFAULT_BUDGET_SECONDS = 300
SECONDS_PER_REVIEW = 30


@dataclass(frozen=True)
class DueReview:
    card: ReviewCard
    question: Question  # from the lesson's current published version


@dataclass(frozen=True)
class TodaySession:
    date: datetime.date
    budget_seconds: int
    planned_seconds: int
    next_lesson: Lesson | None
    reviews: list[DueReview]
    reviews_due_total: int
    lessons_completed_today: int
    streak: Streak
    simulation: Simulation | None = None  # a short simulation, when one is due and fits


def _due_cards(employee: Employee, until: datetime.datetime) -> QuerySet[ReviewCard]:
    """Due cards whose question still exists in a lesson the learner can open."""
    current_question = Question.objects.filter(
        version_id=OuterRef("lesson__published_version_id"), key=OuterRef("question_key")
    )
    return (
        ReviewCard.objects.filter(employee=employee, due__lt=until)
        .filter(lesson__in=path_lessons(employee=employee).values("pk"))
        .filter(Exists(current_question))
        .select_related("lesson")
        .order_by("due", "pk")
    )


def today_session(
    *, employee: Employee, now: datetime.datetime, budget_seconds: int = DEFAULT_BUDGET_SECONDS
) -> TodaySession:
    today = local_today(employee, now)
    start_of_today = end_of_local_day(employee, today - datetime.timedelta(days=1))
    lessons_today = LessonCompletion.objects.filter(
        employee=employee, occurred_at__gte=start_of_today
    ).count()
    next_lesson = with_lesson_content(
        path_lessons(employee=employee).exclude(pk__in=completed_lesson_ids(employee=employee))
    ).first()
    remaining = budget_seconds

    def fitting_lesson():
        nonlocal remaining
        if next_lesson is None or next_lesson.published_version.estimated_seconds > remaining:
            return None  # does not fit in today's budget
        remaining -= next_lesson.published_version.estimated_seconds
        return next_lesson

    def fitting_simulation():
        nonlocal remaining
        found = due_short_simulation(employee=employee, now=now, seconds_left=remaining)
        if found is not None:
            remaining -= found.published_version.estimated_seconds
        return found

    if lessons_today:
        # Today's lesson is done: a conversation to practise comes first, then another lesson
        # if there is time left.
        simulation = fitting_simulation()
        next_lesson = fitting_lesson()
    else:
        next_lesson = fitting_lesson()
        simulation = fitting_simulation()

    due = _due_cards(employee, end_of_local_day(employee, today))
    reviews_due_total = due.count()
    cards = list(due[: remaining // SECONDS_PER_REVIEW]) if reviews_due_total else []
    reviews = _with_current_questions(cards)

    planned = (budget_seconds - remaining) + len(reviews) * SECONDS_PER_REVIEW
    return TodaySession(
        date=today,
        budget_seconds=budget_seconds,
        planned_seconds=planned,
        next_lesson=next_lesson,
        reviews=reviews,
        reviews_due_total=reviews_due_total,
        lessons_completed_today=lessons_today,
        streak=streak_for(employee=employee, today=today),
        simulation=simulation,
    )


def _with_current_questions(cards: list[ReviewCard]) -> list[DueReview]:
    if not cards:
        return []
    version_of = {card.lesson_id: card.lesson.published_version_id for card in cards}
    questions = (
        Question.objects.filter(
            version_id__in=set(version_of.values()),
            key__in={card.question_key for card in cards},
        )
        .select_related("version")
        .prefetch_related(Prefetch("options", queryset=ORDERED_OPTIONS))
    )
    by_version_and_key = {(q.version_id, q.key): q for q in questions}
    reviews = []
    for card in cards:
        question = by_version_and_key.get((version_of.get(card.lesson_id), card.question_key))
        if question is not None:
            reviews.append(DueReview(card=card, question=question))
    return reviews
