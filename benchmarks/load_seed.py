"""The people of the load test (benchmarks/load.py): employees of the demo organisation
Zeventerpen, each with a bearer token and a few weeks of use behind them, so every call of the
mix reads and writes rows like a real phone's.

Per employee: the first lessons of the learning path completed, one review card per question of
those lessons (15 to 25 % due today, up to two weeks overdue), a short streak, and a fortnight of
notifications in the inbox. Bulk inserts, as in benchmarks/seed.py: what the services would have
written, without running them per row.
"""

import datetime
import random
import uuid
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from backend.organisations.models import Department, Employee, Location, Organisation
from benchmarks.seeding import BATCH_SIZE, employees_bulk_create, review_card, vacuum_analyze
from microlessons.models import (
    ActivityDay,
    LearnerState,
    LessonCompletion,
    Question,
    ReviewCard,
)
from microlessons.selectors import path_lessons
from mobile_api.push.kinds import CATALOGUE, Kind
from mobile_api.push.models import Notification
from mobile_api.push.texts import text_for
from mobile_api.tokens import token_issue

ORGANISATION = "zeventerpen"
SEED_REVISION = 1
NOTIFICATIONS_PER_EMPLOYEE = 14  # about one a day for the last fortnight
LESSONS_LEFT_TO_LEARN = 3  # today's session always has a new lesson to offer


@dataclass(frozen=True)
class LoadPerson:
    """What one simulated phone knows at the start: its token and who it is."""

    token: str
    uuid: str


@dataclass(frozen=True)
class LoadPeople:
    people: list[LoadPerson]
    completed_lessons: int  # per employee
    review_cards: int  # in total
    due_cards: int  # in total, due by the end of today
    notifications: int  # in total

    def as_json(self) -> dict:
        return {
            "people": [{"token": p.token, "uuid": p.uuid} for p in self.people],
        }


def seed(count: int, rng: random.Random) -> LoadPeople:
    now = timezone.now()
    organisation = Organisation.objects.get(slug=ORGANISATION)
    with transaction.atomic():
        employee_ids = _employees(organisation, count, rng)
        employees = list(
            Employee.objects.filter(pk__in=employee_ids)
            .select_related("organisation")
            .order_by("pk")
        )
        lessons = list(path_lessons(employee=employees[0]))
        done = lessons[: max(0, len(lessons) - LESSONS_LEFT_TO_LEARN)]
        LearnerState.objects.bulk_create(
            (LearnerState(employee_id=pk, revision=SEED_REVISION) for pk in employee_ids),
            batch_size=BATCH_SIZE,
        )
        _completions(employee_ids, done, now, rng)
        cards, due = _review_cards(employee_ids, done, now, rng)
        _activity_days(employee_ids, organisation.local_date(now), rng)
        notifications = _notifications(organisation, employee_ids, now, rng)
    # Tokens through the real service: they are what the phones authenticate with.
    people = [
        LoadPerson(token=token_issue(employee=e, device_name="load test")[1], uuid=str(e.uuid))
        for e in employees
    ]
    if connection.vendor == "postgresql":
        vacuum_analyze()
    return LoadPeople(
        people=people,
        completed_lessons=len(done),
        review_cards=cards,
        due_cards=due,
        notifications=notifications,
    )


def _employees(organisation, count, rng) -> list[int]:
    departments = list(Department.objects.filter(organisation=organisation).order_by("pk"))
    locations = list(Location.objects.filter(organisation=organisation).order_by("pk"))
    return employees_bulk_create(
        organisation,
        count,
        rng,
        department_of=lambda n: departments[n % len(departments)],
        location_of=lambda n: locations[n % len(locations)] if locations else None,
    )


def _completions(employee_ids, lessons, now, rng) -> None:
    rows = []
    for employee_id in employee_ids:
        for n, lesson in enumerate(lessons):
            row_uuid = uuid.uuid4()
            rows.append(
                LessonCompletion(
                    uuid=row_uuid,
                    employee_id=employee_id,
                    occurred_at=now - datetime.timedelta(days=len(lessons) - n + rng.random()),
                    fingerprint=row_uuid.hex * 2,  # any 64 characters: never replayed
                    version_id=lesson.published_version_id,
                    lesson_id=lesson.pk,
                    duration_seconds=rng.randint(90, 240),
                    revision=SEED_REVISION,
                )
            )
    LessonCompletion.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _review_cards(employee_ids, lessons, now, rng) -> tuple[int, int]:
    versions = [lesson.published_version_id for lesson in lessons]
    keys = {}
    questions_of_lessons = Question.objects.filter(version_id__in=versions)
    for lesson_id, key in questions_of_lessons.values_list("version__lesson_id", "key"):
        keys.setdefault(lesson_id, []).append(key)
    questions = [(lesson_id, key) for lesson_id, ks in keys.items() for key in ks]
    day = datetime.timedelta(days=1)
    rows, due_total = [], 0
    for employee_id in employee_ids:
        due_count = round(len(questions) * rng.uniform(0.15, 0.25))
        due_now = set(rng.sample(range(len(questions)), due_count))
        due_total += len(due_now)
        for n, (lesson_id, key) in enumerate(questions):
            due = now - rng.uniform(0, 14) * day if n in due_now else now + rng.uniform(2, 40) * day
            rows.append(
                review_card(
                    employee_id=employee_id,
                    lesson_id=lesson_id,
                    question_key=key,
                    due=due,
                    now=now,
                    rng=rng,
                    revision=SEED_REVISION,
                )
            )
    ReviewCard.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows), due_total


def _activity_days(employee_ids, today, rng) -> None:
    rows = []
    for employee_id in employee_ids:
        days = {today - datetime.timedelta(days=d) for d in range(1, rng.randint(1, 8) + 1)}
        rows.extend(ActivityDay(employee_id=employee_id, local_date=day) for day in days)
    ActivityDay.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _notifications(organisation, employee_ids, now, rng) -> int:
    """Daily-lesson nudges of the last fortnight, pushed and in the inbox; a third opened."""
    rows = []
    for employee_id in employee_ids:
        for days_ago in range(NOTIFICATIONS_PER_EMPLOYEE, 0, -1):
            text = text_for(Kind.DAILY_LESSON, locale="nl", rotation=days_ago)
            moment = now - datetime.timedelta(days=days_ago, minutes=rng.randint(0, 600))
            opened = rng.random() < 1 / 3
            rows.append(
                Notification(
                    organisation=organisation,
                    employee_id=employee_id,
                    kind=Kind.DAILY_LESSON,
                    delivery_key=f"load:{employee_id}:{days_ago}",
                    local_date=organisation.local_date(moment),
                    template=text.template,
                    title=text.title,
                    body=text.body,
                    link=CATALOGUE[Kind.DAILY_LESSON].link,
                    scheduled_for=moment,
                    expires_at=moment + datetime.timedelta(hours=12),
                    status=Notification.Status.SENT,
                    attempts=1,
                    inbox_at=moment,
                    sent_at=moment,
                    opened_at=moment + datetime.timedelta(minutes=5) if opened else None,
                )
            )
    Notification.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
