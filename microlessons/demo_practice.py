"""Demo content for Zeventerpen beside the lessons: the conversation simulations
(demo_content/simulaties/) and the knowledge test (demo_content/kennistoets.json), loaded
through their importers and published. Idempotent: what exists is left alone."""

import json

from backend.organisations.models import Organisation
from microlessons.demo import CONTENT_DIR
from microlessons.knowledge_test_import import knowledge_test_import
from microlessons.models import KnowledgeTest, Simulation
from microlessons.simulation_import import simulation_import

SIMULATIONS_DIR = CONTENT_DIR / "simulaties"
KNOWLEDGE_TEST_FILE = CONTENT_DIR / "kennistoets.json"


def demo_simulations():
    for path in sorted(SIMULATIONS_DIR.glob("*.json")):
        yield json.loads(path.read_text(encoding="utf-8"))


def demo_knowledge_test() -> dict:
    return json.loads(KNOWLEDGE_TEST_FILE.read_text(encoding="utf-8"))


def load(stdout=None):
    zeventerpen = Organisation.objects.get(slug="zeventerpen")
    loaded = 0
    for position, data in enumerate(demo_simulations()):
        exists = Simulation.objects.filter(
            owner=zeventerpen, module__key=data["module"], key=data["sleutel"]
        ).exists()
        if not exists:
            simulation_import(data=data, organisation=zeventerpen, position=position)
            loaded += 1
    test = demo_knowledge_test()
    if not KnowledgeTest.objects.filter(owner=zeventerpen, key=test["sleutel"]).exists():
        knowledge_test_import(data=test, organisation=zeventerpen)
    if stdout is not None:
        total = Simulation.objects.filter(owner=zeventerpen).count()
        stdout.write(f"Simulations: {total} for Zeventerpen ({loaded} loaded now); knowledge test")
