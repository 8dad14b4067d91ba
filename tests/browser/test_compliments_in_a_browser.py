"""Compliment campaigns as an organiser runs them in the admin, in Dutch: creating a campaign
with its logo, gift and volunteers, a logo that is no image, following progress per location
and downloading the cards, and moderating a compliment on a phone."""

import io

import pytest
from PIL import Image

from backend.organisations.roles import Role
from campaigns.compliments.models import DEFAULT_VALUES, Campaign, ModerationStatus
from tests.browser.conftest import PHONE, sign_in_to_admin
from tests.factories import (
    PASSWORD,
    CampaignFactory,
    ComplimentFactory,
    EmployeeFactory,
    LocationFactory,
    OrganisationFactory,
)

CAMPAIGNS = "/admin/compliments/campaign/"


@pytest.fixture
def zeventerpen(transactional_db):
    return OrganisationFactory(name="Zeventerpen", slug="zeventerpen")


@pytest.fixture
def town_hall(zeventerpen):
    return LocationFactory(organisation=zeventerpen, name="Stadhuis")


@pytest.fixture
def organiser(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, roles=[Role.CAMPAIGN_ORGANISER])


def _signed_in(new_page, organiser, **page_options):
    page = new_page(**page_options)
    sign_in_to_admin(page, organiser.user.username, PASSWORD)
    assert page.url.endswith("/admin/")
    return page


def _save(page, button="_save"):
    page.click(f"input[name={button}]")
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, errors


def _png(path, size=(1200, 800)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 78, 121)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _fill_campaign(page, name):
    page.fill("#id_name", name)
    page.fill("#id_nomination_starts_on", "01-02-2030")
    page.fill("#id_nomination_ends_on", "10-02-2030")
    page.fill("#id_delivery_date", "14-02-2030")
    page.fill("#id_sender_limit", "5")
    page.check("#id_moderation_required")
    page.fill("#id_primary_colour", "#1f4e79")
    page.fill("#id_accent_colour", "#e8f0f8")
    page.fill("#id_text_colour", "#111111")


def _stored_logos(settings):
    folder = settings.MEDIA_ROOT / "campagnelogos"
    return list(folder.iterdir()) if folder.exists() else []


def test_an_organiser_creates_a_campaign_with_logo_gift_and_volunteer(
    zeventerpen, organiser, town_hall, new_page, tmp_path
):
    EmployeeFactory(
        organisation=zeventerpen, first_name="Fatima", last_name="El Amrani", location=town_hall
    )
    page = _signed_in(new_page, organiser)
    page.goto(CAMPAIGNS)
    page.click("a.addlink")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert not page.locator("#id_organisation").count()  # always their own organisation

    _fill_campaign(page, "Valentijn 2030")
    page.set_input_files("#id_logo", str(_png(tmp_path / "logo.png")))
    page.fill("#id_gifts-0-name", "tulp")
    page.fill("#id_gifts-0-position", "0")
    page.select_option("#id_volunteers-0-employee", label="Fatima El Amrani")
    page.select_option("#id_volunteers-0-location", label="Stadhuis")
    _save(page)
    assert page.url.endswith(CAMPAIGNS)

    campaign = Campaign.objects.get(name="Valentijn 2030")
    assert campaign.organisation == zeventerpen
    assert str(campaign.nomination_starts_on) == "2030-02-01"
    assert str(campaign.delivery_date) == "2030-02-14"
    assert (campaign.sender_limit, campaign.moderation_required) == (5, True)
    assert campaign.primary_colour.lower() == "#1f4e79"
    assert [value.name for value in campaign.values.all()] == list(DEFAULT_VALUES)
    assert [gift.name for gift in campaign.gifts.all()] == ["tulp"]
    volunteer = campaign.volunteers.get()
    assert (volunteer.employee.full_name, volunteer.location) == ("Fatima El Amrani", town_hall)
    with campaign.logo.open("rb") as stored, Image.open(stored) as logo:
        assert logo.format == "PNG"
        assert max(logo.size) <= 512


def test_a_logo_that_is_no_image_shows_a_dutch_error_and_stores_nothing(
    organiser, new_page, tmp_path, settings
):
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("Dit is geen plaatje.")
    page = _signed_in(new_page, organiser, viewport=PHONE)
    page.goto(f"{CAMPAIGNS}add/")
    _fill_campaign(page, "Valentijn 2031")
    page.set_input_files("#id_logo", str(not_an_image))
    page.click("input[name=_save]")
    page.wait_for_load_state()

    assert page.locator(".errornote").inner_text().startswith("Corrigeer de onderstaande fout")
    error = page.locator(".field-logo .errorlist").inner_text()
    assert error == "Dit bestand is geen leesbare afbeelding."
    assert page.locator("html").get_attribute("lang") == "nl"
    assert not Campaign.objects.exists()
    assert _stored_logos(settings) == []


def test_the_progress_page_counts_per_location_and_downloads_the_cards(
    zeventerpen, organiser, town_hall, new_page
):
    campaign = CampaignFactory(organisation=zeventerpen, name="Valentijn 2030")
    roos, muffin = campaign.gifts.get(name="roos"), campaign.gifts.get(name="muffin")
    colleague = EmployeeFactory(organisation=zeventerpen, location=town_hall)
    ComplimentFactory.create_batch(2, campaign=campaign, recipient=colleague, gift=roos)
    ComplimentFactory(campaign=campaign, recipient=colleague, gift=muffin)
    page = _signed_in(new_page, organiser, viewport=PHONE)

    page.goto(CAMPAIGNS)
    page.locator("#result_list tr", has_text="Valentijn 2030").get_by_role(
        "link", name="Voortgang en drukwerk"
    ).click()
    page.wait_for_load_state()

    assert page.url.endswith(f"/{campaign.pk}/voortgang/")
    assert page.locator("#progress thead th").all_text_contents()[4:6] == ["muffin", "roos"]
    row = page.locator("#progress tbody tr", has_text="Stadhuis")
    cells = [text.strip() for text in row.locator("th, td").all_inner_texts()]
    # location, cards, handed out, volunteers, muffin, roos
    assert cells[:6] == ["Stadhuis", "3", "0", "0", "1", "2"]
    totals = [text.strip() for text in page.locator("#progress tfoot td").all_inner_texts()]
    assert totals[3:5] == ["1", "2"]

    with page.expect_download() as download_info:
        row.get_by_role("link", name="kaarten (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_an_organiser_rejects_a_compliment_with_a_reason_on_a_phone(
    zeventerpen, organiser, new_page
):
    campaign = CampaignFactory(organisation=zeventerpen, moderation_required=True)
    compliment = ComplimentFactory(campaign=campaign, status=ModerationStatus.PENDING)
    page = _signed_in(new_page, organiser, viewport=PHONE)

    page.goto("/admin/compliments/compliment/")
    page.locator("#result_list a", has_text=str(compliment.card_number)).first.click()
    page.wait_for_load_state()
    page.get_by_label("Besluit").select_option(label="Afwijzen")
    page.get_by_label("Reden van afwijzing (de afzender ziet die)").fill(
        "Een compliment gaat niet over iemands uiterlijk."
    )
    _save(page)

    compliment.refresh_from_db()
    assert compliment.status == ModerationStatus.REJECTED
    assert compliment.rejection_reason == "Een compliment gaat niet over iemands uiterlijk."
    assert compliment.moderated_by == organiser
