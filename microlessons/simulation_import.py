"""A simulation as one JSON document (the demo content's format, see
microlessons/demo_content/simulaties/): checked whole, every problem listed, then written in
one transaction and, when asked, published (which checks the graph again, with the same rules
as the publish action)."""

from django.db import transaction
from django.utils.translation import gettext as _

from backend.common.problems import Problems
from backend.organisations.models import Organisation
from microlessons.json_reading import read_key, read_text
from microlessons.models import (
    SIMULATION_MAX_SECONDS,
    SIMULATION_MIN_SECONDS,
    Module,
    Simulation,
    SimulationChoice,
    SimulationStep,
    SimulationVersion,
)
from microlessons.simulation_authoring import simulation_version_publish
from microlessons.simulation_graph import DIMENSIONS, Choice, Graph, Step, analyse

KINDS = {"gesprek": SimulationStep.Kind.CONVERSATION, "einde": SimulationStep.Kind.ENDING}
CHANNELS = set(SimulationVersion.Channel.values)
EFFECT_NAMES = {dutch: internal for internal, dutch in DIMENSIONS.items()}


def check_simulation(data, *, organisation: Organisation | None) -> tuple[Problems, Graph | None]:
    problems = Problems()
    if not isinstance(data, dict):
        problems.add("simulatie", _("A simulation is a JSON object."), "invalid_type")
        return problems, None
    key = read_key(data, "simulatie", problems, set())
    module_key = data.get("module")
    if (
        not isinstance(module_key, str)
        or not Module.objects.filter(owner=organisation, key=module_key).exists()
    ):
        problems.add("simulatie.module", _("This module is not available."), "not_available")
    elif (
        key
        and Simulation.objects.filter(owner=organisation, module__key=module_key, key=key).exists()
    ):
        problems.add(
            "simulatie.sleutel",
            _("This module already has a simulation with this key."),
            "duplicate",
        )
    read_text(data, "titel", "simulatie", problems, max_length=200)
    read_text(data, "samenvatting", "simulatie", problems, max_length=300, required=False)
    read_text(data, "klant", "simulatie", problems, max_length=500, required=False)
    if data.get("kanaal") not in CHANNELS:
        problems.add(
            "simulatie.kanaal", _("Use balie, telefoon, chat or huisbezoek."), "invalid_choice"
        )
    seconds = data.get("geschatteDuurSeconden")
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int)
        or not (SIMULATION_MIN_SECONDS <= seconds <= SIMULATION_MAX_SECONDS)
    ):
        problems.add(
            "simulatie.geschatteDuurSeconden",
            _("A whole number from %(min)s to %(max)s.")
            % {"min": SIMULATION_MIN_SECONDS, "max": SIMULATION_MAX_SECONDS},
            "out_of_range",
        )
    steps = data.get("stappen")
    if not isinstance(steps, list) or not steps:
        problems.add("simulatie.stappen", _("A simulation needs steps."), "required")
        return problems, None
    graph_steps, step_keys, choice_keys = [], set(), set()
    for index, step in enumerate(steps):
        graph_steps.append(_check_step(step, f"stappen.{index}", problems, step_keys, choice_keys))
    start = data.get("start") if isinstance(data.get("start"), str) else None
    graph = Graph.of(start, [step for step in graph_steps if step is not None])
    for problem in analyse(graph).problems:
        path = "stappen" + (f".{problem.step}" if problem.step else "")
        path += f".keuzes.{problem.choice}" if problem.choice else ""
        problems.add(path, problem.message, problem.code)
    return problems, graph


def _check_step(step, path, problems, step_keys, choice_keys) -> Step | None:
    if not isinstance(step, dict):
        problems.add(path, _("This must be an object."), "invalid_type")
        return None
    key = read_key(step, path, problems, step_keys)
    kind = KINDS.get(step.get("soort")) if isinstance(step.get("soort"), str) else None
    if kind is None:
        problems.add(f"{path}.soort", _("Use gesprek or einde."), "invalid_choice")
        return None
    read_text(step, "tekst", path, problems, max_length=2000)
    read_text(step, "context", path, problems, max_length=300, required=False)
    read_text(
        step, "titel", path, problems, max_length=200, required=kind == SimulationStep.Kind.ENDING
    )
    choices = step.get("keuzes", [])
    if not isinstance(choices, list):
        problems.add(f"{path}.keuzes", _("This must be a list."), "invalid_type")
        choices = []
    graph_choices = []
    for index, choice in enumerate(choices):
        choice_path = f"{path}.keuzes.{index}"
        if not isinstance(choice, dict):
            problems.add(choice_path, _("This must be an object."), "invalid_type")
            continue
        choice_key = read_key(choice, choice_path, problems, choice_keys)
        read_text(choice, "tekst", choice_path, problems, max_length=500)
        read_text(choice, "feedback", choice_path, problems, max_length=1000)
        effect = choice.get("effect") if isinstance(choice.get("effect"), dict) else {}
        effects = {
            EFFECT_NAMES[name]: value for name, value in effect.items() if name in EFFECT_NAMES
        }
        following = choice.get("volgende") if isinstance(choice.get("volgende"), str) else None
        graph_choices.append(Choice(key=choice_key, next_step=following, effects=effects))
    return Step(key=key, is_ending=kind == SimulationStep.Kind.ENDING, choices=tuple(graph_choices))


@transaction.atomic
def simulation_import(
    *, data: dict, organisation: Organisation | None, position: int = 0, publish: bool = True
) -> Simulation:
    problems, _graph = check_simulation(data, organisation=organisation)
    problems.raise_if_any(
        _("The simulation has problems; nothing was imported."), code="invalid_simulation"
    )
    simulation = Simulation.objects.create(
        owner=organisation,
        module=Module.objects.get(owner=organisation, key=data["module"]),
        key=data["sleutel"],
        position=position,
    )
    version = SimulationVersion.objects.create(
        simulation=simulation,
        number=1,
        title=data["titel"],
        summary=data.get("samenvatting", ""),
        channel=data["kanaal"],
        customer=data.get("klant", ""),
        estimated_seconds=data["geschatteDuurSeconden"],
    )
    steps = SimulationStep.objects.bulk_create(
        SimulationStep(
            version=version,
            key=step["sleutel"],
            position=index,
            kind=KINDS[step["soort"]],
            context=step.get("context", ""),
            text=step["tekst"],
            title=step.get("titel", ""),
        )
        for index, step in enumerate(data["stappen"])
    )
    by_key = {step.key: step for step in steps}
    SimulationChoice.objects.bulk_create(
        SimulationChoice(
            step=by_key[step["sleutel"]],
            key=choice["sleutel"],
            position=index,
            text=choice["tekst"],
            feedback=choice["feedback"],
            next_step=by_key[choice["volgende"]],
            **{EFFECT_NAMES[name]: value for name, value in choice["effect"].items()},
        )
        for step in data["stappen"]
        for index, choice in enumerate(step.get("keuzes", []))
    )
    version.start_step = by_key[data["start"]]
    version.save(update_fields=["start_step", "updated_at"])
    if publish:
        simulation_version_publish(version=version)
        simulation.refresh_from_db()
    return simulation
