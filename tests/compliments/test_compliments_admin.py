"""The compliment admin for campaign organisers, through Django's test client: scoping to the
own organisation, anonymous senders shown nowhere, progress and print files per location,
moderation (the action, the change form, citizens' compliments) and the campaign form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.organisations.roles import Role
from backend.outbox.models import OutboxEvent
from campaigns.compliments import card_documents
from campaigns.compliments.models import (
    DEFAULT_VALUES,
    Campaign,
    CitizenCompliment,
    Compliment,
    ModerationStatus,
)
from tests.admin_pages import change_page_data
from tests.factories import (
    CampaignFactory,
    ComplimentFactory,
    DepartmentFactory,
    EmployeeFactory,
    LocationFactory,
)
from tests.helpers import admin_client

PENDING, APPROVED, REJECTED = (
    ModerationStatus.PENDING,
    ModerationStatus.APPROVED,
    ModerationStatus.REJECTED,
)
DOCUMENTS = {
    "kaarten.pdf": "application/pdf",
    "uitdeellijst.pdf": "application/pdf",
    "uitdeellijst.csv": "text/csv; charset=utf-8",
}


@pytest.fixture
def town_hall(zeventerpen):
    return LocationFactory(organisation=zeventerpen, name="Stadhuis")


@pytest.fixture
def depot(zeventerpen):
    return LocationFactory(organisation=zeventerpen, name="Gemeentewerf")


@pytest.fixture
def moderated_campaign(campaign):
    campaign.moderation_required = True
    campaign.save()
    return campaign


def _pending(campaign, **fields):
    return ComplimentFactory(campaign=campaign, status=PENDING, **fields)


def _change_url(model, obj):
    return reverse(f"admin:compliments_{model}_change", args=[obj.pk])


def _document_url(campaign, location, document):
    return reverse(
        "admin:compliments_campaign_document", args=[campaign.pk, location.uuid, document]
    )


def _form_errors(response):
    """What an admin page that came back shows as errors, inlines included."""
    errors = [response.context["adminform"].form.errors]
    for inline in response.context["inline_admin_formsets"]:
        errors += [inline.formset.errors, inline.formset.non_form_errors()]
    return errors


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# Scoping -----------------------------------------------------------------------------------


def test_an_organiser_sees_only_the_campaigns_and_compliments_of_their_organisation(
    organiser, campaign, oosterdijk
):
    own = ComplimentFactory(campaign=campaign)
    foreign_campaign = CampaignFactory(organisation=oosterdijk, name="Hart voor Oosterdijk")
    foreign = ComplimentFactory(campaign=foreign_campaign)
    client = admin_client(organiser)

    campaigns = client.get(reverse("admin:compliments_campaign_changelist"))
    compliments = client.get(reverse("admin:compliments_compliment_changelist"))

    assert set(campaigns.context["cl"].queryset) == {campaign}
    assert set(compliments.context["cl"].queryset) == {own}
    assert "Hart voor Oosterdijk" not in compliments.content.decode()
    assert client.get(_change_url("campaign", foreign_campaign)).status_code == 404
    assert client.get(_change_url("compliment", foreign)).status_code == 404
    progress = reverse("admin:compliments_campaign_progress", args=[foreign_campaign.pk])
    assert client.get(progress).status_code == 404


def test_an_employee_without_the_organiser_role_gets_no_access(zeventerpen, campaign, town_hall):
    compliment = ComplimentFactory(campaign=campaign)
    urls = [
        reverse("admin:compliments_campaign_changelist"),
        reverse("admin:compliments_compliment_changelist"),
        _change_url("compliment", compliment),
        reverse("admin:compliments_compliment_card", args=[compliment.pk]),
        reverse("admin:compliments_campaign_progress", args=[campaign.pk]),
        _document_url(campaign, town_hall, "uitdeellijst.csv"),
    ]
    learner = admin_client(EmployeeFactory(organisation=zeventerpen))
    editor = admin_client(EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR]))
    for url in urls:
        refused = learner.get(url)
        assert refused.status_code == 302 and "/admin/login/" in refused["Location"], url
        assert editor.get(url).status_code == 403, url


# Anonymous senders --------------------------------------------------------------------------


def test_an_anonymous_senders_name_is_nowhere_in_the_compliment_admin(
    organiser, campaign, sender, recipient
):
    compliment = ComplimentFactory(
        campaign=campaign, sender=sender, recipient=recipient, is_anonymous=True
    )
    client = admin_client(organiser)

    page = client.get(_change_url("compliment", compliment)).content.decode()
    assert recipient.full_name in page  # the page is about this compliment ...
    assert "anoniem" in page
    assert "Sanne" not in page and "Vos" not in page  # ... and does not name its sender

    found = client.get(reverse("admin:compliments_compliment_changelist"), {"q": "Vos"})
    assert found.context["cl"].result_count == 0
    assert "Sanne" not in found.content.decode()

    card = client.get(reverse("admin:compliments_compliment_card", args=[compliment.pk]))
    assert card.status_code == 200 and card["Content-Type"] == "image/png"
    assert card.content.startswith(b"\x89PNG") and "no-store" in card["Cache-Control"]
    assert card_documents.compliment_text(compliment).sender_name is None


def test_a_named_sender_is_shown_to_the_organiser(organiser, campaign, sender):
    """The counterpart of the test above, so that one cannot pass for a page that never shows
    any sender."""
    compliment = ComplimentFactory(campaign=campaign, sender=sender)
    page = admin_client(organiser).get(_change_url("compliment", compliment))
    assert "Sanne Vos" in page.content.decode()
    assert card_documents.compliment_text(compliment).sender_name == "Sanne Vos"


# Progress and print files --------------------------------------------------------------------


def test_the_progress_page_lists_every_location_with_its_cards_and_the_gift_totals(
    organiser, campaign, zeventerpen, town_hall, depot
):
    roos, muffin = campaign.gifts.get(name="roos"), campaign.gifts.get(name="muffin")
    at_town_hall = EmployeeFactory(organisation=zeventerpen, location=town_hall)
    at_depot = EmployeeFactory(organisation=zeventerpen, location=depot)
    ComplimentFactory.create_batch(2, campaign=campaign, recipient=at_town_hall, gift=roos)
    ComplimentFactory(campaign=campaign, recipient=at_town_hall, gift=muffin)
    ComplimentFactory(campaign=campaign, recipient=at_depot, gift=roos)
    _pending(campaign, recipient=at_depot, gift=muffin)  # not counted before it is approved

    response = admin_client(organiser).get(
        reverse("admin:compliments_campaign_progress", args=[campaign.pk])
    )

    assert response.status_code == 200
    rows = {row.name: row for row in response.context["progress"]}
    assert {"Stadhuis", "Gemeentewerf"} <= set(rows)
    assert (rows["Stadhuis"].total, rows["Stadhuis"].gifts) == (3, {"roos": 2, "muffin": 1})
    assert (rows["Gemeentewerf"].total, rows["Gemeentewerf"].gifts) == (1, {"roos": 1})
    assert response.context["gift_totals"] == {"muffin": 1, "roos": 3}
    html = response.content.decode()
    assert "Stadhuis" in html and "Gemeentewerf" in html
    assert _document_url(campaign, town_hall, "kaarten.pdf") in html
    footer = html[html.index("<tfoot>") : html.index("</tfoot>")]
    assert "<td>1</td><td>3</td>" in footer  # muffin, roos: in the order of the columns


def test_each_location_document_answers_with_its_own_content_type(
    organiser, campaign, zeventerpen, town_hall, sender, recipient
):
    recipient.location = town_hall
    recipient.save()
    ComplimentFactory(campaign=campaign, sender=sender, recipient=recipient)
    ComplimentFactory(campaign=campaign, sender=sender, recipient=recipient, is_anonymous=True)
    client = admin_client(organiser)

    for document, content_type in DOCUMENTS.items():
        response = client.get(_document_url(campaign, town_hall, document))
        assert response.status_code == 200, document
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"].startswith("attachment")
        body = _content(response)
        if content_type == "application/pdf":
            assert body.startswith(b"%PDF"), document
        else:
            csv_text = body.decode("utf-8")
            lines = csv_text.splitlines()
            assert lines[0] == "kaartnummer;ontvanger;afdeling;cadeau;uitgereikt"
            assert len(lines) == 3
            assert recipient.full_name in csv_text
            assert "Sanne" not in csv_text and "Vos" not in csv_text


def test_another_organisations_location_or_an_unknown_document_is_not_found(
    organiser, campaign, oosterdijk, town_hall
):
    elsewhere = LocationFactory(organisation=oosterdijk, name="Raadhuis Oosterdijk")
    client = admin_client(organiser)
    for document in DOCUMENTS:
        assert client.get(_document_url(campaign, elsewhere, document)).status_code == 404
    assert client.get(_document_url(campaign, town_hall, "alles.zip")).status_code == 404


# Moderation ----------------------------------------------------------------------------------


def test_the_approve_action_approves_pending_compliments_and_announces_them_on_delivery_day(
    organiser, moderated_campaign, zeventerpen
):
    first, second = _pending(moderated_campaign), _pending(moderated_campaign)
    already = ComplimentFactory(campaign=moderated_campaign, status=REJECTED)
    client = admin_client(organiser)

    response = client.post(
        reverse("admin:compliments_compliment_changelist"),
        {"action": "approve", "_selected_action": [first.pk, second.pk, already.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "2" in " ".join(str(message) for message in response.context["messages"])
    for compliment in (first, second):
        compliment.refresh_from_db()
        assert compliment.status == APPROVED and compliment.moderated_by == organiser
        event = OutboxEvent.objects.get(subject_uuid=compliment.uuid)
        assert event.kind == OutboxEvent.Kind.COMPLIMENT_RECEIVED == "compliment_received"
        assert event.employee == compliment.recipient
        assert event.deliver_after == zeventerpen.start_of_day(moderated_campaign.delivery_date)
    already.refresh_from_db()
    assert already.status == REJECTED
    assert not OutboxEvent.objects.filter(subject_uuid=already.uuid).exists()


def test_rejecting_in_the_change_form_without_a_reason_shows_an_error_and_changes_nothing(
    organiser, moderated_campaign
):
    compliment = _pending(moderated_campaign)
    client = admin_client(organiser)
    url = _change_url("compliment", compliment)
    data = change_page_data(client.get(url))

    response = client.post(url, {**data, "decision": "reject", "rejection_message": "  "})

    assert response.status_code == 200
    assert "rejection_message" in response.context["adminform"].form.errors
    compliment.refresh_from_db()
    assert (compliment.status, compliment.rejection_reason) == (PENDING, "")
    assert compliment.moderated_at is None


def test_rejecting_in_the_change_form_with_a_reason_rejects_it(organiser, moderated_campaign):
    compliment = _pending(moderated_campaign)
    client = admin_client(organiser)
    url = _change_url("compliment", compliment)
    data = change_page_data(client.get(url))

    response = client.post(
        url, {**data, "decision": "reject", "rejection_message": "Noem geen privézaken."}
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    compliment.refresh_from_db()
    assert compliment.status == REJECTED
    assert compliment.rejection_reason == "Noem geen privézaken."
    assert compliment.moderated_by == organiser
    assert not OutboxEvent.objects.filter(subject_uuid=compliment.uuid).exists()


def test_approving_in_the_change_form_announces_it(organiser, moderated_campaign):
    compliment = _pending(moderated_campaign)
    client = admin_client(organiser)
    url = _change_url("compliment", compliment)

    response = client.post(url, {**change_page_data(client.get(url)), "decision": "approve"})

    assert response.status_code == 302, response.context["adminform"].form.errors
    compliment.refresh_from_db()
    assert compliment.status == APPROVED
    assert OutboxEvent.objects.filter(
        subject_uuid=compliment.uuid, kind=OutboxEvent.Kind.COMPLIMENT_RECEIVED
    ).exists()


# Citizens' compliments ---------------------------------------------------------------------


@pytest.fixture
def citizen_compliment(zeventerpen):
    return CitizenCompliment.objects.create(
        organisation=zeventerpen,
        message="De man aan de balie hielp me heel vriendelijk met mijn paspoort.",
        employee_name_given="Noël",
        contact_name="Henk de Boer",
        contact_email="henk@example.org",
        contact_phone="06 12345678",
    )


def test_an_organiser_approves_a_citizens_compliment_for_a_chosen_employee(
    organiser, citizen_compliment, employee
):
    client = admin_client(organiser)
    url = _change_url("citizencompliment", citizen_compliment)
    page = client.get(url)
    html = page.content.decode()
    for contact in ("Henk de Boer", "henk@example.org", "06 12345678"):
        assert contact in html

    response = client.post(
        url,
        {
            **change_page_data(page),
            "decision": "approve",
            "deliver_to": employee.pk,
            "note": "Mooi!",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    citizen_compliment.refresh_from_db()
    assert citizen_compliment.status == APPROVED
    assert citizen_compliment.recipient == employee
    assert citizen_compliment.moderated_by == organiser
    assert citizen_compliment.moderation_note == "Mooi!"
    event = OutboxEvent.objects.get(subject_uuid=citizen_compliment.uuid)
    assert (event.kind, event.employee) == (OutboxEvent.Kind.CITIZEN_COMPLIMENT_RECEIVED, employee)


def test_the_citizen_compliment_form_offers_only_own_organisation_people_and_teams(
    organiser, citizen_compliment, employee, outsider, oosterdijk
):
    foreign_team = DepartmentFactory(organisation=oosterdijk)
    client = admin_client(organiser)
    url = _change_url("citizencompliment", citizen_compliment)
    page = client.get(url)
    form = page.context["adminform"].form

    people, teams = form.fields["deliver_to"].queryset, form.fields["deliver_to_team"].queryset
    assert employee in people and outsider not in people
    assert employee.department in teams
    assert foreign_team not in teams and outsider.department not in teams
    assert all(person.organisation == organiser.organisation for person in people)

    refused = client.post(
        url, {**change_page_data(page), "decision": "approve", "deliver_to": outsider.pk}
    )
    assert refused.status_code == 200
    assert "deliver_to" in refused.context["adminform"].form.errors
    citizen_compliment.refresh_from_db()
    assert (citizen_compliment.status, citizen_compliment.recipient) == (PENDING, None)


# The campaign form ---------------------------------------------------------------------------


def _campaign_post(**changes):
    data = {
        "name": "Valentijn 2030",
        "nomination_starts_on": "2030-02-01",
        "nomination_ends_on": "2030-02-10",
        "delivery_date": "2030-02-14",
        "sender_limit": "5",
        "moderation_required": "on",
        "card_heading": "Een compliment voor",
        "primary_colour": "#C8102E",
        "accent_colour": "#FCE4E8",
        "text_colour": "#1F1F1F",
    }
    for prefix in ("values", "gifts", "volunteers"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_a_new_campaign_gets_the_six_default_values_and_its_gift(organiser, zeventerpen):
    response = admin_client(organiser).post(
        reverse("admin:compliments_campaign_add"),
        _campaign_post(
            **{"gifts-TOTAL_FORMS": "1", "gifts-0-name": "roos", "gifts-0-position": "0"}
        ),
    )

    assert response.status_code == 302, _form_errors(response)
    campaign = Campaign.objects.get(name="Valentijn 2030")
    assert campaign.organisation == zeventerpen
    assert [value.name for value in campaign.values.all()] == list(DEFAULT_VALUES)
    assert [gift.name for gift in campaign.gifts.all()] == ["roos"]


def test_a_volunteer_can_be_added_together_with_a_new_campaign(organiser, zeventerpen):
    """The campaign has no id yet when its inlines are checked (Volunteer.clean refused every
    volunteer on the add page once)."""
    helper = EmployeeFactory(organisation=zeventerpen)
    data = _campaign_post(
        **{
            "volunteers-TOTAL_FORMS": "1",
            "volunteers-0-employee": str(helper.pk),
            "volunteers-0-location": str(helper.location_id),
        }
    )
    response = admin_client(organiser).post(reverse("admin:compliments_campaign_add"), data)
    assert response.status_code == 302, _form_errors(response)
    assert Campaign.objects.get(name="Valentijn 2030").volunteers.get().employee == helper


def test_a_logo_that_is_not_an_image_is_a_form_error(organiser, settings):
    upload = SimpleUploadedFile("logo.png", b"%PDF-1.4 geen plaatje", content_type="image/png")

    response = admin_client(organiser).post(
        reverse("admin:compliments_campaign_add"), _campaign_post(logo=upload)
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["logo"]] == ["invalid_logo"]
    assert not Campaign.objects.filter(name="Valentijn 2030").exists()
    logos = settings.MEDIA_ROOT / "campagnelogos"
    assert not logos.exists() or not any(logos.iterdir())


def test_the_compliment_admin_cannot_add_or_delete(organiser, campaign):
    compliment = ComplimentFactory(campaign=campaign)
    client = admin_client(organiser)
    assert client.get(reverse("admin:compliments_compliment_add")).status_code == 403
    delete = reverse("admin:compliments_compliment_delete", args=[compliment.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Compliment.objects.filter(pk=compliment.pk).exists()


def test_the_approve_action_skips_the_organisers_own_compliments(organiser, campaign, recipient):
    campaign.moderation_required = True
    campaign.save()
    own = ComplimentFactory(
        campaign=campaign, sender=organiser, recipient=recipient, status="in_beoordeling"
    )

    response = admin_client(organiser).post(
        reverse("admin:compliments_compliment_changelist"),
        {"action": "approve", "_selected_action": [own.pk]},
        follow=True,
    )

    assert response.status_code == 200
    own.refresh_from_db()
    assert own.status == "in_beoordeling"
    assert "andere organisator" in response.content.decode()


def test_a_replaced_logo_is_removed_from_storage(
    organiser, settings, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from tests.microlessons.builders import png_bytes

    def logo():
        return SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")

    client = admin_client(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            reverse("admin:compliments_campaign_add"), _campaign_post(logo=logo())
        )
    assert created.status_code == 302, _form_errors(created)
    campaign = Campaign.objects.get(name="Valentijn 2030")
    first = campaign.logo.name
    change_url = reverse("admin:compliments_campaign_change", args=[campaign.pk])
    data = change_page_data(client.get(change_url))

    with django_capture_on_commit_callbacks(execute=True):
        changed = client.post(change_url, {**data, "logo": logo()})

    assert changed.status_code == 302, _form_errors(changed)
    campaign.refresh_from_db()
    assert campaign.logo.name != first
    assert default_storage.exists(campaign.logo.name)
    assert not default_storage.exists(first)
