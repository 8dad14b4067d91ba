"""Reads for learning reminders: who practised, whose streak is at risk, who has a lesson or
reviews waiting. Batched: a handful of queries for any number of employees."""

import datetime

from django.db.models import Count, Exists, Max, OuterRef, QuerySet

from backend.organisations.models import Employee
from microlessons.models import ActivityDay, LessonCompletion, ReviewCard
from microlessons.selectors import path_lessons


def practised_on(*, employee_ids, day: datetime.date) -> set[int]:
    """Who of ``employee_ids`` answered or finished something on local ``day``."""
    return set(
        ActivityDay.objects.filter(employee_id__in=list(employee_ids), local_date=day).values_list(
            "employee_id", flat=True
        )
    )


def last_practice_days(*, employee_ids) -> dict[int, datetime.date]:
    return dict(
        ActivityDay.objects.filter(employee_id__in=list(employee_ids))
        .values("employee_id")
        .annotate(last=Max("local_date"))
        .values_list("employee_id", "last")
    )


def streaks_at_risk(employees: QuerySet[Employee], *, today: datetime.date) -> QuerySet[Employee]:
    """Employees with a streak of two days or more running until yesterday and no practice
    today: one lesson today keeps it going."""
    yesterday = today - datetime.timedelta(days=1)

    def active_on(day):
        return Exists(ActivityDay.objects.filter(employee=OuterRef("pk"), local_date=day))

    return employees.filter(
        active_on(yesterday), active_on(yesterday - datetime.timedelta(days=1))
    ).exclude(active_on(today))


def with_unfinished_path(*, organisation_id: int, employee_ids) -> set[int]:
    """Who of ``employee_ids`` (one organisation) still has a lesson in their path to do."""
    employee_ids = list(employee_ids)
    employee = Employee(organisation_id=organisation_id)
    path = list(path_lessons(employee=employee).values_list("pk", flat=True))
    if not path:
        return set()
    done = dict(
        LessonCompletion.objects.filter(employee_id__in=employee_ids, lesson_id__in=path)
        .values("employee_id")
        .annotate(lessons=Count("lesson", distinct=True))
        .values_list("employee_id", "lessons")
    )
    return {pk for pk in employee_ids if done.get(pk, 0) < len(path)}


def due_review_counts(*, employee_ids, until: datetime.datetime) -> dict[int, int]:
    """How many review cards fall due before ``until``, per employee that has any."""
    return dict(
        ReviewCard.objects.filter(employee_id__in=list(employee_ids), due__lt=until)
        .values("employee_id")
        .annotate(cards=Count("pk"))
        .values_list("employee_id", "cards")
    )


def practice_days_of(*, pairs) -> set[tuple[int, datetime.date]]:
    """Which of the (employee id, local date) ``pairs`` had practice."""
    pairs = list(pairs)
    if not pairs:
        return set()
    found = ActivityDay.objects.filter(
        employee_id__in={pk for pk, _day in pairs}, local_date__in={day for _pk, day in pairs}
    ).values_list("employee_id", "local_date")
    return set(found) & set(pairs)
