"""Seed one organisation for the insights benchmark: tens of thousands of employees in
departments of very different sizes (two of them too small to show), a knowledge test measured
in three windows, completed simulations and twelve weeks of activity days.

The content (modules, the test, the simulations) goes through the real importers, so it is
what an editor could publish; the learners' records, millions of rows, are bulk inserts shaped
like what the services write.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from backend.organisations.models import Department, EmployeeRole, Organisation
from backend.organisations.roles import Role
from benchmarks.insights_scale import InsightsScale
from benchmarks.seeding import (
    BATCH_SIZE,
    Clock,
    big_sqlite_cache,
    chunks,
    employees_bulk_create,
    vacuum_analyze,
)
from microlessons.knowledge_test_import import knowledge_test_import
from microlessons.models import (
    ActivityDay,
    KnowledgeAnswer,
    KnowledgeTest,
    KnowledgeTestAttempt,
    MeasurementWindow,
    Module,
    SimulationAttempt,
)
from microlessons.simulation_import import simulation_import

EMPLOYEES_PER_CHUNK = 500  # bounds memory: 20,000 answers per chunk and window
SMALL_DEPARTMENTS = (4, 3)  # members of the first two departments: always suppressed
WITHOUT_DEPARTMENT = 0.01  # share of employees with no department
# (name, opens, closes) in days from now; the last window is still open.
WINDOWS = [("Nulmeting", -270, -240), ("Meting najaar", -60, -30), ("Meting nu", -3, 25)]
WINDOW_PARTICIPATION = [0.80, 0.85, 0.40]
PRACTICE_SHARE = 0.20  # employees with one practice attempt
RETAKE_SHARE = 0.10  # of measured employees: a second measurement attempt that does not count


@dataclass
class SeededContent:
    test: KnowledgeTest
    questions: list[tuple[int, list[str], str]]  # (id, correct option uuids, a wrong one)
    windows: list[MeasurementWindow]
    simulations: list[tuple[int, int]]  # (simulation id, published version id)


@dataclass
class InsightsSeeded:
    now: datetime.datetime
    organisation: Organisation
    viewer_id: int  # an employee with the insights viewer role
    employee_ids: list[int]
    department_sizes: list[int]  # people per department, largest first
    content: SeededContent | None = None
    timings: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.timings.values())


def seed(scale: InsightsScale) -> InsightsSeeded:
    rng = random.Random(scale.random_seed)
    now = timezone.now()
    organisation = Organisation.objects.create(name="Benchmarkstad", slug="benchmarkstad")
    seeded = InsightsSeeded(
        now=now,
        organisation=organisation,
        viewer_id=0,
        employee_ids=[],
        department_sizes=[],
    )
    clock = Clock(seeded.timings, seeded.rows)
    with big_sqlite_cache():
        clock.run("content", _seed_content, seeded, scale)
        clock.run("employees", _seed_employees, seeded, scale, rng)
        clock.run("test attempts", _seed_test_attempts, seeded, rng)
        clock.run("test answers", _seed_test_answers, seeded, rng)
        clock.run("simulation attempts", _seed_simulation_attempts, seeded, scale, rng)
        clock.run("activity days", _seed_activity_days, seeded, scale, rng)
    if connection.vendor == "postgresql":
        clock.run("vacuum analyze", vacuum_analyze, atomic=False)  # not inside a transaction
    return seeded


# --- content, through the importers --------------------------------------------------------------


def _seed_content(seeded: InsightsSeeded, scale: InsightsScale):
    organisation = seeded.organisation
    modules = [
        Module.objects.create(
            owner=organisation, key=f"onderwerp-{n + 1}", title=f"Onderwerp {n + 1}", position=n
        )
        for n in range(scale.topics)
    ]
    test = knowledge_test_import(data=_test_data(modules, scale), organisation=organisation)
    questions = []
    for question in test.questions.prefetch_related("options").order_by("position"):
        options = list(question.options.all())
        correct = sorted(str(o.uuid) for o in options if o.is_correct)
        wrong = next(str(o.uuid) for o in options if not o.is_correct)
        questions.append((question.pk, correct, wrong))
    windows = [
        MeasurementWindow.objects.create(
            organisation=organisation,
            test=test,
            name=name,
            opens_at=seeded.now + datetime.timedelta(days=opens),
            closes_at=seeded.now + datetime.timedelta(days=closes),
        )
        for name, opens, closes in WINDOWS
    ]
    simulations = []
    for n in range(scale.simulations):
        simulation = simulation_import(
            data=_simulation_data(f"gesprek-{n + 1}", modules[n % len(modules)].key),
            organisation=organisation,
            position=n,
        )
        simulations.append((simulation.pk, simulation.published_version_id))
    seeded.content = SeededContent(test, questions, windows, simulations)


def _test_data(modules, scale: InsightsScale) -> dict:
    questions = []
    for module in modules:
        for n in range(scale.questions_per_topic):
            questions.append(
                {
                    "sleutel": f"{module.key}-{n + 1}",
                    "onderwerp": module.key,
                    "soort": "enkele_keuze",
                    "tekst": f"Vraag {n + 1} over {module.title}: wat doe je?",
                    "uitleg": "Zo staat het in de werkinstructie.",
                    "opties": [
                        {"tekst": "Ik kijk het na", "juist": True, "feedback": "Ja, want..."},
                        {"tekst": "Ik stuur door", "juist": False, "feedback": "Nee, want..."},
                        {"tekst": "Ik wacht af", "juist": False, "feedback": "Nee, want..."},
                    ],
                }
            )
    return {"sleutel": "kennistoets", "titel": "Kennistoets", "vragen": questions}


def _simulation_data(key: str, module_key: str) -> dict:
    def choice(choice_key, following, **effect):
        return {
            "sleutel": choice_key,
            "tekst": f"Ik kies voor {choice_key}",
            "feedback": "Zo liep het.",
            "volgende": following,
            "effect": {
                "klanttevredenheid": effect.get("tevreden", 0),
                "doorlooptijd": effect.get("tijd", 0),
                "kosten": effect.get("kosten", 0),
                "procesjuistheid": effect.get("proces", 0),
            },
        }

    def ending(ending_key):
        return {"sleutel": ending_key, "soort": "einde", "titel": ending_key, "tekst": "Klaar."}

    return {
        "sleutel": key,
        "module": module_key,
        "titel": f"Gesprek {key}",
        "kanaal": "balie",
        "geschatteDuurSeconden": 180,
        "start": "begin",
        "stappen": [
            {
                "sleutel": "begin",
                "soort": "gesprek",
                "tekst": "Ik kom over mijn aanvraag.",
                "keuzes": [
                    choice("vragen", "midden", tevreden=2, tijd=-1, proces=1),
                    choice("doorsturen", "weg", tevreden=-2, tijd=1, kosten=1),
                ],
            },
            {
                "sleutel": "midden",
                "soort": "gesprek",
                "tekst": "Het gaat om de termijn.",
                "keuzes": [
                    choice("oplossen", "goed", tevreden=3, kosten=-1, proces=2),
                    choice("beloven", "half", tevreden=1, tijd=-2, proces=-1),
                ],
            },
            ending("goed"),
            ending("half"),
            ending("weg"),
        ],
    }


# --- people --------------------------------------------------------------------------------------


def _department_sizes(scale: InsightsScale, rng: random.Random) -> list[int]:
    """Two tiny departments, the rest of very different sizes (as municipalities have)."""
    with_department = scale.employees - round(scale.employees * WITHOUT_DEPARTMENT)
    rest = with_department - sum(SMALL_DEPARTMENTS)
    weights = [rng.paretovariate(1.5) for _ in range(scale.departments - len(SMALL_DEPARTMENTS))]
    sizes = [max(5, round(rest * weight / sum(weights))) for weight in weights]
    sizes[0] += rest - sum(sizes)  # rounding: the biggest absorbs the difference
    return [*SMALL_DEPARTMENTS, *sizes]


def _seed_employees(seeded: InsightsSeeded, scale: InsightsScale, rng: random.Random) -> int:
    organisation = seeded.organisation
    sizes = _department_sizes(scale, rng)
    departments = Department.objects.bulk_create(
        Department(organisation=organisation, name=f"Afdeling {n + 1:02d}")
        for n in range(len(sizes))
    )
    members = [
        department for department, size in zip(departments, sizes, strict=True) for _ in range(size)
    ]
    members += [None] * (scale.employees - len(members))
    rng.shuffle(members)
    seeded.employee_ids = employees_bulk_create(
        organisation, scale.employees, rng, department_of=lambda n: members[n]
    )
    seeded.department_sizes = sorted(sizes, reverse=True)
    seeded.viewer_id = seeded.employee_ids[-1]
    EmployeeRole.objects.create(employee_id=seeded.viewer_id, role=Role.INSIGHTS_VIEWER)
    return 2 * len(seeded.employee_ids)  # users and employees


# --- knowledge test ------------------------------------------------------------------------------


def _seed_test_attempts(seeded: InsightsSeeded, rng: random.Random) -> int:
    """Per window, a counted measurement of most employees (some retake, which does not count);
    some employees also practise."""
    content = seeded.content
    rows = []
    for window, share in zip(content.windows, WINDOW_PARTICIPATION, strict=True):
        for employee_id in seeded.employee_ids:
            if rng.random() >= share:
                continue
            started = window.opens_at + datetime.timedelta(hours=rng.uniform(1, 24 * 20))
            started = min(started, seeded.now - datetime.timedelta(minutes=30))
            rows.append(_attempt(employee_id, content.test, window, started, counts=True))
            if rng.random() < RETAKE_SHARE:
                retaken = started + datetime.timedelta(hours=1)
                rows.append(_attempt(employee_id, content.test, window, retaken, counts=False))
    for employee_id in seeded.employee_ids:
        if rng.random() < PRACTICE_SHARE:
            started = seeded.now - datetime.timedelta(days=rng.uniform(1, 300))
            rows.append(_attempt(employee_id, content.test, None, started, counts=False))
    KnowledgeTestAttempt.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def _attempt(employee_id, test, window, started, *, counts):
    row_uuid = uuid.uuid4()
    return KnowledgeTestAttempt(
        uuid=row_uuid,
        employee_id=employee_id,
        test=test,
        kind=(
            KnowledgeTestAttempt.Kind.MEASUREMENT if window else KnowledgeTestAttempt.Kind.PRACTICE
        ),
        window=window,
        started_at=started,
        submitted_at=started + datetime.timedelta(minutes=12),
        counts_for_measurement=counts,
        fingerprint=row_uuid.hex * 2,  # any 64 characters will do here
    )


def _seed_test_answers(seeded: InsightsSeeded, rng: random.Random) -> int:
    """An answer to every question of every attempt; each employee has an ability, which grows
    a little from window to window, so the trend rises."""
    content = seeded.content
    ability = {employee_id: rng.uniform(0.35, 0.9) for employee_id in seeded.employee_ids}
    window_gain = {window.pk: 0.05 * n for n, window in enumerate(content.windows)}
    attempts = KnowledgeTestAttempt.objects.filter(test=content.test).values_list(
        "pk", "employee_id", "window_id", "started_at"
    )
    total = 0
    for chunk in chunks(list(attempts), EMPLOYEES_PER_CHUNK):
        rows = []
        for attempt_id, employee_id, window_id, started_at in chunk:
            chance = min(0.98, ability[employee_id] + window_gain.get(window_id, 0))
            for question_id, correct, wrong in content.questions:
                right = rng.random() < chance
                rows.append(
                    KnowledgeAnswer(
                        attempt_id=attempt_id,
                        question_id=question_id,
                        chosen_options=correct if right else [wrong],
                        is_correct=right,
                        answered_at=started_at,
                    )
                )
        KnowledgeAnswer.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        total += len(rows)
    return total


# --- simulations ---------------------------------------------------------------------------------


def _seed_simulation_attempts(
    seeded: InsightsSeeded, scale: InsightsScale, rng: random.Random
) -> int:
    """0 to twice the mean number of plays per employee, nearly all completed, with scores."""
    content = seeded.content
    total = 0
    for chunk in chunks(seeded.employee_ids, EMPLOYEES_PER_CHUNK):
        rows = []
        for employee_id in chunk:
            skill = rng.uniform(30, 85)
            for _play in range(rng.randint(0, 2 * scale.plays_per_employee)):
                simulation_id, version_id = rng.choice(content.simulations)
                started = seeded.now - datetime.timedelta(days=rng.uniform(0, 180))
                completed = rng.random() < 0.95
                scores = {
                    dimension: min(100.0, max(0.0, rng.gauss(skill, 15))) if completed else None
                    for dimension in ("customer_satisfaction", "lead_time", "cost", "process")
                }
                average = sum(scores.values()) / 4 if completed else None
                row_uuid = uuid.uuid4()
                rows.append(
                    SimulationAttempt(
                        uuid=row_uuid,
                        employee_id=employee_id,
                        simulation_id=simulation_id,
                        version_id=version_id,
                        status=(
                            SimulationAttempt.Status.COMPLETED
                            if completed
                            else SimulationAttempt.Status.IN_PROGRESS
                        ),
                        started_at=started,
                        completed_at=started + datetime.timedelta(minutes=3) if completed else None,
                        fingerprint=row_uuid.hex * 2,
                        average_score=average,
                        **scores,
                    )
                )
        SimulationAttempt.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        total += len(rows)
    return total


# --- activity -----------------------------------------------------------------------------------


def _seed_activity_days(seeded: InsightsSeeded, scale: InsightsScale, rng: random.Random) -> int:
    """Each employee learns on a share of the days of the last weeks (0 to 60%)."""
    today = timezone.localdate(seeded.now)
    days = [today - datetime.timedelta(days=n) for n in range(7 * scale.weeks)]
    total = 0
    for chunk in chunks(seeded.employee_ids, EMPLOYEES_PER_CHUNK):
        rows = []
        for employee_id in chunk:
            habit = rng.uniform(0, 0.6)
            rows.extend(
                ActivityDay(employee_id=employee_id, local_date=day)
                for day in days
                if rng.random() < habit
            )
        ActivityDay.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        total += len(rows)
    return total
