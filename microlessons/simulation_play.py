"""Playing a simulation: start an attempt (pinned to a published version), make choices one by
one, or hand in a whole path played offline. The server walks the path through the version's
graph and computes the scores itself; a client's own numbers are never read.

Attempts and choices carry UUIDs made by the device, so sending the same one again is safe:
the same content gives the stored result back, other content under a used UUID is a conflict.
"""

import datetime
import hashlib
import json
import uuid as uuid_module
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.errors import Conflict, InvalidInput, NotFound
from backend.common.problems import field_problem
from backend.organisations.models import Employee
from microlessons.learner_events import activity_mark, client_moment_problem, learner_lock
from microlessons.models import (
    SimulationAttempt,
    SimulationAttemptChoice,
    SimulationChoice,
    SimulationStep,
    SimulationVersion,
)
from microlessons.simulation_authoring import simulation_graph_of
from microlessons.simulation_graph import DIMENSIONS, Bounds, totals_from
from microlessons.simulation_selectors import playable_version

COSTLIEST_SHOWN = 3

REFUSALS = {
    "choice_not_in_current_step": _("Choose one of the choices of the current step."),
    "simulation_ended": _("This attempt has ended; start a new one to play again."),
    "invalid_path": _("This path does not follow the conversation from its start to an ending."),
    "future_timestamp": _("This moment lies in the future."),
    "timestamp_too_old": _("This moment lies more than 60 days back."),
}


def _refused(code: str, field: str) -> InvalidInput:
    message = str(REFUSALS[code])
    return InvalidInput(message, code=code, params={field: [field_problem(message, code)]})


@dataclass(frozen=True)
class ChoiceMade:
    uuid: uuid_module.UUID
    choice_uuid: uuid_module.UUID
    chosen_at: datetime.datetime


def _utc(moment):
    return moment.astimezone(datetime.UTC)


def _start_fingerprint(simulation_uuid, version_number, path) -> str:
    payload = [
        str(simulation_uuid),
        version_number,
        [[str(made.uuid), str(made.choice_uuid), _utc(made.chosen_at).isoformat()] for made in path]
        if path is not None
        else None,
    ]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def _refuse_bad_moment(moment, now, field):
    code = client_moment_problem(_utc(moment), now)
    if code:
        raise _refused(code, field)


@transaction.atomic
def simulation_attempt_start(
    *,
    employee: Employee,
    attempt_uuid,
    simulation_uuid,
    started_at: datetime.datetime,
    version_number: int | None = None,
    path: list[ChoiceMade] | None = None,
    now: datetime.datetime | None = None,
) -> tuple[SimulationAttempt, bool]:
    """A new attempt (and whether it is new). With ``path``, a whole conversation played
    offline is checked from the start to an ending and scored at once; nothing is stored
    when any step of it is wrong."""
    now = now or timezone.now()
    learner_lock(employee)
    fingerprint = _start_fingerprint(simulation_uuid, version_number, path)
    existing = SimulationAttempt.objects.filter(employee=employee, uuid=attempt_uuid).first()
    if existing is not None:
        if existing.fingerprint != fingerprint:
            raise Conflict(_("This uuid was already used for another attempt."), code="conflict")
        return existing, False
    _refuse_bad_moment(started_at, now, "gestartOp")
    version = playable_version(
        employee=employee, simulation_uuid=simulation_uuid, number=version_number
    )
    if version is None:
        raise NotFound(_("This simulation (version) does not exist, or not for you."))
    attempt = SimulationAttempt.objects.create(
        uuid=attempt_uuid,
        employee=employee,
        simulation=version.simulation,
        version=version,
        current_step=version.start_step,
        started_at=_utc(started_at),
        fingerprint=fingerprint,
    )
    if path is not None:
        _play_path(attempt, version, path, now)
    activity_mark(employee=employee, moments=[started_at])
    return attempt, True


def _play_path(attempt, version, path, now):
    choices = _choices_by_uuid(version)
    if not path:
        raise _refused("invalid_path", "pad")
    made = []
    for index, event in enumerate(path):
        _refuse_bad_moment(event.chosen_at, now, f"pad.{index}.gekozenOp")
        choice = choices.get(event.choice_uuid)
        if attempt.current_step is None or attempt.current_step.is_ending:
            raise _refused("invalid_path", f"pad.{index}")
        if choice is None or choice.step_id != attempt.current_step.pk:
            raise _refused("invalid_path", f"pad.{index}.keuze")
        made.append(_made(attempt, index, event, choice))
        attempt.current_step = choice.next_step
    if not attempt.current_step.is_ending:
        raise _refused("invalid_path", "pad")
    SimulationAttemptChoice.objects.bulk_create(made)
    _complete(attempt, version, [m.choice for m in made], max(e.chosen_at for e in path))


def _made(attempt, position, event, choice):
    return SimulationAttemptChoice(
        uuid=event.uuid,
        attempt=attempt,
        position=position,
        choice=choice,
        chosen_at=_utc(event.chosen_at),
    )


def _choices_by_uuid(version: SimulationVersion) -> dict:
    return {choice.uuid: choice for step in version.steps.all() for choice in step.choices.all()}


@transaction.atomic
def simulation_choose(
    *,
    employee: Employee,
    attempt_uuid,
    made: ChoiceMade,
    now: datetime.datetime | None = None,
) -> tuple[SimulationAttempt, bool]:
    """One choice in a running attempt: only a choice of the current step is taken."""
    now = now or timezone.now()
    attempt = (
        # Only the attempt's row: PostgreSQL cannot lock the nullable side of a join.
        SimulationAttempt.objects.select_for_update(of=("self",))
        .filter(employee=employee, uuid=attempt_uuid)
        .select_related("version", "current_step")
        .first()
    )
    if attempt is None:
        raise NotFound(_("This attempt does not exist, or not for you."))
    earlier = attempt.made_choices.filter(uuid=made.uuid).select_related("choice").first()
    if earlier is not None:
        if earlier.choice.uuid != made.choice_uuid:
            raise Conflict(_("This uuid was already used for another choice."), code="conflict")
        return attempt, False
    if attempt.is_completed:
        raise _refused("simulation_ended", "keuze")
    _refuse_bad_moment(made.chosen_at, now, "gekozenOp")
    choice = (
        SimulationChoice.objects.filter(uuid=made.choice_uuid, step=attempt.current_step)
        .select_related("next_step")
        .first()
    )
    if choice is None:
        raise _refused("choice_not_in_current_step", "keuze")
    position = attempt.made_choices.count()
    _made(attempt, position, made, choice).save()
    attempt.current_step = choice.next_step
    if choice.next_step.is_ending:
        chosen = [
            c.choice for c in attempt.made_choices.select_related("choice").order_by("position")
        ]
        _complete(attempt, attempt.version, chosen, made.chosen_at)
    else:
        attempt.save(update_fields=["current_step"])
    activity_mark(employee=employee, moments=[made.chosen_at])
    return attempt, True


def path_totals(choices) -> dict[str, int]:
    totals = dict.fromkeys(DIMENSIONS, 0)
    for choice in choices:
        for dimension, value in choice.effects().items():
            totals[dimension] += value
    return totals


def _complete(attempt, version, choices, completed_at):
    scores = Bounds.from_json(version.bounds).normalised(path_totals(choices))
    for dimension, score in scores.items():
        setattr(attempt, dimension, score)
    attempt.average_score = round(sum(scores.values()) / len(scores), 1)
    attempt.status = SimulationAttempt.Status.COMPLETED
    attempt.completed_at = _utc(completed_at)
    attempt.save()


@dataclass(frozen=True)
class CostlyChoice:
    choice: SimulationChoice
    lost: dict[str, float]  # points on the 0-100 scale, per dimension
    total_lost: float


@dataclass(frozen=True)
class SimulationResult:
    scores: dict[str, float]
    average: float
    ending: SimulationStep
    costliest: list[CostlyChoice]


def simulation_result(attempt: SimulationAttempt) -> SimulationResult | None:
    """For a completed attempt: the scores, the ending's debrief, and the choices that cost
    most compared with the best choice at that moment."""
    if not attempt.is_completed:
        return None
    graph = simulation_graph_of(attempt.version)
    best = totals_from(graph, max)
    bounds = Bounds.from_json(attempt.version.bounds)
    costly = []
    for made in attempt.made_choices.all():
        choice = made.choice
        lost = {}
        for dimension in DIMENSIONS:
            span = bounds.best[dimension] - bounds.worst[dimension]
            gap = best[choice.step.key][dimension] - (
                choice.effects()[dimension] + best[choice.next_step.key][dimension]
            )
            lost[dimension] = round(100 * gap / span, 1) if span else 0.0
        total = round(sum(lost.values()), 1)
        if total > 0:
            costly.append(CostlyChoice(choice=choice, lost=lost, total_lost=total))
    costly.sort(key=lambda item: -item.total_lost)
    return SimulationResult(
        scores=attempt.scores(),
        average=attempt.average_score,
        ending=attempt.current_step,
        costliest=costly[:COSTLIEST_SHOWN],
    )
