"""Receiving: a surprise until the delivery date (no endpoint, count or event gives it away),
then the compliment with its card, and thanks. An anonymous sender stays unknown."""

import datetime

from django.utils import timezone

from backend.outbox.models import OutboxEvent
from backend.outbox.selectors import outbox_events_due
from campaigns.compliments.services import campaign_delivery_rescheduled
from tests.compliments.conftest import compliment_body
from tests.helpers import assert_problem


def _send(client, campaign, recipient, **changes):
    response = client.post("/api/v1/complimenten", compliment_body(campaign, recipient, **changes))
    assert response.status_code == 201, response.json()
    return response.json()


def _deliver_today(campaign):
    today = timezone.localdate()
    campaign.nomination_ends_on = today
    campaign.delivery_date = today
    campaign.save()
    campaign_delivery_rescheduled(campaign=campaign)


def test_before_the_delivery_date_the_recipient_sees_nothing(
    sender_client, recipient_client, campaign, recipient
):
    sent = _send(sender_client, campaign, recipient)

    received = recipient_client.get("/api/v1/mij/complimenten/ontvangen").json()
    assert received["aantal"] == 0 and received["resultaten"] == []
    for path in ("", "/kaart", "/kaartlink"):
        assert_problem(recipient_client.get(f"/api/v1/complimenten/{sent['uuid']}{path}"), 404)
    thanks = recipient_client.post(f"/api/v1/complimenten/{sent['uuid']}/bedankje", {})
    assert_problem(thanks, 404)
    # The event for push waits for the delivery date: nothing may deliver it earlier.
    event = OutboxEvent.objects.get(employee=recipient)
    assert event.kind == OutboxEvent.Kind.COMPLIMENT_RECEIVED
    assert event.deliver_after == campaign.organisation.start_of_day(campaign.delivery_date)
    assert not outbox_events_due(now=timezone.now()).exists()


def test_from_the_delivery_date_the_recipient_sees_it_with_the_card(
    sender_client, recipient_client, campaign, recipient, sender
):
    sent = _send(sender_client, campaign, recipient)
    _deliver_today(campaign)

    received = recipient_client.get("/api/v1/mij/complimenten/ontvangen").json()
    [compliment] = received["resultaten"]
    assert compliment["uuid"] == sent["uuid"]
    assert compliment["afzender"]["naam"] == sender.full_name
    card = recipient_client.get(f"/api/v1/complimenten/{sent['uuid']}/kaart")
    assert card.status_code == 200 and card["Content-Type"] == "image/png"
    assert outbox_events_due(now=timezone.now()).filter(employee=recipient).exists()


def test_an_anonymous_sender_is_not_revealed_to_the_recipient(
    sender_client, recipient_client, campaign, recipient, sender
):
    sent = _send(sender_client, campaign, recipient, anoniem=True)
    _deliver_today(campaign)

    for response in (
        recipient_client.get(f"/api/v1/complimenten/{sent['uuid']}"),
        recipient_client.get("/api/v1/mij/complimenten/ontvangen"),
    ):
        assert sender.last_name not in response.content.decode()
        assert str(sender.uuid) not in response.content.decode()
    detail = recipient_client.get(f"/api/v1/complimenten/{sent['uuid']}").json()
    assert detail["afzender"] is None and detail["anoniem"] is True
    # The sender still sees that it was theirs.
    own = sender_client.get(f"/api/v1/complimenten/{sent['uuid']}").json()
    assert own["afzender"]["naam"] == sender.full_name


def test_the_recipient_says_thanks_once(sender_client, recipient_client, campaign, recipient):
    sent = _send(sender_client, campaign, recipient)
    _deliver_today(campaign)

    first = recipient_client.post(
        f"/api/v1/complimenten/{sent['uuid']}/bedankje", {"bericht": "Wat lief, dank je!"}
    )
    again = recipient_client.post(
        f"/api/v1/complimenten/{sent['uuid']}/bedankje", {"bericht": "Nog een keer"}
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["bedankje"] == "Wat lief, dank je!"
    seen_by_sender = sender_client.get(f"/api/v1/complimenten/{sent['uuid']}").json()
    assert seen_by_sender["bedankje"] == "Wat lief, dank je!"
    assert seen_by_sender["bedanktOp"] is not None


def test_only_the_recipient_can_thank(sender_client, campaign, recipient):
    sent = _send(sender_client, campaign, recipient)
    _deliver_today(campaign)

    response = sender_client.post(f"/api/v1/complimenten/{sent['uuid']}/bedankje", {})

    assert_problem(response, 404)


def test_a_colleague_who_is_not_involved_sees_nothing(
    sender_client, employee_client, campaign, recipient
):
    sent = _send(sender_client, campaign, recipient)
    _deliver_today(campaign)

    for path in ("", "/kaart", "/kaartlink"):
        assert_problem(employee_client.get(f"/api/v1/complimenten/{sent['uuid']}{path}"), 404)


def test_the_campaign_phase_follows_the_calendar(sender_client, campaign):
    campaign.nomination_starts_on = timezone.localdate() - datetime.timedelta(days=20)
    campaign.nomination_ends_on = timezone.localdate() - datetime.timedelta(days=10)
    campaign.delivery_date = timezone.localdate() - datetime.timedelta(days=1)
    campaign.save()

    assert sender_client.get(f"/api/v1/complimentcampagnes/{campaign.uuid}").json()["fase"] == (
        "bezorgd"
    )


def test_no_log_line_names_an_anonymous_sender(
    sender_client, recipient_client, organiser_client, campaign, recipient, sender, caplog
):
    caplog.set_level("DEBUG")
    campaign.moderation_required = True
    campaign.save()
    sent = _send(sender_client, campaign, recipient, anoniem=True)
    organiser_client.post(
        f"/api/v1/complimenten/{sent['uuid']}/beoordeling", {"besluit": "goedkeuren"}
    )
    _deliver_today(campaign)
    recipient_client.get(f"/api/v1/complimenten/{sent['uuid']}")
    recipient_client.get(f"/api/v1/complimenten/{sent['uuid']}/kaart")
    recipient_client.post(f"/api/v1/complimenten/{sent['uuid']}/bedankje", {})
    organiser_client.post(
        f"/api/v1/complimenten/{sent['uuid']}/beoordeling", {"besluit": "goedkeuren"}
    )

    assert caplog.records  # the refused second approval was logged, but not who sent it
    assert sender.last_name not in caplog.text and sender.first_name not in caplog.text
