"""Seed one organisation at scale with bulk inserts (no per-row services: millions of rows).

The rows look like what the services would have written: published one-question lessons (as in
tests/microlessons/builders.py), review cards in the FSRS "review" state with due dates spread
over -30..+60 days, completions of the first lessons of the path, and a few activity days.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from backend.organisations.models import Department, Location, Organisation
from benchmarks.scale import Scale
from benchmarks.seeding import (
    BATCH_SIZE,
    Clock,
    big_sqlite_cache,
    chunks,
    employees_bulk_create,
    review_card,
    vacuum_analyze,
)
from microlessons.models import (
    ActivityDay,
    Block,
    LearnerState,
    LearningGoal,
    Lesson,
    LessonCompletion,
    LessonVersion,
    Module,
    Question,
    QuestionOption,
    ReviewCard,
)

LEARNERS_PER_CHUNK = 250  # bounds memory: 50,000 cards per chunk at the default scale
SEED_REVISION = 1


@dataclass
class Seeded:
    now: datetime.datetime
    organisation: Organisation
    employee_ids: list[int]
    lessons: list[Lesson]  # in learning-path order
    timings: dict[str, float] = field(default_factory=dict)  # table -> seconds
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.timings.values())


def seed(scale: Scale) -> Seeded:
    rng = random.Random(scale.random_seed)
    now = timezone.now()
    organisation = Organisation.objects.create(name="Benchmarkstad", slug="benchmarkstad")
    seeded = Seeded(now=now, organisation=organisation, employee_ids=[], lessons=[])
    clock = Clock(seeded.timings, seeded.rows)
    with big_sqlite_cache():
        clock.run("lessons", _seed_lessons, seeded, scale)
        clock.run("employees", _seed_employees, seeded, scale, rng)
        clock.run("learner states", _seed_learner_states, seeded)
        clock.run("completions", _seed_completions, seeded, scale, rng)
        clock.run("review cards", _seed_cards, seeded, scale, rng)
        clock.run("activity days", _seed_activity_days, seeded, rng)
    if connection.vendor == "postgresql":
        clock.run("vacuum analyze", vacuum_analyze, atomic=False)  # not inside a transaction
    return seeded


# --- content --------------------------------------------------------------------------------


def _seed_lessons(seeded: Seeded, scale: Scale) -> int:
    """Modules (one shared, the others the organisation's own) with one-question lessons."""
    now = seeded.now
    modules, lessons = [], []
    per_module = -(-scale.lessons // scale.modules)  # ceiling division
    for m in range(scale.modules):
        module = Module.objects.create(
            owner=None if m == 0 else seeded.organisation,
            key=f"bench-module-{m}",
            title=f"Module {m + 1}",
            position=m,
        )
        goal = LearningGoal.objects.create(
            owner=module.owner, module=module, key="doel", title=f"Doel van module {m + 1}"
        )
        count = min(per_module, scale.lessons - len(lessons))
        created = Lesson.objects.bulk_create(
            (
                Lesson(owner=module.owner, module=module, key=f"les-{n}", position=n)
                for n in range(count)
            ),
            batch_size=BATCH_SIZE,
        )
        Lesson.learning_goals.through.objects.bulk_create(
            Lesson.learning_goals.through(lesson=lesson, learninggoal=goal) for lesson in created
        )
        modules.append(module)
        lessons.extend(created)

    versions = LessonVersion.objects.bulk_create(
        LessonVersion(
            lesson=lesson,
            number=1,
            status=LessonVersion.Status.PUBLISHED,
            title=f"Les {n + 1}",
            summary=f"Samenvatting van les {n + 1}",
            estimated_seconds=120 + 30 * (n % 3),  # 2 to 3 minutes
            published_at=now,
        )
        for n, lesson in enumerate(lessons)
    )
    text_blocks = Block.objects.bulk_create(
        Block(version=v, position=0, kind=Block.Kind.TEXT, text="Uitleg. " * 40) for v in versions
    )
    question_blocks = Block.objects.bulk_create(
        Block(version=v, position=1, kind=Block.Kind.QUESTION) for v in versions
    )
    questions = Question.objects.bulk_create(
        Question(version=v, block=b, key="v", prompt="Wat doe je nu?", explanation="Omdat ...")
        for v, b in zip(versions, question_blocks, strict=True)
    )
    options = QuestionOption.objects.bulk_create(
        QuestionOption(
            question=q, position=p, text=f"Optie {p + 1}", is_correct=p == 0, feedback="Ja."
        )
        for q in questions
        for p in range(3)
    )
    for lesson, version in zip(lessons, versions, strict=True):
        lesson.published_version = version
    Lesson.objects.bulk_update(lessons, ["published_version"], batch_size=BATCH_SIZE)
    seeded.lessons = lessons  # creation order is path order: module position, then position
    return len(lessons) + len(versions) + len(text_blocks) * 2 + len(questions) + len(options)


# --- people ---------------------------------------------------------------------------------


def _seed_employees(seeded: Seeded, scale: Scale, rng: random.Random) -> int:
    organisation = seeded.organisation
    departments = Department.objects.bulk_create(
        Department(organisation=organisation, name=f"Afdeling {n + 1}") for n in range(10)
    )
    locations = Location.objects.bulk_create(
        Location(organisation=organisation, name=f"Vestiging {n + 1}") for n in range(12)
    )
    seeded.employee_ids = employees_bulk_create(
        organisation,
        scale.learners,
        rng,
        department_of=lambda _n: rng.choice(departments),
        location_of=lambda _n: rng.choice(locations),
    )
    return 2 * len(seeded.employee_ids)  # users and employees


def _seed_learner_states(seeded: Seeded) -> int:
    LearnerState.objects.bulk_create(
        (LearnerState(employee_id=pk, revision=SEED_REVISION) for pk in seeded.employee_ids),
        batch_size=BATCH_SIZE,
    )
    return len(seeded.employee_ids)


# --- learner records ------------------------------------------------------------------------


def _seed_completions(seeded: Seeded, scale: Scale, rng: random.Random) -> int:
    """Every learner finished the first N lessons of the path, about one a day up to yesterday."""
    done = seeded.lessons[: scale.completions]
    total = 0
    for chunk in chunks(seeded.employee_ids, LEARNERS_PER_CHUNK):
        rows = []
        for employee_id in chunk:
            for n, lesson in enumerate(done):
                days_ago = len(done) - n + rng.random()
                row_uuid = uuid.uuid4()
                rows.append(
                    LessonCompletion(
                        uuid=row_uuid,
                        employee_id=employee_id,
                        occurred_at=seeded.now - datetime.timedelta(days=days_ago),
                        fingerprint=row_uuid.hex * 2,  # any 64 characters will do here
                        version_id=lesson.published_version_id,
                        lesson_id=lesson.pk,
                        duration_seconds=rng.randint(60, 300),
                        revision=SEED_REVISION,
                    )
                )
        LessonCompletion.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        total += len(rows)
    return total


def _seed_cards(seeded: Seeded, scale: Scale, rng: random.Random) -> int:
    """One card per question of the first lessons; 7.5-12.5% of them (15-25 of 200) due by
    the end of today, up to 30 days overdue; the rest due within the next 60 days."""
    lessons = seeded.lessons[: scale.cards]
    now, day = seeded.now, datetime.timedelta(days=1)
    total = 0
    for chunk in chunks(seeded.employee_ids, LEARNERS_PER_CHUNK):
        rows = []
        for employee_id in chunk:
            due_count = round(scale.cards * rng.uniform(0.075, 0.125))
            due_now = set(rng.sample(range(len(lessons)), due_count))
            for n, lesson in enumerate(lessons):
                if n in due_now:
                    due = now - rng.uniform(0, 30) * day
                else:
                    due = now + rng.uniform(1, 60) * day  # after the end of the local day
                rows.append(
                    review_card(
                        employee_id=employee_id,
                        lesson_id=lesson.pk,
                        question_key="v",
                        due=due,
                        now=now,
                        rng=rng,
                        revision=SEED_REVISION,
                    )
                )
        ReviewCard.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        total += len(rows)
    return total


def _seed_activity_days(seeded: Seeded, rng: random.Random) -> int:
    """A short current streak plus a few scattered days in the last month."""
    today = timezone.localdate(seeded.now)
    rows = []
    for employee_id in seeded.employee_ids:
        days = {today - datetime.timedelta(days=d) for d in range(1, rng.randint(1, 6) + 1)}
        days |= {today - datetime.timedelta(days=rng.randint(8, 30)) for _ in range(3)}
        rows.extend(ActivityDay(employee_id=employee_id, local_date=day) for day in days)
    ActivityDay.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
