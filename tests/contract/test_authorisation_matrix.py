"""Within one organisation: for every operation that takes an id and for every role, a
colleague's object is refused (403 or 404, and nothing changes) unless that role may act on
other people's objects there. The operations come from the committed document, so a new
endpoint fails here until ``WHO_MAY`` says who may use it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.organisations.roles import Role
from tests.conftest import client_for
from tests.contract.test_tenant_isolation import FOREIGN_API_OBJECTS, _operations_with_an_id
from tests.factories import EmployeeFactory, LocationFactory
from tests.microlessons.builders import png_bytes

EVERYONE = frozenset(Role)
NOBODY = frozenset()
COACH = frozenset({Role.RULE_COACH})
ORGANISER = frozenset({Role.CAMPAIGN_ORGANISER})
EDITOR = frozenset({Role.CONTENT_EDITOR})
CAMPAIGN_FIGURES = frozenset({Role.CAMPAIGN_ORGANISER, Role.INSIGHTS_VIEWER})

# (method, path) -> the roles that may use it on an object someone else in their own
# organisation owns or made. Anything personal (a compliment, a report, a device, an attempt)
# is nobody else's business but the roles that run it.
WHO_MAY = {
    ("get", "/afdelingen/{uuid}"): EVERYONE,
    ("get", "/vestigingen/{uuid}"): EVERYONE,
    ("get", "/medewerkers/{uuid}"): EVERYONE,
    ("delete", "/apparaten/{uuid}"): NOBODY,
    ("delete", "/tokens/{uuid}"): NOBODY,
    ("post", "/mij/notificaties/{uuid}/geopend"): NOBODY,
    ("get", "/complimentcampagnes/{uuid}"): EVERYONE,
    # A volunteer's own list: for anyone else it is empty.
    ("get", "/complimentcampagnes/{uuid}/uitdelingen"): EVERYONE,
    ("get", "/complimentcampagnes/{uuid}/voortgang"): ORGANISER,
    ("get", "/complimentcampagnes/{uuid}/statistieken"): CAMPAIGN_FIGURES,
    ("get", "/complimentcampagnes/{uuid}/vestigingen/{vestiging}/kaarten"): ORGANISER,
    ("get", "/complimentcampagnes/{uuid}/vestigingen/{vestiging}/uitdeellijst"): ORGANISER,
    ("get", "/complimenten/{uuid}"): ORGANISER,
    ("get", "/complimenten/{uuid}/kaart"): ORGANISER,
    ("get", "/complimenten/{uuid}/kaartlink"): ORGANISER,
    ("post", "/complimenten/{uuid}/bedankje"): NOBODY,  # the recipient's alone
    ("post", "/complimenten/{uuid}/beoordeling"): ORGANISER,
    # That location's volunteers, and the organisers.
    ("post", "/complimenten/{uuid}/uitreiking"): ORGANISER,
    ("delete", "/complimenten/{uuid}/uitreiking"): ORGANISER,
    ("get", "/regelmeldingen/{uuid}"): COACH,
    ("post", "/regelmeldingen/{uuid}/stappen"): COACH,
    ("post", "/regelmeldingen/{uuid}/volgers"): EVERYONE,  # support a colleague's report
    ("post", "/regelmeldingen/{uuid}/bijlagen"): COACH,
    ("get", "/regelmeldingen/{uuid}/bijlagen/{bijlage}"): NOBODY,  # no such attachment
    ("get", "/lessen/{uuid}"): EVERYONE,
    ("get", "/modules/{uuid}"): EVERYONE,
    ("get", "/modules/{uuid}/offline-pakket"): EVERYONE,
    ("get", "/modules/{uuid}/inhoudspakket"): EDITOR,
    ("get", "/simulaties/{uuid}"): EVERYONE,
    ("get", "/mij/simulatiepogingen/{uuid}"): NOBODY,
    ("post", "/mij/simulatiepogingen/{uuid}/keuzes"): NOBODY,
    ("get", "/mij/toetspogingen/{uuid}"): NOBODY,
    ("post", "/mij/toetspogingen/{uuid}/antwoorden"): NOBODY,
    ("post", "/mij/toetspogingen/{uuid}/inlevering"): NOBODY,
    ("get", "/triagesessies/{uuid}"): COACH,
    ("post", "/triagesessies/{uuid}/besluiten"): COACH,
    ("post", "/triagesessies/{uuid}/sluiting"): COACH,
}

# Valid bodies, so what answers is the authorisation, not the validation.
BODIES = {
    ("post", "/regelmeldingen/{uuid}/stappen"): (
        {"actie": "vraag_stellen", "publiekBericht": "Bij welk formulier was dat?"},
        "json",
    ),
    ("post", "/complimenten/{uuid}/beoordeling"): ({"besluit": "goedkeuren"}, "json"),
    ("post", "/complimenten/{uuid}/bedankje"): ({"bericht": "Dank je!"}, "json"),
    ("post", "/complimenten/{uuid}/uitreiking"): ({}, "json"),
}


def _body(method, path):
    if (method, path) == ("post", "/regelmeldingen/{uuid}/bijlagen"):
        photo = SimpleUploadedFile("balie.png", png_bytes(), content_type="image/png")
        return {"data": {"bestand": photo}, "format": "multipart"}
    data, kind = BODIES.get((method, path), (None, None))
    return {"data": data, "format": kind} if data is not None else {}


def _snapshot(obj):
    return obj.__class__.objects.filter(pk=obj.pk).values().first()


@pytest.mark.parametrize("path, method", list(_operations_with_an_id()))
def test_a_colleagues_object_is_refused_to_every_role_that_may_not_use_it(
    zeventerpen, path, method
):
    assert (method, path) in WHO_MAY, f"say which roles may {method.upper()} {path}"
    allowed = WHO_MAY[(method, path)]
    obj = FOREIGN_API_OBJECTS[path](zeventerpen)  # made by a colleague
    location = LocationFactory(organisation=zeventerpen)
    url = path.replace("{uuid}", str(obj.uuid)).replace("{vestiging}", str(location.uuid))
    # The refused roles first: an allowed role's call may change the object.
    for role in sorted(Role, key=lambda role: role in allowed):
        before = _snapshot(obj)
        caller = EmployeeFactory(organisation=zeventerpen, roles=[role])

        response = getattr(client_for(caller), method)(f"/api/v1{url}", **_body(method, path))

        if role in allowed:
            assert response.status_code not in (403, 404), (role, response.status_code)
        else:
            assert response.status_code in (403, 404), (role, response.status_code)
            assert response["Content-Type"] == "application/problem+json"
            assert _snapshot(obj) == before, role
