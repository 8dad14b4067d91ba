"""Writing simulations: drafts, the publish check that lists every problem of the graph, the
graph drawn for the editor, immutable published versions and adapted copies."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from backend.common.errors import InvalidInput
from backend.common.versions import PublishedVersionChanged
from backend.organisations.roles import Role
from microlessons.models import Simulation, SimulationChoice, SimulationStep
from microlessons.simulation_authoring import (
    simulation_adapt,
    simulation_draft_create,
    simulation_version_publish,
)
from microlessons.simulation_import import check_simulation
from tests.factories import EmployeeFactory
from tests.helpers import admin_client
from tests.microlessons.practice_builders import choice, import_simulation, simulation_data


@pytest.fixture
def simulation(zeventerpen, module):
    return import_simulation(zeventerpen, module)


def _broken_draft(simulation):
    """A draft with an unreachable step, a dead end and a loop."""
    draft = simulation_draft_create(simulation=simulation)
    steps = {step.key: step for step in draft.steps.all()}
    SimulationStep.objects.create(version=draft, key="vergeten", kind="gesprek", text="Hallo?")
    dead = SimulationStep.objects.create(
        version=draft, key="doodlopend", kind="gesprek", text="En?"
    )
    loop = draft.steps.get(key="midden").choices.get(key="beloven")
    loop.next_step = steps["begin"]  # midden -> begin -> midden -> ...
    loop.save()
    detour = draft.steps.get(key="begin").choices.get(key="doorsturen")
    detour.next_step = dead
    detour.save()
    return draft


def test_published_bounds_and_depth_are_recorded(simulation):
    version = simulation.published_version
    assert version.depth == 2
    assert version.bounds["customer_satisfaction"] == [-2, 5]


def test_a_graph_with_problems_cannot_be_published_and_every_problem_is_listed(simulation):
    draft = _broken_draft(simulation)
    with pytest.raises(InvalidInput) as refused:
        simulation_version_publish(version=draft)
    problems = {
        (path, problem.code) for path, found in refused.value.params.items() for problem in found
    }
    assert ("stappen.vergeten", "unreachable") in problems
    assert ("stappen.vergeten", "dead_end") in problems
    assert ("stappen.doodlopend", "dead_end") in problems
    assert {path for path, code in problems if code == "cycle"} == {
        "stappen.begin",
        "stappen.midden",
    }
    draft.refresh_from_db()
    assert not draft.is_published


@pytest.mark.parametrize(
    "breaks, code",
    [
        (
            lambda d: d["stappen"].append(
                {"sleutel": "los", "soort": "einde", "titel": "Los", "tekst": "."}
            ),
            "unreachable",
        ),
        (lambda d: d["stappen"][1]["keuzes"].pop(), "choice_count"),
        (lambda d: d["stappen"][1]["keuzes"][0].update(volgende="begin"), "cycle"),
        (lambda d: d.update(start="niet-er"), "no_start"),
        (lambda d: d["stappen"][0]["keuzes"][0]["effect"].update(kosten=5), "effect_out_of_range"),
    ],
)
def test_the_json_import_applies_the_same_graph_rules(zeventerpen, module, breaks, code):
    data = simulation_data(module=module.key)
    breaks(data)
    problems, _graph = check_simulation(data, organisation=zeventerpen)
    assert code in {problem.code for found in problems.by_path.values() for problem in found}


def test_published_versions_never_change(simulation):
    step = simulation.published_version.steps.first()
    step.text = "Anders"
    with pytest.raises(PublishedVersionChanged):
        step.save()


def test_a_new_draft_copies_the_graph_and_publishes_as_version_two(simulation):
    draft = simulation_draft_create(simulation=simulation)
    assert draft.number == 2 and draft.start_step.key == "begin"
    assert draft.start_step.version == draft
    copied = SimulationChoice.objects.filter(step__version=draft)
    assert copied.count() == 4
    assert all(c.next_step.version_id == draft.pk for c in copied)
    simulation_version_publish(version=draft)
    simulation.refresh_from_db()
    assert simulation.published_version == draft


def test_a_shared_simulation_is_adapted_into_an_own_copy(oosterdijk):
    from tests.microlessons.builders import import_module

    shared_module = import_module(None, "gedeeld", lessons=1, questions=1)
    shared = import_simulation(None, shared_module)
    copy = simulation_adapt(simulation=shared, organisation=oosterdijk)
    assert copy.owner == oosterdijk and copy.adapted_from == shared
    assert copy.versions.get().steps.count() == shared.published_version.steps.count()


@pytest.fixture
def editor(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR])


def test_the_editor_sees_the_graph_with_every_problem_marked(editor, simulation):
    draft = _broken_draft(simulation)
    client = admin_client(editor)
    page = client.get(reverse("admin:microlessons_simulationversion_change", args=[draft.pk]))
    assert page.status_code == 200 and "graaf.svg" in page.content.decode()
    svg = client.get(reverse("admin:microlessons_simulationversion_graph", args=[draft.pk]))
    assert svg["Content-Type"].startswith("image/svg+xml")
    tree = ET.fromstring(svg.content)
    marked = {
        group.get("data-stap")
        for group in tree.iter("{http://www.w3.org/2000/svg}g")
        if "probleem" in (group.get("class") or "")
    }
    # the loop and the detour also leave two endings unreachable
    assert marked == {"vergeten", "doodlopend", "begin", "midden", "einde-half", "einde-weg"}
    codes = {
        t.get("data-code")
        for t in tree.iter("{http://www.w3.org/2000/svg}text")
        if t.get("data-code")
    }
    assert {"unreachable", "dead_end", "cycle"} <= codes


def test_a_sound_graph_is_drawn_without_problems(editor, simulation):
    url = reverse(
        "admin:microlessons_simulationversion_graph", args=[simulation.published_version.pk]
    )
    tree = ET.fromstring(admin_client(editor).get(url).content)
    assert len(list(tree.iter("{http://www.w3.org/2000/svg}g"))) == 5
    assert not [
        g for g in tree.iter("{http://www.w3.org/2000/svg}g") if "probleem" in g.get("class")
    ]


def test_the_publish_action_reports_the_problems(editor, simulation):
    draft = _broken_draft(simulation)
    response = admin_client(editor).post(
        reverse("admin:microlessons_simulationversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("vergeten" in m and "doodlopend" in m for m in messages)
    draft.refresh_from_db()
    assert not draft.is_published


def test_another_organisations_graph_is_a_404(simulation, oosterdijk):
    outsider = EmployeeFactory(organisation=oosterdijk, roles=[Role.CONTENT_EDITOR])
    url = reverse(
        "admin:microlessons_simulationversion_graph", args=[simulation.published_version.pk]
    )
    assert admin_client(outsider).get(url).status_code == 404


def test_a_choice_cannot_lead_into_another_version(editor, simulation, zeventerpen):
    from backend.common.errors import InvalidInput as Refused
    from microlessons.simulation_authoring import simulation_choice_save

    draft = simulation_draft_create(simulation=simulation)
    other = Simulation.objects.exclude(pk=simulation.pk).first()
    assert other is None  # only one simulation: point at the published version's step
    foreign_step = simulation.published_version.steps.get(key="einde-goed")
    bad = SimulationChoice(
        step=draft.steps.get(key="begin"),
        key="over",
        text="x",
        feedback="y",
        next_step=foreign_step,
    )
    with pytest.raises(Refused):
        simulation_choice_save(choice=bad, organisation=zeventerpen)


def test_choice_builder_defaults_are_zero():
    assert choice("x", "y")["effect"] == {
        "klanttevredenheid": 0,
        "doorlooptijd": 0,
        "kosten": 0,
        "procesjuistheid": 0,
    }
