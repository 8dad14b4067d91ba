"""Reads: what a learner may see, their learning path, their streak, their changes."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from backend.common.owned_content import visible_to
from backend.organisations.models import Employee
from microlessons.models import (
    ActivityDay,
    Block,
    LearnerState,
    Lesson,
    LessonCompletion,
    LessonVersion,
    Module,
    QuestionOption,
    ReviewCard,
)
from microlessons.streaks import Streak, compute_streak


def visible_modules(*, employee: Employee) -> QuerySet[Module]:
    return Module.objects.filter(visible_to(employee.organisation_id))


def path_lessons(*, employee: Employee) -> QuerySet[Lesson]:
    """Published lessons in learning-path order. Where the organisation published its own
    adaptation of a shared lesson, its learners get the adaptation instead of the original."""
    organisation_id = employee.organisation_id
    replaced = Lesson.objects.filter(
        adapted_from=OuterRef("pk"), owner_id=organisation_id, published_version__isnull=False
    )
    return (
        Lesson.objects.filter(
            visible_to(organisation_id),
            published_version__isnull=False,
            module__in=visible_modules(employee=employee),
        )
        .exclude(Exists(replaced))
        .select_related("module", "published_version")
        .order_by("module__position", "module__title", "module_id", "position", "pk")
    )


def lesson_get(*, employee: Employee, lesson_uuid) -> Lesson | None:
    """A lesson the learner may open (published, visible), with its content loaded."""
    return with_lesson_content(
        Lesson.objects.filter(
            visible_to(employee.organisation_id),
            published_version__isnull=False,
            module__in=visible_modules(employee=employee),
            uuid=lesson_uuid,
        ).select_related("module")
    ).first()


ORDERED_BLOCKS = Block.objects.select_related("image", "question").order_by("position", "pk")
ORDERED_OPTIONS = QuestionOption.objects.order_by("position", "pk")


def with_content(versions: QuerySet[LessonVersion]) -> QuerySet[LessonVersion]:
    """Blocks, images, questions and options in a fixed number of queries."""
    return versions.prefetch_related(
        Prefetch("blocks", queryset=ORDERED_BLOCKS),
        Prefetch("blocks__question__options", queryset=ORDERED_OPTIONS),
    )


def with_lesson_content(lessons: QuerySet[Lesson]) -> QuerySet[Lesson]:
    """Lessons with everything a learner's app shows: goals, blocks, images, questions.

    The version comes along in the same query (select_related), its content is prefetched
    through it: a constant number of queries however many lessons, blocks and questions."""
    return lessons.select_related("published_version").prefetch_related(
        "learning_goals",
        Prefetch("published_version__blocks", queryset=ORDERED_BLOCKS),
        Prefetch("published_version__blocks__question__options", queryset=ORDERED_OPTIONS),
    )


def completed_lesson_ids(*, employee: Employee):
    return LessonCompletion.objects.filter(employee=employee).values("lesson_id")


def local_today(employee: Employee, now: datetime.datetime) -> datetime.date:
    return now.astimezone(zoneinfo.ZoneInfo(employee.time_zone)).date()


def end_of_local_day(employee: Employee, day: datetime.date) -> datetime.datetime:
    tz = zoneinfo.ZoneInfo(employee.time_zone)
    next_midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tz)
    return next_midnight.astimezone(datetime.UTC)


def streak_for(*, employee: Employee, today: datetime.date) -> Streak:
    days = set(
        ActivityDay.objects.filter(employee=employee, local_date__lte=today).values_list(
            "local_date", flat=True
        )
    )
    return compute_streak(days, today)


def completion_history(*, employee: Employee) -> QuerySet[LessonCompletion]:
    return (
        LessonCompletion.objects.filter(employee=employee)
        .select_related("lesson", "version")
        .order_by("-occurred_at", "-pk")
    )


@dataclass(frozen=True)
class LearnerChanges:
    revision: int
    cards: list[ReviewCard]
    completions: list[LessonCompletion]
    streak: Streak


def learner_changes(
    *, employee: Employee, since_revision: int, now: datetime.datetime
) -> LearnerChanges:
    state = LearnerState.objects.filter(employee=employee).first()
    revision = state.revision if state else 0
    cards = list(
        ReviewCard.objects.filter(
            employee=employee, revision__gt=since_revision, revision__lte=revision
        )
        .select_related("lesson")
        .order_by("revision", "pk")
    )
    completions = list(
        LessonCompletion.objects.filter(
            employee=employee, revision__gt=since_revision, revision__lte=revision
        )
        .select_related("lesson", "version")
        .order_by("revision", "pk")
    )
    return LearnerChanges(
        revision=revision,
        cards=cards,
        completions=completions,
        streak=streak_for(employee=employee, today=local_today(employee, now)),
    )
