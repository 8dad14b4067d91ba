"""Cards, print sheets and handout lists through the API: real PNG and PDF files, opened and
checked, served only to who may see them, never revealing an anonymous sender."""

import io

import pypdf
from django.utils import timezone
from PIL import Image

from backend.organisations.roles import Role
from campaigns.compliments.models import Volunteer
from tests.conftest import client_for
from tests.factories import ComplimentFactory, EmployeeFactory, LocationFactory
from tests.helpers import assert_problem


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _delivered(campaign):
    campaign.nomination_ends_on = campaign.delivery_date = timezone.localdate()
    campaign.save()


def test_the_card_is_a_png_with_the_recipients_name(sender_client, campaign, sender, recipient):
    compliment = ComplimentFactory(campaign=campaign, sender=sender, recipient=recipient)

    response = sender_client.get(f"/api/v1/complimenten/{compliment.uuid}/kaart")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    image = Image.open(io.BytesIO(response.content))
    image.verify()
    assert image.format == "PNG" and image.size == (1080, 760)


def test_a_signed_link_opens_the_card_without_sign_in_and_only_while_allowed(
    sender_client, campaign, sender, recipient, api_client, settings
):
    compliment = ComplimentFactory(campaign=campaign, sender=sender, recipient=recipient)
    link = sender_client.get(f"/api/v1/complimenten/{compliment.uuid}/kaartlink").json()

    opened = api_client.get(link["url"].replace("http://testserver", ""))
    assert opened.status_code == 200 and opened["Content-Type"] == "image/png"

    tampered = link["url"].replace("http://testserver", "")[:-3] + "abc"
    assert_problem(api_client.get(tampered), 404, code="link_invalid")

    settings.SIGNED_LINK_SECONDS = -1  # every link has expired
    assert_problem(
        api_client.get(link["url"].replace("http://testserver", "")), 404, code="link_expired"
    )


def test_a_signed_link_stops_working_when_its_employee_may_no_longer_see_the_card(
    campaign, recipient, api_client
):
    volunteer = EmployeeFactory(organisation=campaign.organisation)
    compliment = ComplimentFactory(campaign=campaign, recipient=recipient)
    assignment = Volunteer.objects.create(
        campaign=campaign, employee=volunteer, location=compliment.location
    )
    link = client_for(volunteer).get(f"/api/v1/complimenten/{compliment.uuid}/kaartlink").json()
    assignment.delete()

    response = api_client.get(link["url"].replace("http://testserver", ""))

    assert_problem(response, 404, code="link_invalid")


def test_organisers_download_print_sheets_with_four_cards_per_a4(organiser_client, campaign):
    location = LocationFactory(organisation=campaign.organisation)
    recipients = EmployeeFactory.create_batch(
        6, organisation=campaign.organisation, location=location
    )
    for person in recipients:
        ComplimentFactory(campaign=campaign, recipient=person)
    ComplimentFactory(campaign=campaign, status="in_beoordeling")  # not printed

    response = organiser_client.get(
        f"/api/v1/complimentcampagnes/{campaign.uuid}/vestigingen/{location.uuid}/kaarten"
    )

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = _body(response)
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2  # six cards, four per sheet
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (842, 595)  # A4 landscape
    text = _pdf_text(content)
    for person in recipients:
        assert person.full_name in text  # real text, not pictures of text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert any("SourceSansPro" in str(font.get_object()["/BaseFont"]) for font in fonts.values())


def test_the_handout_list_as_csv_and_pdf_never_names_an_anonymous_sender(
    organiser_client, campaign, sender
):
    location = LocationFactory(organisation=campaign.organisation)
    recipient = EmployeeFactory(organisation=campaign.organisation, location=location)
    ComplimentFactory(campaign=campaign, recipient=recipient, sender=sender, is_anonymous=True)
    base = f"/api/v1/complimentcampagnes/{campaign.uuid}/vestigingen/{location.uuid}/uitdeellijst"

    csv_response = organiser_client.get(base, {"formaat": "csv"})
    pdf_response = organiser_client.get(base)
    sheets = organiser_client.get(base.replace("uitdeellijst", "kaarten"))

    csv_text = _body(csv_response).decode()
    assert csv_text.splitlines()[0] == "kaartnummer;ontvanger;afdeling;cadeau;uitgereikt"
    assert recipient.full_name in csv_text and "roos" in csv_text
    pdf_text = _pdf_text(_body(pdf_response))
    assert recipient.full_name in pdf_text and "roos: 1" in pdf_text
    for text in (csv_text, pdf_text, _pdf_text(_body(sheets))):
        assert sender.last_name not in text


def test_a_wrong_format_is_a_400(organiser_client, campaign):
    location = LocationFactory(organisation=campaign.organisation)

    response = organiser_client.get(
        f"/api/v1/complimentcampagnes/{campaign.uuid}/vestigingen/{location.uuid}/uitdeellijst",
        {"formaat": "xlsx"},
    )

    assert_problem(response, 400)


def test_print_files_are_for_organisers_and_that_locations_volunteers_only(campaign, employee):
    here, elsewhere = LocationFactory.create_batch(2, organisation=campaign.organisation)
    volunteer = EmployeeFactory(organisation=campaign.organisation)
    Volunteer.objects.create(campaign=campaign, employee=volunteer, location=here)
    url = f"/api/v1/complimentcampagnes/{campaign.uuid}/vestigingen/{{}}/kaarten"

    assert client_for(volunteer).get(url.format(here.uuid)).status_code == 200
    assert_problem(client_for(volunteer).get(url.format(elsewhere.uuid)), 404)
    assert_problem(client_for(employee).get(url.format(here.uuid)), 404)


def test_a_location_of_another_organisation_is_a_404(organiser_client, campaign, oosterdijk):
    foreign = LocationFactory(organisation=oosterdijk)

    response = organiser_client.get(
        f"/api/v1/complimentcampagnes/{campaign.uuid}/vestigingen/{foreign.uuid}/kaarten"
    )

    assert_problem(response, 404)


def test_volunteers_see_their_locations_cards_and_mark_them_handed_out(campaign, recipient):
    volunteer = EmployeeFactory(organisation=campaign.organisation)
    Volunteer.objects.create(campaign=campaign, employee=volunteer, location=recipient.location)
    mine = ComplimentFactory(campaign=campaign, recipient=recipient, is_anonymous=True)
    ComplimentFactory(campaign=campaign)  # another location
    client = client_for(volunteer)

    listed = client.get(f"/api/v1/complimentcampagnes/{campaign.uuid}/uitdelingen").json()
    assert [c["uuid"] for c in listed["resultaten"]] == [str(mine.uuid)]
    assert listed["resultaten"][0]["afzender"] is None

    too_early = client.post(f"/api/v1/complimenten/{mine.uuid}/uitreiking", {})
    assert_problem(too_early, 400, code="before_delivery_date")

    _delivered(campaign)
    first = client.post(f"/api/v1/complimenten/{mine.uuid}/uitreiking", {})
    again = client.post(f"/api/v1/complimenten/{mine.uuid}/uitreiking", {})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["uitgereiktOp"] == again.json()["uitgereiktOp"]
    mine.refresh_from_db()
    assert mine.handed_out_by == volunteer

    undone = client.delete(f"/api/v1/complimenten/{mine.uuid}/uitreiking")
    assert undone.status_code == 204
    mine.refresh_from_db()
    assert mine.handed_out_at is None


def test_a_volunteer_does_not_see_their_own_compliment_before_the_delivery_date(campaign):
    volunteer = EmployeeFactory(organisation=campaign.organisation)
    Volunteer.objects.create(campaign=campaign, employee=volunteer, location=volunteer.location)
    own = ComplimentFactory(campaign=campaign, recipient=volunteer)

    listed = client_for(volunteer).get(f"/api/v1/complimentcampagnes/{campaign.uuid}/uitdelingen")

    assert listed.json()["aantal"] == 0
    assert_problem(client_for(volunteer).get(f"/api/v1/complimenten/{own.uuid}"), 404)


def test_a_colleague_who_is_no_volunteer_cannot_mark_handed_out(campaign, employee):
    compliment = ComplimentFactory(campaign=campaign)
    _delivered(campaign)

    response = client_for(employee).post(f"/api/v1/complimenten/{compliment.uuid}/uitreiking", {})

    assert_problem(response, 404)
    compliment.refresh_from_db()
    assert compliment.handed_out_at is None


def test_a_handed_out_time_in_the_future_is_refused(campaign, organiser_client):
    compliment = ComplimentFactory(campaign=campaign)
    _delivered(campaign)

    response = organiser_client.post(
        f"/api/v1/complimenten/{compliment.uuid}/uitreiking",
        {"uitgereiktOp": "2099-01-01T10:00:00Z"},
    )

    assert_problem(response, 400, code="future_time")


def test_organisers_follow_progress_and_gift_totals_per_location(organiser_client, campaign):
    location = LocationFactory(organisation=campaign.organisation, name="Stadskantoor")
    people = EmployeeFactory.create_batch(3, organisation=campaign.organisation, location=location)
    muffin = campaign.gifts.get(name="muffin")
    ComplimentFactory(campaign=campaign, recipient=people[0])
    ComplimentFactory(campaign=campaign, recipient=people[1], gift=muffin)
    handed = ComplimentFactory(campaign=campaign, recipient=people[2], gift=muffin)
    handed.handed_out_at = timezone.now()
    handed.save()

    data = organiser_client.get(f"/api/v1/complimentcampagnes/{campaign.uuid}/voortgang").json()

    [row] = [row for row in data["vestigingen"] if row["naam"] == "Stadskantoor"]
    assert (row["kaarten"], row["uitgereikt"]) == (3, 1)
    assert row["cadeaus"] == [{"cadeau": "muffin", "aantal": 2}, {"cadeau": "roos", "aantal": 1}]
    assert {"cadeau": "muffin", "aantal": 2} in data["cadeaus"]


def test_progress_is_for_organisers(campaign, employee):
    response = client_for(employee).get(f"/api/v1/complimentcampagnes/{campaign.uuid}/voortgang")

    assert_problem(response, 403)


def test_insights_viewers_see_statistics_with_small_groups_hidden(campaign):
    viewer = EmployeeFactory(organisation=campaign.organisation, roles=[Role.INSIGHTS_VIEWER])
    big = LocationFactory(organisation=campaign.organisation, name="Groot")
    small = LocationFactory(organisation=campaign.organisation, name="Klein")
    for person in EmployeeFactory.create_batch(6, organisation=campaign.organisation, location=big):
        ComplimentFactory(campaign=campaign, recipient=person)
    for person in EmployeeFactory.create_batch(
        2, organisation=campaign.organisation, location=small
    ):
        ComplimentFactory(campaign=campaign, recipient=person)
    client = client_for(viewer)

    table = client.get(
        f"/api/v1/complimentcampagnes/{campaign.uuid}/statistieken", {"weergave": "vestigingen"}
    ).json()

    rows = {row["naam"]: row for row in table["rijen"]}
    received = {name: row["cellen"][0] for name, row in rows.items()}
    assert received["Klein"]["onderdrukt"] is True and received["Klein"]["waarde"] is None
    assert received["Groot"]["onderdrukt"] is True  # else Klein follows from the total
    for view in ("waarden", "afdelingen", "deelname"):
        response = client.get(
            f"/api/v1/complimentcampagnes/{campaign.uuid}/statistieken", {"weergave": view}
        )
        assert response.status_code == 200
    assert_problem(
        client.get(f"/api/v1/complimentcampagnes/{campaign.uuid}/statistieken", {"weergave": "x"}),
        400,
    )


def test_statistics_never_rank_or_name_individuals(organiser_client, campaign, sender, recipient):
    ComplimentFactory(campaign=campaign, sender=sender, recipient=recipient)

    for view in ("waarden", "afdelingen", "vestigingen", "deelname"):
        content = organiser_client.get(
            f"/api/v1/complimentcampagnes/{campaign.uuid}/statistieken", {"weergave": view}
        ).content.decode()
        assert recipient.last_name not in content and sender.last_name not in content


def test_statistics_are_not_for_every_employee(campaign, employee):
    response = client_for(employee).get(
        f"/api/v1/complimentcampagnes/{campaign.uuid}/statistieken", {"weergave": "waarden"}
    )

    assert_problem(response, 403)
