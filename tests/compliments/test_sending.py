"""Sending a compliment through the API: the rules, the problem codes, nothing stored when
refused, and retries that store nothing twice."""

import datetime
import uuid

import pytest

from campaigns.compliments.models import Compliment
from tests.compliments.conftest import compliment_body
from tests.factories import CampaignFactory, EmployeeFactory
from tests.helpers import assert_problem


def test_an_employee_compliments_a_colleague(sender_client, campaign, recipient):
    body = compliment_body(campaign, recipient)

    response = sender_client.post("/api/v1/complimenten", body)

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["ontvanger"]["naam"] == recipient.full_name
    assert [v["naam"] for v in data["waarden"]] == ["luisteren"]
    assert data["cadeau"]["naam"] == "roos"
    assert data["status"] == "goedgekeurd"  # this campaign does not moderate
    assert data["kaartnummer"] == 1
    compliment = Compliment.objects.get(uuid=body["uuid"])
    assert compliment.location == recipient.location


def test_a_retry_with_the_same_uuid_stores_nothing_twice(sender_client, campaign, recipient):
    body = compliment_body(campaign, recipient)
    first = sender_client.post("/api/v1/complimenten", body)
    again = sender_client.post("/api/v1/complimenten", body)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Compliment.objects.count() == 1


def test_the_same_uuid_with_other_content_is_a_conflict(sender_client, campaign, recipient):
    body = compliment_body(campaign, recipient)
    sender_client.post("/api/v1/complimenten", body)

    response = sender_client.post("/api/v1/complimenten", {**body, "reden": "Iets anders."})

    assert_problem(response, 409, code="uuid_in_use")
    assert Compliment.objects.get().reason == body["reden"]


def test_complimenting_yourself_is_refused(sender_client, campaign, sender):
    response = sender_client.post("/api/v1/complimenten", compliment_body(campaign, sender))

    assert_problem(response, 400, code="self_compliment")
    assert not Compliment.objects.exists()


def test_a_colleague_of_another_organisation_is_refused(sender_client, campaign, outsider):
    response = sender_client.post("/api/v1/complimenten", compliment_body(campaign, outsider))

    assert_problem(response, 400, code="recipient_not_found")
    assert not Compliment.objects.exists()


def test_another_organisations_campaign_is_refused(sender_client, oosterdijk, recipient):
    foreign = CampaignFactory(organisation=oosterdijk)

    response = sender_client.post("/api/v1/complimenten", compliment_body(foreign, recipient))

    assert_problem(response, 400, code="not_found")
    assert not Compliment.objects.exists()


@pytest.mark.parametrize(
    "starts, ends, code",
    [(3, 5, "campaign_not_open_yet"), (-10, -1, "campaign_closed")],
)
def test_outside_the_nomination_period_is_refused(
    sender_client, zeventerpen, recipient, starts, ends, code
):
    today = datetime.date.today()
    campaign = CampaignFactory(
        organisation=zeventerpen,
        nomination_starts_on=today + datetime.timedelta(days=starts),
        nomination_ends_on=today + datetime.timedelta(days=ends),
        delivery_date=today + datetime.timedelta(days=ends + 1),
    )

    response = sender_client.post("/api/v1/complimenten", compliment_body(campaign, recipient))

    assert_problem(response, 400, code=code)
    assert not Compliment.objects.exists()


def test_over_the_limit_per_sender_is_refused(sender_client, campaign, zeventerpen):
    colleagues = EmployeeFactory.create_batch(4, organisation=zeventerpen)
    for colleague in colleagues[:3]:
        ok = sender_client.post("/api/v1/complimenten", compliment_body(campaign, colleague))
        assert ok.status_code == 201

    response = sender_client.post("/api/v1/complimenten", compliment_body(campaign, colleagues[3]))

    assert_problem(response, 400, code="sender_limit_reached")
    assert Compliment.objects.count() == 3
    listed = sender_client.get(f"/api/v1/complimentcampagnes/{campaign.uuid}").json()
    assert listed["nogTeVersturen"] == 0


def test_values_and_gifts_must_be_the_campaigns_own(
    sender_client, campaign, recipient, zeventerpen
):
    other = CampaignFactory(organisation=zeventerpen)
    body = compliment_body(
        campaign,
        recipient,
        waarden=[str(other.values.first().uuid)],
        cadeau=str(other.gifts.first().uuid),
    )

    response = sender_client.post("/api/v1/complimenten", body)

    problem = assert_problem(response, 400)
    assert {p["name"] for p in problem["invalidParams"]} == {"waarden", "cadeau"}
    assert not Compliment.objects.exists()


def test_a_character_the_card_cannot_show_is_refused_clearly(sender_client, campaign, recipient):
    body = compliment_body(campaign, recipient, reden="Dank je wel 🌹 voor alles")

    response = sender_client.post("/api/v1/complimenten", body)

    problem = assert_problem(response, 400, code="unsupported_characters")
    assert "🌹" in problem["invalidParams"][0]["reason"]
    assert not Compliment.objects.exists()


def test_wrong_types_are_all_reported_at_once(sender_client):
    response = sender_client.post(
        "/api/v1/complimenten",
        {"uuid": "x", "campagne": 5, "waarden": "luisteren", "reden": 12, "anoniem": "misschien"},
    )

    problem = assert_problem(response, 400)
    assert {p["name"] for p in problem["invalidParams"]} >= {
        "uuid",
        "campagne",
        "ontvanger",
        "waarden",
        "reden",
        "anoniem",
    }
    assert not Compliment.objects.exists()


def test_the_campaign_lists_values_gifts_and_phase(sender_client, campaign):
    response = sender_client.get("/api/v1/complimentcampagnes")

    assert response.status_code == 200
    [listed] = response.json()["resultaten"]
    assert listed["fase"] == "open"
    assert [v["naam"] for v in listed["waarden"]] == [
        "afspraken nakomen",
        "mensgericht",
        "initiatief en lef",
        "duidelijkheid",
        "luisteren",
        "aandacht",
    ]
    assert [g["naam"] for g in listed["cadeaus"]] == ["roos", "muffin"]


def test_colleague_search_finds_by_name_and_department_in_own_organisation(
    sender_client, recipient, outsider
):
    by_name = sender_client.get("/api/v1/medewerkers", {"zoek": "ulker"}).json()
    by_department = sender_client.get(
        "/api/v1/medewerkers", {"zoek": recipient.department.name, "paginaGrootte": 1}
    ).json()
    foreign = sender_client.get("/api/v1/medewerkers", {"zoek": outsider.last_name}).json()

    assert [c["uuid"] for c in by_name["resultaten"]] == [str(recipient.uuid)]
    assert str(recipient.uuid) in [c["uuid"] for c in by_department["resultaten"]]
    assert str(outsider.uuid) not in [c["uuid"] for c in foreign["resultaten"]]


def test_an_unknown_uuid_in_the_path_is_a_404(sender_client):
    response = sender_client.get(f"/api/v1/complimenten/{uuid.uuid4()}")

    assert_problem(response, 404)
