import pytest

from backend.organisations.roles import Role
from tests.conftest import client_for
from tests.factories import CampaignFactory, EmployeeFactory


@pytest.fixture
def campaign(zeventerpen):
    return CampaignFactory(organisation=zeventerpen, name="Valentijn 2027")


@pytest.fixture
def sender(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, first_name="Sanne", last_name="Vos")


@pytest.fixture
def recipient(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, first_name="Ülker", last_name="Ðorđević-Şahin")


@pytest.fixture
def organiser(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, roles=[Role.CAMPAIGN_ORGANISER])


@pytest.fixture
def sender_client(sender):
    return client_for(sender)


@pytest.fixture
def recipient_client(recipient):
    return client_for(recipient)


@pytest.fixture
def organiser_client(organiser):
    return client_for(organiser)


def compliment_body(campaign, recipient, **changes):
    import uuid

    body = {
        "uuid": str(uuid.uuid4()),
        "campagne": str(campaign.uuid),
        "ontvanger": str(recipient.uuid),
        "waarden": [str(campaign.values.get(name="luisteren").uuid)],
        "reden": "Je luisterde echt naar de inwoner en zocht het samen uit.",
        "cadeau": str(campaign.gifts.get(name="roos").uuid),
        "anoniem": False,
    }
    body.update(changes)
    return body
