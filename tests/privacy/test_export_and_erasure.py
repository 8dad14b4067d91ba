"""An employee downloads everything stored about them, asks to be forgotten, and their
organisation admin erases them: nothing of theirs stays readable, while what they did still
counts (campaign totals, a report's history, learning records)."""

import datetime
import uuid

import pytest
from django.test import Client

from backend.organisations.models import Employee, ErasureRequest
from backend.organisations.personal_data import employee_data_export, employee_erase
from backend.organisations.roles import Role
from campaigns.compliments.campaign_reports import campaign_statistics
from campaigns.compliments.models import Compliment
from campaigns.rule_reports.models import RuleReport
from campaigns.rule_reports.services import report_follow, report_submit
from microlessons.models import ActivityDay, LessonCompletion
from mobile_api.models import ApiToken
from mobile_api.push.models import Device, Notification
from tests.conftest import client_for
from tests.factories import CampaignFactory, ComplimentFactory, EmployeeFactory
from tests.helpers import admin_client
from tests.microlessons.builders import import_module
from tests.push.conftest import device_for, inbox_notification

NOW = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)


def _report(reporter, privacy="met_naam"):
    report, _code = report_submit(
        reporter=reporter,
        rule="Elk verzoek drie keer laten aftekenen",
        where_met="Balie burgerzaken",
        impact="Inwoners wachten weken",
        better="Eén handtekening",
        origin="eigen_organisatie",
        privacy=privacy,
    )
    return report


@pytest.fixture
def history(zeventerpen, employee):
    """A bit of everything: learning, a phone, a notification, compliments both ways (the
    campaign delivered yesterday), reports named and anonymous, a followed one."""
    colleague = EmployeeFactory(organisation=zeventerpen, first_name="Sanne")
    module = import_module(zeventerpen, lessons=1)
    lesson = module.lessons.get()
    LessonCompletion.objects.create(
        uuid=uuid.uuid4(),
        employee=employee,
        lesson=lesson,
        version=lesson.published_version,
        occurred_at=NOW,
    )
    ActivityDay.objects.create(employee=employee, local_date=NOW.date())
    device_for(employee)
    inbox_notification(employee)
    campaign = CampaignFactory(
        organisation=zeventerpen,
        nomination_starts_on=datetime.date(2026, 11, 1),
        nomination_ends_on=datetime.date(2026, 11, 20),
        delivery_date=datetime.date(2026, 11, 30),
    )
    ComplimentFactory(
        campaign=campaign, sender=employee, recipient=colleague, reason="Altijd behulpzaam."
    )
    ComplimentFactory(
        campaign=campaign,
        sender=colleague,
        recipient=employee,
        reason="Noël legde het geduldig uit aan de balie.",
    )
    named = _report(employee)
    anonymous = _report(employee, privacy="anoniem")
    followed = _report(colleague)
    report_follow(employee=employee, report_uuid=followed.uuid)
    return {
        "colleague": colleague,
        "campaign": campaign,
        "named": named,
        "anonymous": anonymous,
        "followed": followed,
    }


def test_an_employee_downloads_everything_stored_about_them(employee, history):
    response = client_for(employee).get("/api/v1/mij/gegevens")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mijn-gegevens.json"'
    data = response.json()
    assert data["medewerker"]["voornaam"] == "Noël"
    assert len(data["aanmeldingen"]) == 1
    assert data["toestellen"][0]["platform"] == "android"
    assert data["notificaties"][0]["soort"] == "compliment_ontvangen"
    assert len(data["leren"]["voltooideLessen"]) == 1
    assert data["leren"]["geoefendeDagen"] == [NOW.date().isoformat()]
    assert [c["reden"] for c in data["complimenten"]["verstuurd"]] == ["Altijd behulpzaam."]
    assert data["complimenten"]["ontvangen"][0]["van"] == "Sanne " + history["colleague"].last_name
    reported = [r["uuid"] for r in data["regelmeldingen"]["gemeld"]]
    assert reported == [str(history["named"].uuid)]  # the anonymous one does not lead to them
    assert data["regelmeldingen"]["gevolgd"] == [str(history["followed"].uuid)]


def test_a_compliment_not_yet_delivered_is_not_in_the_export(zeventerpen, employee):
    ComplimentFactory(campaign=CampaignFactory(organisation=zeventerpen), recipient=employee)
    data = employee_data_export(employee=employee)
    assert data["complimenten"]["ontvangen"] == []


def test_asking_to_be_forgotten_twice_makes_one_open_request(employee):
    client = client_for(employee)

    first = client.post("/api/v1/mij/verwijderverzoek")
    again = client.post("/api/v1/mij/verwijderverzoek")

    assert (first.status_code, again.status_code) == (202, 200)
    assert first.json()["uitgevoerdOp"] is None
    assert ErasureRequest.objects.get().employee == employee


def test_erasure_leaves_nothing_of_them_readable_and_ends_their_sign_ins(
    zeventerpen, employee, history
):
    client = client_for(employee)
    client.post("/api/v1/mij/verwijderverzoek")
    employee_erase(employee=employee, now=NOW)

    erased = Employee.objects.select_related("user").get(pk=employee.pk)
    assert erased.full_name == "Verwijderde medewerker"
    assert (erased.email, erased.firebase_uid, erased.erased_at) == ("", None, NOW)
    assert not erased.user.is_active and not erased.user.has_usable_password()
    assert "Noël" not in str(employee_data_export(employee=erased))
    assert client.get("/api/v1/mij").status_code == 401
    signed_in = Client().post(
        "/api/v1/tokens",
        {"gebruikersnaam": employee.user.username, "wachtwoord": "zeventerpen"},
        content_type="application/json",
    )
    assert signed_in.status_code in (400, 401)
    assert not ApiToken.objects.filter(employee=erased).exists()
    assert not Device.objects.filter(employee=erased).exists()
    assert not Notification.objects.filter(employee=erased).exists()
    assert not erased.roles.exists()
    assert ErasureRequest.objects.get().carried_out_at == NOW
    # Colleagues no longer find them.
    found = client_for(history["colleague"]).get("/api/v1/medewerkers?zoek=Noël").json()
    assert found["resultaten"] == []


def test_what_they_did_still_counts_but_no_longer_leads_to_them(employee, history):
    campaign = history["campaign"]
    counts = ("waarden", "afdelingen", "vestigingen")
    before = {view: campaign_statistics(campaign, view) for view in counts}

    employee_erase(employee=employee, now=NOW)

    after = {view: campaign_statistics(campaign, view) for view in counts}
    assert after == before  # their compliments still count, in their department too
    received = Compliment.objects.get(recipient=employee)
    assert "Noël" not in received.reason  # it was about them
    sent = Compliment.objects.get(sender=employee)
    assert sent.reason == "Altijd behulpzaam."  # it is the colleague's compliment
    report = RuleReport.objects.get(pk=history["named"].pk)
    assert (report.reporter, report.privacy) == (None, "anoniem")
    assert report.rule  # the rule still needs fixing
    assert not history["followed"].followers.filter(employee=employee).exists()
    assert LessonCompletion.objects.filter(employee=employee).count() == 1  # insights


def test_an_organisation_admin_carries_out_the_request_in_the_admin(zeventerpen, employee):
    from tests.push.conftest import device_for as _device

    _device(employee)
    client_for(employee).post("/api/v1/mij/verwijderverzoek")
    request = ErasureRequest.objects.get()
    admin = EmployeeFactory(organisation=zeventerpen, roles=[Role.ORGANISATION_ADMIN])

    response = admin_client(admin).post(
        "/admin/organisations/erasurerequest/",
        {"action": "carry_out", "_selected_action": [request.pk]},
        follow=True,
    )

    assert response.status_code == 200
    request.refresh_from_db()
    assert request.carried_out_by == admin
    assert Employee.objects.get(pk=employee.pk).erased_at is not None


def test_an_admin_cannot_erase_themself(zeventerpen):
    admin = EmployeeFactory(organisation=zeventerpen, roles=[Role.ORGANISATION_ADMIN])
    client_for(admin).post("/api/v1/mij/verwijderverzoek")

    admin_client(admin).post(
        "/admin/organisations/erasurerequest/",
        {"action": "carry_out", "_selected_action": [ErasureRequest.objects.get().pk]},
    )

    assert Employee.objects.get(pk=admin.pk).erased_at is None


def test_erasing_twice_changes_nothing_more(employee):
    employee_erase(employee=employee, now=NOW)
    employee_erase(employee=employee, now=NOW + datetime.timedelta(days=1))
    assert Employee.objects.get(pk=employee.pk).erased_at == NOW
