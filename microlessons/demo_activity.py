"""Demo activity for Zeventerpen, so the insights show real figures: two past measurement
windows and an open one, measurements by most colleagues (improving between the windows,
differing by department), completed simulations and active days over the last weeks.

Generated with a fixed seed, so every load gives the same figures. One department has only
four participants in the last closed window: the insights hide it, and a second department
with it. The demo learner (demo-medewerker) measured before but played nothing yet, so today's
session offers a simulation and the open window a measurement.
"""

import datetime
import random
import uuid

from django.db import transaction
from django.utils import timezone

from backend.organisations.models import Employee, Organisation
from microlessons.knowledge_test_attempts import results_per_topic
from microlessons.models import (
    ActivityDay,
    KnowledgeAnswer,
    KnowledgeTest,
    KnowledgeTestAttempt,
    MeasurementWindow,
    SimulationAttempt,
)
from microlessons.simulation_play import ChoiceMade, simulation_attempt_start
from microlessons.simulation_selectors import playable_simulations, with_graph

SEED = 20261201
NAMESPACE = uuid.UUID("6f1d2c3b-0a9e-4c7d-8e5f-1a2b3c4d5e6f")
SMALL_DEPARTMENT = "Belastingen"  # four participants in the last closed window
DEMO_LEARNER = "demo-medewerker"


def _id(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts))


def _colleagues(organisation):
    return list(
        Employee.objects.filter(organisation=organisation)
        .select_related("department", "user")
        .order_by("employee_number")
    )


def _windows(organisation, test, today):
    def moment(days):
        return timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(8))
        )

    plan = [
        ("Nulmeting voorjaar", -270, -240),
        ("Meting najaar", -60, -30),
        ("Meting december", -3, 25),
    ]
    return [
        MeasurementWindow.objects.get_or_create(
            organisation=organisation,
            test=test,
            name=name,
            defaults={"opens_at": moment(opens), "closes_at": moment(closes)},
        )[0]
        for name, opens, closes in plan
    ]


def _measure(rng, employee, window, test, skill):
    attempt = KnowledgeTestAttempt.objects.create(
        uuid=_id("meting", window.pk, employee.pk),
        employee=employee,
        test=test,
        kind=KnowledgeTestAttempt.Kind.MEASUREMENT,
        window=window,
        started_at=window.opens_at + datetime.timedelta(days=rng.randint(0, 20), hours=2),
        fingerprint="demo",
    )
    answers = []
    for question in test.questions.all():
        options = list(question.options.all())
        right = [o for o in options if o.is_correct]
        correct = rng.random() < skill
        chosen = (
            right if correct else [rng.choice([o for o in options if not o.is_correct] or options)]
        )
        answers.append(
            KnowledgeAnswer(
                attempt=attempt,
                question=question,
                chosen_options=sorted(str(o.uuid) for o in chosen),
                is_correct=correct,
                answered_at=attempt.started_at,
            )
        )
    KnowledgeAnswer.objects.bulk_create(answers)
    results = results_per_topic(attempt)
    questions = sum(r.questions for r in results)
    attempt.score_percent = round(100 * sum(r.correct for r in results) / questions, 1)
    attempt.submitted_at = attempt.started_at + datetime.timedelta(minutes=rng.randint(12, 30))
    attempt.counts_for_measurement = True
    attempt.save()


def _play(rng, employee, simulation, version, when):
    step, path = version.start_step, []
    steps = {s.pk: s for s in version.steps.all()}
    while not step.is_ending:
        choice = rng.choice(list(steps[step.pk].choices.all()))
        path.append(
            ChoiceMade(_id("keuze", employee.pk, simulation.pk, len(path)), choice.uuid, when)
        )
        step = steps[choice.next_step_id]
    simulation_attempt_start(
        employee=employee,
        attempt_uuid=_id("simulatie", employee.pk, simulation.pk),
        simulation_uuid=simulation.uuid,
        started_at=when,
        path=path,
        now=when + datetime.timedelta(minutes=5),
    )


@transaction.atomic
def load(stdout=None):
    zeventerpen = Organisation.objects.get(slug="zeventerpen")
    test = KnowledgeTest.objects.filter(owner=zeventerpen).first()
    if test is None or MeasurementWindow.objects.filter(organisation=zeventerpen).exists():
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    first, second, _open = _windows(zeventerpen, test, today)
    test = KnowledgeTest.objects.prefetch_related("questions__options").get(pk=test.pk)
    colleagues = _colleagues(zeventerpen)
    department_skill = {}
    left_out = {}
    for employee in colleagues:
        name = employee.department.name if employee.department else ""
        skill = department_skill.setdefault(name, 0.45 + 0.3 * rng.random())
        _measure(rng, employee, first, test, skill)
        if name == SMALL_DEPARTMENT and not left_out.get(name):
            left_out[name] = True  # this colleague skipped the autumn measurement
            continue
        _measure(rng, employee, second, test, min(0.95, skill + 0.12))
    players = [e for e in colleagues if e.user.username != DEMO_LEARNER]
    simulations = list(playable_simulations(employee=players[0]))
    now = timezone.now()
    for index, employee in enumerate(players):
        for simulation in simulations[: 2 + index % 3]:
            version = with_graph(
                type(simulation.published_version).objects.filter(
                    pk=simulation.published_version_id
                )
            ).get()
            when = now - datetime.timedelta(days=rng.randint(1, 50), hours=rng.randint(0, 8))
            _play(rng, employee, simulation, version, when)
    days = [
        ActivityDay(employee=employee, local_date=today - datetime.timedelta(days=offset))
        for employee in players
        for offset in range(84)
        if rng.random() < 0.35
    ]
    ActivityDay.objects.bulk_create(days, ignore_conflicts=True)
    if stdout is not None:
        stdout.write(
            f"Demo activity: {KnowledgeTestAttempt.objects.count()} measurements, "
            f"{SimulationAttempt.objects.count()} simulations played"
        )
