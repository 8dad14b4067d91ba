"""Simulations and insights as people use them: an editor builds a simulation, sees the graph
with its problems, fixes them and publishes; an insights viewer reads the insights page."""

import uuid

import pytest
from django.test import Client
from django.utils import timezone

from backend.organisations import demo
from backend.organisations.models import Organisation
from tests.browser.conftest import PHONE, api_headers, run_admin_action, sign_in_to_admin
from tests.microlessons.builders import import_module

PASSWORD = demo.DEMO_PASSWORD
VERSIONS = "/admin/microlessons/simulationversion/"


@pytest.fixture
def zeventerpen_demo(transactional_db):
    demo.load()
    return Organisation.objects.get(slug="zeventerpen")


def _save(page, button="_save"):
    page.click(f"input[name={button}]")
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, errors


def _add_step(page, index, key, kind, text, title=""):
    page.locator(".add-row a").click()
    page.fill(f"#id_steps-{index}-key", key)
    page.fill(f"#id_steps-{index}-position", str(index))
    page.select_option(f"#id_steps-{index}-kind", kind)
    page.fill(f"#id_steps-{index}-text", text)
    if title:
        page.fill(f"#id_steps-{index}-title", title)


def _fill_choice(page, index, key, text, following, satisfaction):
    page.fill(f"#id_choices-{index}-key", key)
    page.fill(f"#id_choices-{index}-position", str(index))
    page.fill(f"#id_choices-{index}-text", text)
    page.fill(f"#id_choices-{index}-feedback", f"Feedback bij {key}.")
    page.select_option(f"#id_choices-{index}-next_step", label=following)
    page.fill(f"#id_choices-{index}-customer_satisfaction", str(satisfaction))


def test_an_editor_builds_a_simulation_fixes_its_graph_and_publishes_it(zeventerpen_demo, new_page):
    import_module(zeventerpen_demo, "gesprekken", lessons=1, questions=1)
    page = new_page()
    sign_in_to_admin(page, "demo-redacteur", PASSWORD)

    page.goto("/admin/microlessons/simulation/add/")
    page.select_option("#id_module", label="Module gesprekken")
    page.fill("#id_key", "brief-niet-begrepen")
    _save(page)
    page.locator("tr", has_text="brief-niet-begrepen").locator("input.action-select").check()
    page.select_option("select[name=action]", "create_draft")
    page.click("button[name=index]")
    page.wait_for_load_state()

    page.goto("/admin/microlessons/simulationversion/")
    page.locator("#result_list a", has_text="Brief niet begrepen").click()
    page.fill("#id_title", "Een brief die niemand snapt")
    page.fill("#id_customer", "Een inwoner met een brief van de gemeente.")
    _add_step(page, 0, "begin", "gesprek", "Ik snap deze brief niet.")
    _add_step(page, 1, "einde-goed", "einde", "De inwoner weet nu wat te doen.", "Uitgelegd")
    _add_step(page, 2, "einde-weg", "einde", "De inwoner gaat boos weg.", "Weggestuurd")
    _save(page, "_continue")
    page.select_option("#id_start_step", label="begin")
    _save(page, "_continue")

    # The first step has no choices yet: the graph marks it, publishing is refused.
    assert "Deze stap heeft geen keuzes" in page.locator(".graph-problems").inner_text()
    graph = page.locator("img[src$='graaf.svg']")
    assert graph.evaluate("img => img.naturalWidth") > 0
    version_url = page.url
    refused = run_admin_action(page, VERSIONS, "Een brief die niemand snapt", "publish")
    assert "kan nog niet worden gepubliceerd" in refused

    # Add the choices on the step's page; back on the version, no problems remain.
    page.goto(version_url)
    page.locator("a", has_text="keuzes bewerken").first.click()
    _fill_choice(page, 0, "uitleggen", "Ik leg het u stap voor stap uit.", "einde-goed", 3)
    _fill_choice(page, 1, "doorsturen", "Daarvoor moet u bij een collega zijn.", "einde-weg", -2)
    _save(page)
    page.goto(version_url)
    assert page.locator(".graph-problems li").count() == 0
    assert "Geen problemen" in page.locator(".graph-ok").inner_text()

    published = run_admin_action(page, VERSIONS, "Een brief die niemand snapt", "publish")
    assert "Gepubliceerd" in published

    learner = api_headers("demo-medewerker", PASSWORD)
    listed = Client().get("/api/v1/simulaties", **learner).json()
    assert [s["titel"] for s in listed] == ["Een brief die niemand snapt"]


def _measured_world(organisation):
    from microlessons.knowledge_test_attempts import (
        knowledge_answer,
        knowledge_test_attempt_start,
        knowledge_test_submit,
    )
    from tests.factories import DepartmentFactory, EmployeeFactory
    from tests.microlessons.practice_builders import import_test, window

    topics = [
        import_module(organisation, f"onderwerp-{n}", lessons=1, questions=1) for n in range(2)
    ]
    test = import_test(organisation, topics)
    window(organisation, test)
    measured = []
    for name, size in {"Klein": 4, "Midden": 6, "Groot": 8}.items():
        department = DepartmentFactory(organisation=organisation, name=name)
        for _n in range(size):
            employee = EmployeeFactory(organisation=organisation, department=department)
            attempt, _ = knowledge_test_attempt_start(
                employee=employee, attempt_uuid=uuid.uuid4(), test_uuid=test.uuid, kind="meting"
            )
            question = test.questions.first()
            knowledge_answer(
                employee=employee,
                attempt_uuid=attempt.uuid,
                question_uuid=question.uuid,
                chosen_option_uuids=[question.options.filter(is_correct=True).first().uuid],
                now=timezone.now(),
            )
            knowledge_test_submit(employee=employee, attempt_uuid=attempt.uuid)
            measured.append(employee)
    return measured


@pytest.mark.parametrize("screen", ["laptop", "phone"])
def test_the_insights_page_shows_groups_with_the_small_ones_hidden(
    zeventerpen_demo, new_page, tmp_path, screen
):
    measured = _measured_world(zeventerpen_demo)
    page = new_page(viewport=PHONE) if screen == "phone" else new_page()
    sign_in_to_admin(page, "demo-analist", PASSWORD)
    page.click("text=Deelname en resultaten")
    page.wait_for_load_state()
    section = page.locator("section#kennistoets")
    rows = {
        row.locator("th").inner_text(): row.locator("td").all_inner_texts()
        for row in section.locator("tbody tr").all()
    }
    assert set(rows["Klein"]) == {"–"}  # hidden: four people
    assert sum(1 for cells in rows.values() if set(cells) == {"–"}) == 2  # and one more
    assert any("n=8" in cell for cell in rows["Groot"])
    assert section.locator("svg .balk").count() >= 1
    assert section.locator("svg .onderdrukt").count() == 2
    shown = page.locator("body").inner_text()
    assert not [e.full_name for e in measured if e.full_name in shown]  # nobody by name
    with page.expect_download() as download:
        section.locator("a", has_text="Downloaden als CSV").click()
    saved = tmp_path / "inzicht.csv"
    download.value.save_as(saved)
    assert "niet getoond (kleine groep)" in saved.read_text(encoding="utf-8")


def test_an_organisation_admin_cannot_open_the_insights(zeventerpen_demo, new_page):
    page = new_page()
    sign_in_to_admin(page, "demo-beheerder", PASSWORD)
    assert page.goto("/admin/inzichten/").status == 403
