"""`make run`'s demo practice for Zeventerpen: at least five published simulations with three
or more endings each, a knowledge test of at least thirty questions over the topics, and enough
measurements and plays that the insights show real figures, with a small department hidden."""

import csv
import io

import pytest

from backend.organisations.models import Employee, Organisation
from microlessons.demo_activity import SMALL_DEPARTMENT
from microlessons.models import KnowledgeTest, Simulation, SimulationStep
from microlessons.simulation_authoring import simulation_analysis
from tests.conftest import client_for


@pytest.fixture
def demo(demo_data, db):
    return Organisation.objects.get(slug="zeventerpen")


def _client(username):
    return client_for(Employee.objects.get(user__username=username))


def test_at_least_five_published_simulations_with_three_endings_each(demo):
    simulations = Simulation.objects.filter(owner=demo).select_related("published_version")
    assert simulations.count() >= 5
    channels = set()
    for simulation in simulations:
        version = simulation.published_version
        assert version is not None and version.is_published, simulation.key
        endings = version.steps.filter(kind=SimulationStep.Kind.ENDING)
        assert endings.count() >= 3, simulation.key
        assert not simulation_analysis(version).problems, simulation.key
        channels.add(version.channel)
    assert len(channels) >= 3  # balie, telefoon, huisbezoek and so on, not one channel only


def test_short_and_long_simulations_are_both_there(demo):
    depths = [
        Simulation.objects.get(pk=s.pk).published_version.depth
        for s in Simulation.objects.filter(owner=demo)
    ]
    assert any(depth <= 4 for depth in depths), depths  # a quick snippet for today's session
    assert any(depth > 4 for depth in depths), depths


def test_the_knowledge_test_has_thirty_questions_over_the_topics(demo):
    test = KnowledgeTest.objects.get(owner=demo)
    assert test.is_published
    questions = list(test.questions.select_related("topic"))
    assert len(questions) >= 30
    topics = {question.topic.key for question in questions}
    assert len(topics) >= 5


def test_the_insights_show_figures_and_hide_the_small_department(demo):
    analyst = _client("demo-analist")
    table = analyst.get("/api/v1/inzichten/kennistoets").json()
    rows = {row["naam"]: row for row in table["rijen"]}
    small = rows[SMALL_DEPARTMENT]
    assert small["totaal"]["onderdrukt"] and small["totaal"]["waarde"] is None
    shown = [row for row in rows.values() if not row["totaal"]["onderdrukt"]]
    assert len(shown) >= 3 and all(row["totaal"]["waarde"] is not None for row in shown)
    # a second department is hidden with it: the total cannot give the small one away
    assert sum(row["totaal"]["onderdrukt"] for row in rows.values()) >= 2
    assert table["totaal"]["totaal"]["onderdrukt"] is False

    export = analyst.get("/api/v1/inzichten/export", {"weergave": "kennistoets"})
    lines = list(csv.reader(io.StringIO(export.content.decode()), delimiter=";"))
    small_line = next(line for line in lines if line[0] == SMALL_DEPARTMENT)
    assert set(small_line[1:]) == {"niet getoond (kleine groep)"}


@pytest.mark.parametrize("view", ["deelname", "trend", "simulaties"])
def test_every_other_view_shows_real_figures(demo, view):
    table = _client("demo-analist").get(f"/api/v1/inzichten/{view}").json()
    values = [
        cell["waarde"]
        for row in [*table["rijen"], *([table["totaal"]] if table["totaal"] else [])]
        for cell in row["cellen"]
        if not cell["onderdrukt"]
    ]
    assert sum(value is not None and value > 0 for value in values) >= 3


def test_the_trend_rises_between_the_measurements(demo):
    table = _client("demo-analist").get("/api/v1/inzichten/trend").json()
    measured = [row["totaal"]["waarde"] for row in table["rijen"] if row["totaal"]["aantal"]]
    assert len(measured) >= 2 and measured[-1] > measured[0]


def test_the_demo_learner_gets_a_simulation_and_can_measure(demo):
    learner = _client("demo-medewerker")
    # the next demo lesson takes four minutes: with ten, a short conversation fits beside it
    today = learner.get("/api/v1/mij/vandaag", {"tijdbudget": 600}).json()
    assert today["les"] is not None and today["simulatie"] is not None
    tests = learner.get("/api/v1/kennistoetsen").json()
    offered = [test["meting"] for test in tests]
    assert any(m["venster"] is not None and not m["alGemeten"] for m in offered), tests
