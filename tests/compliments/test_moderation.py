"""Moderation: a moderated campaign delivers nothing before an organiser approved it; a
rejection carries a reason the sender sees; the event for push follows the decision."""

from django.utils import timezone

from backend.outbox.models import OutboxEvent
from campaigns.compliments.services import campaign_delivery_rescheduled
from tests.compliments.conftest import compliment_body
from tests.helpers import assert_problem


def _moderated_send(sender_client, campaign, recipient):
    campaign.moderation_required = True
    campaign.save()
    campaign_delivery_rescheduled(campaign=campaign)
    response = sender_client.post("/api/v1/complimenten", compliment_body(campaign, recipient))
    assert response.json()["status"] == "in_beoordeling"
    return response.json()["uuid"]


def _deliver_today(campaign):
    campaign.nomination_ends_on = campaign.delivery_date = timezone.localdate()
    campaign.save()


def test_a_pending_compliment_is_not_delivered_and_has_no_event(
    sender_client, recipient_client, campaign, recipient
):
    uuid = _moderated_send(sender_client, campaign, recipient)
    _deliver_today(campaign)

    assert recipient_client.get("/api/v1/mij/complimenten/ontvangen").json()["aantal"] == 0
    assert_problem(recipient_client.get(f"/api/v1/complimenten/{uuid}"), 404)
    assert not OutboxEvent.objects.exists()


def test_approving_delivers_and_records_the_event(
    sender_client, recipient_client, organiser_client, campaign, recipient
):
    uuid = _moderated_send(sender_client, campaign, recipient)
    _deliver_today(campaign)

    response = organiser_client.post(
        f"/api/v1/complimenten/{uuid}/beoordeling", {"besluit": "goedkeuren"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "goedgekeurd"
    assert recipient_client.get("/api/v1/mij/complimenten/ontvangen").json()["aantal"] == 1
    assert OutboxEvent.objects.filter(employee=recipient, subject_uuid=uuid).count() == 1


def test_a_rejection_needs_a_reason_the_sender_sees(
    sender_client, organiser_client, recipient_client, campaign, recipient
):
    uuid = _moderated_send(sender_client, campaign, recipient)
    url = f"/api/v1/complimenten/{uuid}/beoordeling"

    without = organiser_client.post(url, {"besluit": "afwijzen"})
    assert_problem(without, 400, code="reason_required")

    rejected = organiser_client.post(
        url, {"besluit": "afwijzen", "reden": "Noem geen gegevens van inwoners."}
    )
    assert rejected.status_code == 200
    mine = sender_client.get("/api/v1/mij/complimenten/verstuurd").json()["resultaten"]
    assert mine[0]["status"] == "afgewezen"
    assert mine[0]["afwijzingsreden"] == "Noem geen gegevens van inwoners."
    _deliver_today(campaign)
    assert_problem(recipient_client.get(f"/api/v1/complimenten/{uuid}"), 404)


def test_moderating_twice_is_a_conflict(sender_client, organiser_client, campaign, recipient):
    uuid = _moderated_send(sender_client, campaign, recipient)
    url = f"/api/v1/complimenten/{uuid}/beoordeling"
    organiser_client.post(url, {"besluit": "goedkeuren"})

    again = organiser_client.post(url, {"besluit": "afwijzen", "reden": "Toch niet."})

    assert_problem(again, 409, code="already_moderated")


def test_only_organisers_moderate(sender_client, campaign, recipient, employee_client):
    uuid = _moderated_send(sender_client, campaign, recipient)

    response = employee_client.post(
        f"/api/v1/complimenten/{uuid}/beoordeling", {"besluit": "goedkeuren"}
    )

    assert_problem(response, 403)


def test_a_rejected_compliment_does_not_count_towards_the_limit(
    sender_client, organiser_client, campaign, recipient
):
    uuid = _moderated_send(sender_client, campaign, recipient)
    organiser_client.post(
        f"/api/v1/complimenten/{uuid}/beoordeling", {"besluit": "afwijzen", "reden": "Dubbel."}
    )

    listed = sender_client.get(f"/api/v1/complimentcampagnes/{campaign.uuid}").json()

    assert listed["nogTeVersturen"] == campaign.sender_limit


def test_an_organiser_does_not_moderate_their_own_compliment(campaign, recipient, organiser):
    from tests.conftest import client_for

    own_client = client_for(organiser)
    uuid = _moderated_send(own_client, campaign, recipient)

    response = own_client.post(
        f"/api/v1/complimenten/{uuid}/beoordeling", {"besluit": "goedkeuren"}
    )

    assert_problem(response, 403, code="own_compliment")
