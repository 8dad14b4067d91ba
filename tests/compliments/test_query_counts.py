"""Query counts of the compliment endpoints do not grow with the number of compliments."""

from django.utils import timezone

from backend.organisations.roles import Role
from campaigns.compliments.models import Volunteer
from tests.conftest import client_for
from tests.factories import ComplimentFactory, EmployeeFactory, LocationFactory
from tests.microlessons.test_query_counts import queries_for


def _grow(campaign, *, location, recipient, sender, count):
    for _ in range(count):
        ComplimentFactory(campaign=campaign, recipient=recipient, sender=sender, location=location)
        ComplimentFactory(campaign=campaign, sender=sender, location=location)


def _same_queries(campaign, client, path, params=None, *, grow):
    grow(2)
    small = queries_for(lambda: client.get(path, params or {}))
    grow(12)
    big = queries_for(lambda: client.get(path, params or {}))
    assert small == big, (path, small, big)


def test_lists_cost_the_same_however_many_compliments(campaign, sender, recipient):
    location = LocationFactory(organisation=campaign.organisation)
    campaign.nomination_ends_on = campaign.delivery_date = timezone.localdate()
    campaign.save()
    Volunteer.objects.create(campaign=campaign, employee=sender, location=location)
    organiser = EmployeeFactory(organisation=campaign.organisation, roles=[Role.CAMPAIGN_ORGANISER])

    def grow(count):
        _grow(campaign, location=location, recipient=recipient, sender=sender, count=count)

    for client, path, params in [
        (client_for(sender), "/api/v1/mij/complimenten/verstuurd", None),
        (client_for(recipient), "/api/v1/mij/complimenten/ontvangen", None),
        (client_for(sender), f"/api/v1/complimentcampagnes/{campaign.uuid}/uitdelingen", None),
        (client_for(sender), "/api/v1/complimentcampagnes", None),
        (client_for(organiser), f"/api/v1/complimentcampagnes/{campaign.uuid}/voortgang", None),
        *[
            (
                client_for(organiser),
                f"/api/v1/complimentcampagnes/{campaign.uuid}/statistieken",
                {"weergave": view},
            )
            for view in ("waarden", "afdelingen", "vestigingen", "deelname")
        ],
    ]:
        _same_queries(campaign, client, path, params, grow=grow)


def test_print_files_cost_the_same_however_many_cards(campaign, sender):
    location = LocationFactory(organisation=campaign.organisation)
    organiser = client_for(
        EmployeeFactory(organisation=campaign.organisation, roles=[Role.CAMPAIGN_ORGANISER])
    )
    base = f"/api/v1/complimentcampagnes/{campaign.uuid}/vestigingen/{location.uuid}"

    def grow(count):
        for _ in range(count):
            ComplimentFactory(campaign=campaign, sender=sender, location=location)

    for path, params in [(f"{base}/kaarten", None), (f"{base}/uitdeellijst", {"formaat": "csv"})]:
        _same_queries(campaign, organiser, path, params, grow=grow)
