"""Citizens' compliments: no sign-in, a honeypot, CORS only for the organisation's websites,
always moderated before anyone sees it, contact details for moderators only and removed
after the retention period."""

import datetime
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from backend.outbox.models import OutboxEvent
from campaigns.compliments.citizen_compliments import (
    citizen_compliment_moderate,
    citizen_contact_details_purge,
)
from campaigns.compliments.models import CitizenCompliment, PublicComplimentSettings
from tests.factories import DepartmentFactory, EmployeeFactory
from tests.helpers import assert_problem

URL = "/api/v1/publiek/complimenten"


@pytest.fixture(autouse=True)
def no_throttle(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "publiek": "1000/minute"},
    }


@pytest.fixture
def accepting(zeventerpen):
    PublicComplimentSettings.objects.create(
        organisation=zeventerpen,
        accepts_citizen_compliments=True,
        website_origins="https://www.zeventerpen.nl\nhttps://zeventerpen.nl",
    )
    return zeventerpen


def _body(**changes):
    body = {
        "organisatie": "zeventerpen",
        "bericht": "De medewerker aan de balie nam echt de tijd voor mijn moeder.",
        "medewerker": "Fatima van de balie",
        "naam": "M. Jansen",
        "email": "m.jansen@example.org",
    }
    body.update(changes)
    return body


def test_a_citizen_sends_a_compliment_without_signing_in(api_client, accepting):
    department = DepartmentFactory(organisation=accepting)

    response = api_client.post(URL, _body(afdeling=str(department.uuid)))

    assert response.status_code == 202
    assert response.json() == {"status": "ontvangen"}
    stored = CitizenCompliment.objects.get()
    assert stored.status == "in_beoordeling"
    assert stored.department_given == department
    assert stored.contact_email == "m.jansen@example.org"


def test_the_honeypot_stores_nothing_but_answers_the_same(api_client, accepting):
    response = api_client.post(URL, _body(website="http://spam.example"))

    assert response.status_code == 202 and response.json() == {"status": "ontvangen"}
    assert not CitizenCompliment.objects.exists()


def test_an_organisation_that_does_not_accept_is_a_400(api_client, zeventerpen):
    response = api_client.post(URL, _body())

    assert_problem(response, 400, code="not_found")
    assert not CitizenCompliment.objects.exists()


def test_bad_input_is_reported_all_at_once(api_client, accepting):
    response = api_client.post(
        URL, {"organisatie": "zeventerpen", "bericht": 5, "email": "geen-adres", "telefoon": "bel"}
    )

    problem = assert_problem(response, 400)
    assert {p["name"] for p in problem["invalidParams"]} == {"bericht", "email", "telefoon"}
    assert not CitizenCompliment.objects.exists()


def test_a_team_of_another_organisation_is_refused(api_client, accepting, oosterdijk):
    foreign = DepartmentFactory(organisation=oosterdijk)

    response = api_client.post(URL, _body(afdeling=str(foreign.uuid)))

    assert_problem(response, 400, code="not_found")
    assert not CitizenCompliment.objects.exists()


def test_cors_allows_only_the_organisations_own_website(accepting):
    # A preflight is the browser's question, not an operation of the API: a plain client.
    browser = Client()
    allowed = browser.options(
        URL,
        HTTP_ORIGIN="https://www.zeventerpen.nl",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    other = browser.options(
        URL,
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )

    assert allowed["Access-Control-Allow-Origin"] == "https://www.zeventerpen.nl"
    assert "Access-Control-Allow-Origin" not in other


def test_a_browser_on_another_site_cannot_send(api_client, accepting):
    response = api_client.post(URL, _body(), HTTP_ORIGIN="https://evil.example")

    assert_problem(response, 403, code="origin_not_allowed")
    assert "Access-Control-Allow-Origin" not in response
    assert not CitizenCompliment.objects.exists()


def test_one_organisations_website_cannot_send_for_another(api_client, accepting, oosterdijk):
    PublicComplimentSettings.objects.create(
        organisation=oosterdijk,
        accepts_citizen_compliments=True,
        website_origins="https://www.oosterdijk.nl",
    )

    response = api_client.post(URL, _body(), HTTP_ORIGIN="https://www.oosterdijk.nl")

    assert_problem(response, 403, code="origin_not_allowed")


def test_cors_is_not_offered_for_the_rest_of_the_api(accepting):
    response = Client().options(
        "/api/v1/complimenten",
        HTTP_ORIGIN="https://www.zeventerpen.nl",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )

    assert "Access-Control-Allow-Origin" not in response


def test_nobody_sees_a_text_before_moderation(api_client, accepting, employee_client, employee):
    api_client.post(URL, _body(bericht="Nog niet beoordeeld"))
    compliment = CitizenCompliment.objects.get()
    compliment.department_given = employee.department
    compliment.save()

    listed = employee_client.get("/api/v1/mij/publiekscomplimenten")

    assert listed.json()["aantal"] == 0
    assert "Nog niet beoordeeld" not in listed.content.decode()


def test_approved_it_reaches_the_employee_without_contact_details(
    api_client, accepting, employee_client, employee
):
    organiser = EmployeeFactory(organisation=accepting, roles=["campagne_organisator"])
    api_client.post(URL, _body())
    citizen_compliment_moderate(
        moderator=organiser,
        citizen_compliment=CitizenCompliment.objects.get(),
        approve=True,
        recipient=employee,
    )

    listed = employee_client.get("/api/v1/mij/publiekscomplimenten")

    [shown] = listed.json()["resultaten"]
    assert shown["bericht"].startswith("De medewerker aan de balie")
    assert "Jansen" not in listed.content.decode() and "example.org" not in listed.content.decode()
    assert OutboxEvent.objects.filter(
        employee=employee, kind="citizen_compliment_received"
    ).exists()


def test_approved_for_a_team_every_member_sees_it(api_client, accepting, employee_client, employee):
    organiser = EmployeeFactory(organisation=accepting, roles=["campagne_organisator"])
    api_client.post(URL, _body())
    citizen_compliment_moderate(
        moderator=organiser,
        citizen_compliment=CitizenCompliment.objects.get(),
        approve=True,
        recipient_department=employee.department,
    )

    [shown] = employee_client.get("/api/v1/mij/publiekscomplimenten").json()["resultaten"]

    assert shown["voorAfdeling"] == employee.department.name


def test_rejected_nobody_sees_it(api_client, accepting, employee_client, employee):
    organiser = EmployeeFactory(organisation=accepting, roles=["campagne_organisator"])
    api_client.post(URL, _body())
    citizen_compliment_moderate(
        moderator=organiser, citizen_compliment=CitizenCompliment.objects.get(), approve=False
    )

    assert employee_client.get("/api/v1/mij/publiekscomplimenten").json()["aantal"] == 0


def test_contact_details_are_removed_after_the_retention_period(api_client, accepting):
    organisation = accepting
    organisation.citizen_contact_retention_days = 30  # the organisation's own period
    organisation.save()
    api_client.post(URL, _body())
    api_client.post(URL, _body(naam="Recent"))
    old, recent = CitizenCompliment.objects.order_by("pk")
    CitizenCompliment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    CitizenCompliment.objects.filter(pk=recent.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=29)
    )
    now = timezone.now()

    assert citizen_contact_details_purge(organisation=organisation, now=now) == 1
    assert citizen_contact_details_purge(organisation=organisation, now=now) == 0  # idempotent

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone) == ("", "", "")
    assert old.contact_removed_at is not None and old.message  # the compliment stays
    assert recent.contact_name == "Recent"


def test_the_teams_for_the_form_are_public_for_accepting_organisations(
    api_client, accepting, oosterdijk
):
    DepartmentFactory(organisation=accepting, name="Publiekszaken")

    listed = api_client.get("/api/v1/publiek/organisaties/zeventerpen/afdelingen")
    refused = api_client.get("/api/v1/publiek/organisaties/oosterdijk/afdelingen")

    assert "Publiekszaken" in [team["naam"] for team in listed.json()]
    assert_problem(refused, 404)


def test_the_public_door_is_throttled(api_client, accepting, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "publiek": "2/hour"},
    }
    from django.core.cache import cache

    cache.clear()
    answers = [api_client.post(URL, _body(bericht=f"Top {n} {uuid.uuid4()}")) for n in range(3)]

    assert [a.status_code for a in answers] == [202, 202, 429]
    assert answers[2]["Retry-After"]
    assert CitizenCompliment.objects.count() == 2
