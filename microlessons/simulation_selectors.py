"""Reads for simulations: which a learner may play, their graphs, attempts, and the short
simulation that is due in today's session."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from backend.common.owned_content import visible_to
from backend.organisations.models import Employee
from microlessons.models import (
    Simulation,
    SimulationAttempt,
    SimulationChoice,
    SimulationStep,
    SimulationVersion,
)
from microlessons.selectors import visible_modules

# A simulation of at most this many conversation steps is short enough for a daily session.
SHORT_SIMULATION_MAX_STEPS = 4
# A short simulation done this long ago, with a result below REPEAT_BELOW, is due again.
REPEAT_AFTER = datetime.timedelta(days=14)
REPEAT_BELOW = 80.0

ORDERED_CHOICES = SimulationChoice.objects.select_related("next_step").order_by("position", "pk")


def with_graph(versions: QuerySet[SimulationVersion]) -> QuerySet[SimulationVersion]:
    """Versions with their start, steps and choices in a fixed number of queries."""
    return versions.select_related("start_step").prefetch_related(
        Prefetch("steps", queryset=SimulationStep.objects.order_by("position", "pk")),
        Prefetch("steps__choices", queryset=ORDERED_CHOICES),
    )


def playable_simulations(*, employee: Employee) -> QuerySet[Simulation]:
    """Published simulations the learner may play. Where the organisation published its own
    adaptation of a shared simulation, its learners get the adaptation instead."""
    organisation_id = employee.organisation_id
    replaced = Simulation.objects.filter(
        adapted_from=OuterRef("pk"), owner_id=organisation_id, published_version__isnull=False
    )
    return (
        Simulation.objects.filter(
            visible_to(organisation_id),
            published_version__isnull=False,
            module__in=visible_modules(employee=employee),
        )
        .exclude(Exists(replaced))
        .select_related("module", "published_version")
        .order_by("module__position", "module_id", "position", "pk")
    )


def with_published_graph(simulations: QuerySet[Simulation]) -> QuerySet[Simulation]:
    return simulations.prefetch_related(
        Prefetch("published_version", queryset=with_graph(SimulationVersion.objects.all()))
    )


def simulation_get(*, employee: Employee, simulation_uuid) -> Simulation | None:
    return with_published_graph(
        playable_simulations(employee=employee).filter(uuid=simulation_uuid)
    ).first()


def playable_version(*, employee: Employee, simulation_uuid, number=None):
    """The published version to play: the current one, or (for a path played offline) the
    numbered one, which stays playable after a newer one is published."""
    simulation = playable_simulations(employee=employee).filter(uuid=simulation_uuid).first()
    if simulation is None:
        return None
    versions = SimulationVersion.objects.filter(
        simulation=simulation, status=SimulationVersion.Status.PUBLISHED
    )
    versions = (
        versions.filter(number=number)
        if number is not None
        else versions.filter(pk=simulation.published_version_id)
    )
    return with_graph(versions.select_related("simulation")).first()


def attempt_get(*, employee: Employee, attempt_uuid) -> SimulationAttempt | None:
    return (
        attempts_of(employee=employee)
        .filter(uuid=attempt_uuid)
        .prefetch_related(Prefetch("version", queryset=with_graph(SimulationVersion.objects.all())))
        .first()
    )


def attempts_of(*, employee: Employee) -> QuerySet[SimulationAttempt]:
    return (
        SimulationAttempt.objects.filter(employee=employee)
        .select_related("simulation", "version", "current_step")
        .prefetch_related("made_choices__choice__step", "made_choices__choice__next_step")
        .order_by("-started_at", "-pk")
    )


def due_short_simulation(
    *, employee: Employee, now: datetime.datetime, seconds_left: int
) -> Simulation | None:
    """A short simulation for today: never completed, or completed a while ago with a result
    to improve, and short enough to fit in the time that is left."""
    done_recently_or_well = SimulationAttempt.objects.filter(
        employee=employee,
        simulation=OuterRef("pk"),
        status=SimulationAttempt.Status.COMPLETED,
    ).exclude(completed_at__lt=now - REPEAT_AFTER, average_score__lt=REPEAT_BELOW)
    candidates = (
        playable_simulations(employee=employee)
        .filter(
            published_version__depth__lte=SHORT_SIMULATION_MAX_STEPS,
            published_version__estimated_seconds__lte=seconds_left,
        )
        .exclude(Exists(done_recently_or_well))
    )
    return with_published_graph(candidates).first()
