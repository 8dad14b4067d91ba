"""The admin as people use it: signing in from Chromium (the CSRF check refused that before the
referrer policy was fixed), each demo role's own pages, the Dutch errors, and an editor writing
a lesson that a learner then gets in the app."""

import io
import re

import pytest
from django.test import Client
from PIL import Image

from backend.organisations import demo
from tests.browser.conftest import PHONE, api_headers, run_admin_action, sign_in_to_admin

PASSWORD = demo.DEMO_PASSWORD
MICROLESSONS = {
    "Afbeeldingen",
    "Kennistoetsen",
    "Lessen",
    "Lesversies",
    "Modules",
    "Simulaties",
    "Simulatieversies",
    "Vragen",
}
# An organisation admin also sets the measurement windows (and sees the tests they measure),
# and the defaults for reminders (and sees the notifications sent).
ORGANISATIONS = {
    "Afdelingen",
    "Kennistoetsen",
    "Logboek van wijzigingen",
    "Medewerkers",
    "Meetvensters",
    "Notificaties",
    "Organisaties",
    "Standaard voor herinneringen",
    "Verzoeken om gegevens te wissen",
    "Vestigingen",
}

# A campaign organiser runs the campaigns and moderates citizens' compliments.
COMPLIMENTS = {
    "Complimentcampagnes",
    "Complimenten",
    "Complimenten van inwoners",
    "Instellingen complimenten van inwoners",
}

# demo login -> the admin pages it sees (None: it may not use the admin at all)
ADMIN_PAGES = {
    "demo-medewerker": None,
    "demo-analist": {"Deelname en resultaten"},
    "demo-redacteur": MICROLESSONS,
    "demo-organisator": COMPLIMENTS,
    "demo-coach": {
        "Regelmeldingen",
        "Stappen van meldingen",
        "Triagesessies",
        "Ontregelprogramma's",
    },
    "demo-beheerder": ORGANISATIONS,
    "demo-oosterdijk": ORGANISATIONS,
}
# A page of each kind, to check that a role without it is refused there.
PAGE_OF = {
    "Lessen": "/admin/microlessons/lesson/",
    "Medewerkers": "/admin/organisations/employee/",
    "Deelname en resultaten": "/admin/inzichten/",
}


@pytest.fixture
def demo_people(transactional_db):
    demo.load()


def _admin_pages(page) -> set[str]:
    return set(page.locator("#content-main .module th[scope=row] a").all_inner_texts())


@pytest.mark.parametrize("login", list(ADMIN_PAGES))
def test_every_demo_role_sees_its_own_admin_pages_and_only_those(demo_people, new_page, login):
    page = new_page()
    sign_in_to_admin(page, login, PASSWORD)
    expected = ADMIN_PAGES[login]
    if expected is None:
        assert page.url.endswith("/admin/login/")
        assert "juiste gebruikersnaam" in page.locator(".errornote").inner_text()
        return
    assert page.url.endswith("/admin/")
    assert _admin_pages(page) == expected
    for name, url in PAGE_OF.items():
        response = page.goto(url)
        assert (response.status == 200) == (name in expected), (login, url, response.status)


def test_an_organisation_admin_sees_only_their_own_people(demo_people, new_page):
    page = new_page()
    sign_in_to_admin(page, "demo-oosterdijk", PASSWORD)
    page.goto("/admin/organisations/employee/")
    names = page.locator("#result_list tbody th a").all_inner_texts()
    assert "Femke Zwart" in names and "Noël Hendriks" not in names
    assert "Zeventerpen" not in page.content()


def test_a_wrong_password_shows_the_dutch_error(demo_people, new_page):
    page = new_page()
    sign_in_to_admin(page, "demo-beheerder", "geraden")
    error = page.locator(".errornote").inner_text()
    assert error.startswith("Voer de juiste gebruikersnaam en het juiste wachtwoord in.")
    assert page.locator("html").get_attribute("lang") == "nl"


def test_signing_in_works_on_a_phone_sized_screen(demo_people, new_page):
    page = new_page(viewport=PHONE)
    sign_in_to_admin(page, "demo-beheerder", PASSWORD)
    assert page.url.endswith("/admin/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _png(path):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (31, 78, 121)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _save(page):
    page.click("input[name=_save]")
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, errors


def test_an_editor_writes_previews_and_publishes_a_lesson_the_learner_then_gets(
    demo_people, new_page, live_server, tmp_path
):
    page = new_page()
    sign_in_to_admin(page, "demo-redacteur", PASSWORD)

    # An image for the lesson.
    page.goto("/admin/microlessons/lessonimage/add/")
    page.set_input_files("#id_upload", str(_png(tmp_path / "balie.png")))
    page.fill("#id_description", "De balie van de Stadswinkel")
    _save(page)

    # A module, and a lesson in it.
    page.goto("/admin/microlessons/module/add/")
    page.fill("#id_key", "balie-basis")
    page.fill("#id_title", "De balie")
    _save(page)
    page.goto("/admin/microlessons/lesson/add/")
    page.select_option("#id_module", label="De balie")
    page.fill("#id_key", "eerste-indruk")
    _save(page)

    # A draft, with a text block and an image block.
    page.goto("/admin/microlessons/lesson/")
    page.locator("tr", has_text="eerste-indruk").locator("input.action-select").check()
    page.select_option("select[name=action]", "create_draft")
    page.click("button[name=index]")
    page.wait_for_load_state()
    page.goto("/admin/microlessons/lessonversion/")
    page.locator("#result_list a", has_text="Eerste indruk").first.click()
    page.fill("#id_title", "De eerste indruk aan de balie")
    page.fill("#id_estimated_seconds", "120")
    add_block = page.locator(".add-row a")
    add_block.click()
    page.fill("#id_blocks-0-position", "0")
    page.select_option("#id_blocks-0-kind", "tekst")
    page.fill("#id_blocks-0-text", "Kijk op en groet wie binnenkomt.")
    add_block.click()
    page.fill("#id_blocks-1-position", "10")
    page.select_option("#id_blocks-1-kind", "afbeelding")
    page.select_option("#id_blocks-1-image", label="De balie van de Stadswinkel")
    page.fill("#id_blocks-1-alt_text", "De balie, gezien vanaf de ingang.")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert not page.locator(".errornote").count()

    # A question, through the link on the draft's page.
    page.click("text=Vraag toevoegen")
    page.fill("#id_position", "20")
    page.fill("#id_key", "eerst-groeten")
    page.fill("#id_prompt", "Een inwoner komt de Stadswinkel binnen. Wat doe je eerst?")
    page.fill("#id_options-0-text", "Opkijken en groeten")
    page.check("#id_options-0-is_correct")
    page.fill("#id_options-0-feedback", "Zo voelt de inwoner zich gezien.")
    page.fill("#id_options-1-text", "Eerst je mail afmaken")
    page.fill("#id_options-1-feedback", "Dan voelt de inwoner zich niet welkom.")
    page.fill("#id_options-1-position", "1")
    _save(page)

    # The preview shows all three blocks.
    page.goto("/admin/microlessons/lessonversion/")
    page.locator("#result_list a", has_text="De eerste indruk aan de balie").click()
    with page.expect_popup() as popup:
        page.click("text=Voorbeeld")
    preview = popup.value
    preview.wait_for_load_state()
    body = preview.locator("#content-main")
    assert "Kijk op en groet wie binnenkomt." in body.inner_text()
    assert "Wat doe je eerst?" in body.inner_text()
    image = body.locator("img")
    assert image.get_attribute("alt") == "De balie, gezien vanaf de ingang."
    assert preview.evaluate("img => img.naturalWidth", image.element_handle()) > 0

    # Publish.
    published = run_admin_action(
        page, "/admin/microlessons/lessonversion/", "De eerste indruk aan de balie", "publish"
    )
    assert "Gepubliceerd" in published

    # The learner gets it in today's session.
    learner = api_headers("demo-medewerker", PASSWORD)
    today = Client().get("/api/v1/mij/vandaag", **learner).json()
    assert today["les"]["titel"] == "De eerste indruk aan de balie"
    kinds = [block["soort"] for block in today["les"]["blokken"]]
    assert kinds == ["tekst", "afbeelding", "vraag"]


def test_a_save_from_a_stale_page_shows_the_concurrent_edit_message(demo_people, new_page):
    first, second = new_page(), new_page()
    for page in (first, second):
        sign_in_to_admin(page, "demo-beheerder", PASSWORD)
        page.goto("/admin/organisations/location/")
        page.locator("#result_list a", has_text="Milieustraat").click()
    first.fill("#id_street_address", "Industrieweg 11")
    _save(first)
    second.fill("#id_street_address", "Industrieweg 13")
    second.click("input[name=_save]")
    second.wait_for_load_state()
    message = second.locator(".errornote, .errorlist").all_inner_texts()
    assert any(re.search(r"Iemand anders heeft .* opgeslagen", text) for text in message), message
