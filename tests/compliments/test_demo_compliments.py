"""The demo compliment campaign: open on the day it is loaded, a few hundred compliments at
every location in every moderation state, volunteers, citizens' compliments; loading again
changes nothing, and every card can be drawn."""

import io

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone
from PIL import Image

from backend.organisations.models import Location, Organisation
from backend.outbox.models import OutboxEvent
from campaigns.compliments import demo
from campaigns.compliments.card_documents import (
    campaign_design,
    compliment_card_png,
    compliment_text,
    with_card_details,
)
from campaigns.compliments.card_layout import unsupported_characters
from campaigns.compliments.models import (
    DEFAULT_VALUES,
    Campaign,
    CampaignValue,
    CitizenCompliment,
    Compliment,
    GiftOption,
    ModerationStatus,
    PublicComplimentSettings,
    Volunteer,
)


@pytest.fixture(autouse=True)
def media_in_tmp():
    """Keep the demo's media folder (demo_data's) so the campaign logo can be read; the
    project-wide fixture would point each test at an empty folder of its own."""


@pytest.fixture
def loaded(demo_data, db):
    pass


@pytest.fixture
def campaign(loaded):
    return Campaign.objects.select_related("organisation").get(
        organisation__slug="zeventerpen", name="Valentijn 2027"
    )


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Campaign,
            CampaignValue,
            GiftOption,
            Compliment,
            Volunteer,
            CitizenCompliment,
            PublicComplimentSettings,
            OutboxEvent,
        )
    } | {
        "pending": Compliment.objects.filter(status=ModerationStatus.PENDING).count(),
        "rejected": Compliment.objects.filter(status=ModerationStatus.REJECTED).count(),
        "citizens pending": CitizenCompliment.objects.filter(
            status=ModerationStatus.PENDING
        ).count(),
    }


def test_the_campaign_is_open_on_the_day_the_demo_is_loaded(campaign):
    today = campaign.organisation.local_date(timezone.now())
    assert campaign.nomination_starts_on < today < campaign.nomination_ends_on
    assert campaign.delivery_date > campaign.nomination_ends_on
    assert campaign.sender_limit == 5
    assert campaign.moderation_required
    assert campaign.primary_colour == "#B0123A"
    assert [v.name for v in campaign.values.all()] == list(DEFAULT_VALUES)
    assert [g.name for g in campaign.gifts.all()] == ["roos", "muffin (sociale werkplaats)"]
    assert campaign.logo.name.endswith(".png")
    with campaign.logo.open("rb") as logo, Image.open(logo) as image:
        assert image.format == "PNG"


def test_a_few_hundred_compliments_at_every_location(campaign):
    compliments = campaign.compliments.all()
    assert compliments.count() >= 250
    locations = Location.objects.filter(organisation=campaign.organisation)
    with_compliments = set(compliments.values_list("location", flat=True))
    assert set(locations.values_list("pk", flat=True)) <= with_compliments
    senders = compliments.values("sender").distinct().count()
    recipients = compliments.values("recipient").distinct().count()
    assert senders >= 40 and recipients >= 40
    assert 0.08 < compliments.filter(is_anonymous=True).count() / compliments.count() < 0.25
    numbers = sorted(compliments.values_list("card_number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert not compliments.filter(created_at__date__gt=campaign.nomination_ends_on).exists()


def test_no_sender_goes_over_the_limit(campaign):
    per_sender = campaign.compliments.values("sender").annotate(
        counted=Count("pk", filter=~Q(status=ModerationStatus.REJECTED))
    )
    assert max(row["counted"] for row in per_sender) <= campaign.sender_limit


def test_compliments_in_every_moderation_state(campaign):
    compliments = campaign.compliments.all()
    assert compliments.filter(status=ModerationStatus.PENDING).count() >= 20
    rejected = compliments.filter(status=ModerationStatus.REJECTED)
    assert rejected.count() == 3
    assert all(reason for reason in rejected.values_list("rejection_reason", flat=True))
    approved = compliments.filter(status=ModerationStatus.APPROVED)
    assert approved.count() > compliments.count() / 2
    assert not approved.filter(moderated_by__isnull=True).exists()
    assert not compliments.filter(moderated_by=F("sender")).exists()  # not their own
    # Every approved compliment is announced, on the delivery date and not before.
    announced = OutboxEvent.objects.filter(
        kind=OutboxEvent.Kind.COMPLIMENT_RECEIVED,
        subject_uuid__in=approved.values("uuid"),
    )
    assert announced.count() == approved.count()
    delivery = campaign.organisation.start_of_day(campaign.delivery_date)
    assert set(announced.values_list("deliver_after", flat=True)) == {delivery}


def test_the_demo_learner_has_sent_compliments_and_has_room_for_one_more(campaign):
    sent = campaign.compliments.filter(sender__user__username="demo-medewerker")
    statuses = set(sent.values_list("status", flat=True))
    assert sent.count() >= 2
    assert ModerationStatus.APPROVED in statuses
    assert statuses & {ModerationStatus.REJECTED, ModerationStatus.PENDING}
    counted = sent.exclude(status=ModerationStatus.REJECTED).count()
    assert counted < campaign.sender_limit


def test_volunteers_at_every_location(campaign):
    locations = Location.objects.filter(organisation=campaign.organisation)
    per_location = dict(
        campaign.volunteers.values_list("location")
        .annotate(n=Count("pk"))
        .values_list("location", "n")
    )
    assert set(per_location) == set(locations.values_list("pk", flat=True))
    assert all(1 <= n <= 2 for n in per_location.values())
    assert campaign.volunteers.filter(employee__user__username="demo-medewerker").exists()


def test_citizens_compliments_approved_and_pending(campaign):
    organisation = campaign.organisation
    settings_row = PublicComplimentSettings.objects.get(organisation=organisation)
    assert settings_row.accepts_citizen_compliments
    assert settings_row.origins() == ["https://www.zeventerpen.nl"]
    citizens = CitizenCompliment.objects.filter(organisation=organisation)
    assert citizens.count() == 6
    approved = citizens.filter(status=ModerationStatus.APPROVED)
    assert approved.count() == 3
    assert not approved.filter(recipient__isnull=True, recipient_department__isnull=True).exists()
    assert approved.filter(recipient__isnull=False).exists()
    assert approved.filter(recipient_department__isnull=False).exists()
    assert citizens.filter(status=ModerationStatus.PENDING).count() == 3
    assert citizens.exclude(contact_email="").exists()


def test_loading_again_changes_nothing(loaded):
    before = _counts()
    compliments = list(
        Compliment.objects.order_by("pk").values_list(
            "uuid", "status", "card_number", "reason", "created_at"
        )
    )

    demo.load()

    assert _counts() == before
    assert (
        list(
            Compliment.objects.order_by("pk").values_list(
                "uuid", "status", "card_number", "reason", "created_at"
            )
        )
        == compliments
    )


def test_every_card_can_be_drawn(campaign):
    compliments = with_card_details(campaign.compliments.order_by("card_number"))
    design = campaign_design(campaign)
    for compliment in compliments:
        assert not unsupported_characters(compliment_text(compliment), design)
    total = compliments.count()
    sample = [compliments[index * total // 10] for index in range(10)]
    for compliment in sample:
        with Image.open(io.BytesIO(compliment_card_png(compliment))) as card:
            assert card.size == (1080, 760)


def test_nothing_is_loaded_without_the_organisation(db, monkeypatch):
    monkeypatch.setattr(demo, "ORGANISATION", "nergenshuizen")
    assert not Organisation.objects.filter(slug="nergenshuizen").exists()
    before = Campaign.objects.count()

    demo.load()

    assert Campaign.objects.count() == before
