"""Writes for simulation editors: simulations, drafts and their steps and choices, publishing
(which checks the graph: microlessons.simulation_graph) and adapting a shared simulation.

The same rules as for lessons: an organisation changes only its own content and only drafts,
keeps its simulations in its own modules (adaptations stay beside their original), and
points choices only at steps of the same draft.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.errors import Conflict, NotAllowed
from backend.common.owned_content import may_edit
from backend.common.problems import Problems
from microlessons.lesson_editing import not_available
from microlessons.models import (
    Simulation,
    SimulationChoice,
    SimulationStep,
    SimulationVersion,
)
from microlessons.simulation_graph import Choice, Graph, GraphAnalysis, Step, analyse


def simulation_graph_of(version: SimulationVersion) -> Graph:
    """The version's steps and choices as the graph rules see them (two queries)."""
    steps = list(version.steps.prefetch_related("choices__next_step"))
    return Graph.of(
        version.start_step.key if version.start_step_id else None,
        (
            Step(
                key=step.key,
                is_ending=step.is_ending,
                choices=tuple(
                    Choice(
                        key=choice.key,
                        next_step=choice.next_step.key if choice.next_step_id else None,
                        effects=choice.effects(),
                    )
                    for choice in step.choices.all()
                ),
            )
            for step in steps
        ),
    )


def simulation_analysis(version: SimulationVersion) -> GraphAnalysis:
    return analyse(simulation_graph_of(version))


def _refuse_unless_editable(simulation: Simulation, organisation) -> None:
    if not may_edit(simulation, organisation):
        raise NotAllowed(_("This content is not yours to change."), code="not_yours")


def _refuse_unless_draft(version: SimulationVersion) -> None:
    if SimulationVersion.objects.get(pk=version.pk).is_published:
        raise NotAllowed(
            _("A published version never changes; make a new draft."),
            code="published_version_immutable",
        )


@transaction.atomic
def simulation_save(*, simulation: Simulation, organisation) -> Simulation:
    owner_id = organisation.pk if organisation else None
    if simulation._state.adding:
        simulation.owner_id = owner_id
    else:
        stored = Simulation.objects.get(pk=simulation.pk)
        _refuse_unless_editable(stored, organisation)
        if stored.adapted_from_id is not None and simulation.module_id != stored.module_id:
            raise not_available("module")
    if simulation.adapted_from_id is None and simulation.module.owner_id != owner_id:
        raise not_available("module")
    simulation.full_clean()
    simulation.save()
    return simulation


@transaction.atomic
def simulation_version_save(*, version: SimulationVersion, organisation) -> SimulationVersion:
    _refuse_unless_editable(version.simulation, organisation)
    _refuse_unless_draft(version)
    if version.start_step_id and version.start_step.version_id != version.pk:
        raise not_available("start_step")
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def simulation_step_save(*, step: SimulationStep, organisation) -> SimulationStep:
    _refuse_unless_editable(step.version.simulation, organisation)
    _refuse_unless_draft(step.version)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def simulation_step_delete(*, step: SimulationStep, organisation) -> None:
    _refuse_unless_editable(step.version.simulation, organisation)
    _refuse_unless_draft(step.version)
    step.delete()


@transaction.atomic
def simulation_choice_save(*, choice: SimulationChoice, organisation) -> SimulationChoice:
    version = choice.step.version
    _refuse_unless_editable(version.simulation, organisation)
    _refuse_unless_draft(version)
    if choice.next_step_id and choice.next_step.version_id != version.pk:
        raise not_available("next_step")  # a choice never leads into another version
    choice.full_clean()
    choice.save()
    return choice


@transaction.atomic
def simulation_choice_delete(*, choice: SimulationChoice, organisation) -> None:
    _refuse_unless_editable(choice.step.version.simulation, organisation)
    _refuse_unless_draft(choice.step.version)
    choice.delete()


def copy_simulation_content(*, source: SimulationVersion, target: SimulationVersion) -> None:
    """Every step and choice of ``source`` into ``target``, with the start and the arrows."""
    steps = list(source.steps.prefetch_related("choices"))
    copies = {
        step.pk: SimulationStep(
            version=target,
            key=step.key,
            position=step.position,
            kind=step.kind,
            context=step.context,
            text=step.text,
            title=step.title,
        )
        for step in steps
    }
    SimulationStep.objects.bulk_create(copies.values())
    SimulationChoice.objects.bulk_create(
        SimulationChoice(
            step=copies[step.pk],
            key=choice.key,
            position=choice.position,
            text=choice.text,
            feedback=choice.feedback,
            next_step=copies.get(choice.next_step_id),
            customer_satisfaction=choice.customer_satisfaction,
            lead_time=choice.lead_time,
            cost=choice.cost,
            process=choice.process,
        )
        for step in steps
        for choice in step.choices.all()
    )
    if source.start_step_id:
        target.start_step = copies[source.start_step_id]
        target.save(update_fields=["start_step", "updated_at"])


def _new_version(simulation: Simulation, source: SimulationVersion | None) -> SimulationVersion:
    number = (simulation.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    draft = SimulationVersion.objects.create(
        simulation=simulation,
        number=number,
        title=source.title if source else simulation.key.replace("-", " ").capitalize(),
        summary=source.summary if source else "",
        channel=source.channel if source else SimulationVersion.Channel.DESK,
        customer=source.customer if source else "",
        estimated_seconds=source.estimated_seconds if source else 180,
    )
    if source is not None:
        copy_simulation_content(source=source, target=draft)
    return draft


@transaction.atomic
def simulation_draft_create(*, simulation: Simulation) -> SimulationVersion:
    """A new draft from the published version (or the existing draft)."""
    simulation = Simulation.objects.select_for_update().get(pk=simulation.pk)
    existing = simulation.versions.filter(status=SimulationVersion.Status.DRAFT).first()
    if existing is not None:
        return existing
    return _new_version(simulation, simulation.published_version)


def publication_problems(version: SimulationVersion, analysis: GraphAnalysis) -> Problems:
    """Everything that keeps a version from being published: the graph's problems (by step
    and choice key) and the version's own fields."""
    problems = Problems()
    if not version.title.strip():
        problems.add("titel", _("A simulation needs a title."), "required")
    for problem in analysis.problems:
        path = "stappen"
        if problem.step:
            path += f".{problem.step}"
        if problem.choice:
            path += f".keuzes.{problem.choice}"
        problems.add(path, problem.message, problem.code)
    return problems


@transaction.atomic
def simulation_version_publish(*, version: SimulationVersion) -> SimulationVersion:
    simulation = Simulation.objects.select_for_update().get(pk=version.simulation_id)
    version = SimulationVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise Conflict(_("This version has already been published."), code="already_published")
    analysis = simulation_analysis(version)
    publication_problems(version, analysis).raise_if_any(
        _("This version cannot be published yet."), code="not_publishable"
    )
    version.status = SimulationVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.bounds = analysis.bounds.as_json()
    version.depth = analysis.depth
    version.save(update_fields=["status", "published_at", "bounds", "depth", "updated_at"])
    simulation.published_version = version
    simulation.save(update_fields=["published_version", "updated_at"])
    return version


@transaction.atomic
def simulation_adapt(*, simulation: Simulation, organisation) -> Simulation:
    """An organisation's own copy of a shared simulation; the original never overwrites it."""
    if not simulation.is_shared:
        raise NotAllowed(_("Only shared simulations can be adapted."), code="not_shared")
    source = simulation.published_version
    if source is None:
        raise Conflict(_("This simulation has no published version yet."), code="not_published")
    if Simulation.objects.filter(adapted_from=simulation, owner=organisation).exists():
        raise Conflict(
            _("Your organisation already has its own copy of this simulation."),
            code="already_adapted",
        )
    copy = Simulation.objects.create(
        owner=organisation,
        module=simulation.module,
        key=simulation.key,
        position=simulation.position,
        adapted_from=simulation,
        adapted_from_version=source.number,
    )
    _new_version(copy, source)
    return copy
