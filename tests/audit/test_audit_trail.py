"""Changes by admins, coaches, organisers and editors are in the audit trail: who, what, when,
before and after. Nobody changes the trail, and only the organisation's own admin reads it."""

import datetime

import pytest

from backend.audit.models import AppendOnly, AuditEntry
from backend.audit.services import audit_entries_expire
from backend.organisations.models import Location
from backend.organisations.personal_data import employee_erase
from backend.organisations.roles import Role
from campaigns.rule_reports.services import report_submit
from tests.admin_pages import change_page_data
from tests.conftest import client_for
from tests.factories import ComplimentFactory, DepartmentFactory, EmployeeFactory
from tests.helpers import admin_client


@pytest.fixture
def org_admin(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, roles=[Role.ORGANISATION_ADMIN])


def test_a_change_in_the_admin_records_who_what_when_before_and_after(zeventerpen, org_admin):
    department = DepartmentFactory(organisation=zeventerpen, name="Vergunningen")
    client = admin_client(org_admin)
    url = f"/admin/organisations/department/{department.pk}/change/"
    data = change_page_data(client.get(url))
    data.update(name="Vergunningen en toezicht")

    response = client.post(url, data)

    assert response.status_code == 302, response.content[:800]
    entry = AuditEntry.objects.get(action="changed")
    assert (entry.actor, entry.organisation) == (org_admin, zeventerpen)
    assert entry.object_type == "organisations.department"
    assert entry.object_id == str(department.uuid)
    assert entry.before["name"] == "Vergunningen"
    assert entry.after["name"] == "Vergunningen en toezicht"


def test_adding_and_deleting_in_the_admin_are_recorded(zeventerpen, org_admin):
    client = admin_client(org_admin)
    client.post("/admin/organisations/location/add/", {"name": "Stadskantoor"})
    location = (
        zeventerpen.location_set.get(name="Stadskantoor")
        if hasattr(zeventerpen, "location_set")
        else None
    )

    location = Location.objects.get(name="Stadskantoor")
    client.post(f"/admin/organisations/location/{location.pk}/delete/", {"post": "yes"})

    actions = list(
        AuditEntry.objects.filter(object_id=str(location.uuid))
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["created", "deleted"]
    assert AuditEntry.objects.get(action="deleted").before["name"] == "Stadskantoor"


def test_a_coachs_step_through_the_api_is_recorded(zeventerpen):
    reporter = EmployeeFactory(organisation=zeventerpen)
    coach = EmployeeFactory(organisation=zeventerpen, roles=[Role.RULE_COACH])
    report, _code = report_submit(
        reporter=reporter,
        rule="Alles in drievoud",
        where_met="Balie",
        impact="Wachttijd",
        better="",
        origin="eigen_organisatie",
        privacy="met_naam",
    )

    response = client_for(coach).post(
        f"/api/v1/regelmeldingen/{report.uuid}/stappen",
        {"actie": "vraag_stellen", "publiekBericht": "Welk formulier bedoel je?"},
        format="json",
    )

    assert response.status_code in (200, 201), response.content
    entry = AuditEntry.objects.get(action="stap:vraag_stellen")
    assert entry.actor == coach
    assert (entry.before["state"], entry.after["state"]) == ("ingediend", "vraag_aan_melder")
    assert not AuditEntry.objects.filter(actor=reporter).exists()  # reporting is not audited


def test_moderating_a_compliment_is_recorded(zeventerpen):
    organiser = EmployeeFactory(organisation=zeventerpen, roles=[Role.CAMPAIGN_ORGANISER])
    compliment = ComplimentFactory(campaign__organisation=zeventerpen, status="in_beoordeling")

    response = client_for(organiser).post(
        f"/api/v1/complimenten/{compliment.uuid}/beoordeling",
        {"besluit": "goedkeuren"},
        format="json",
    )

    assert response.status_code == 200, response.content

    entry = AuditEntry.objects.get(action="compliment:beoordeling")
    assert entry.actor == organiser
    assert entry.after["status"] == "goedgekeurd"


def test_the_trail_is_append_only(zeventerpen, org_admin):
    DepartmentFactory(organisation=zeventerpen)
    entry = AuditEntry.objects.create(
        organisation=zeventerpen,
        actor=org_admin,
        action="changed",
        object_type="x",
        object_id="1",
        object_repr="x",
        at=datetime.datetime.now(datetime.UTC),
    )
    entry.action = "deleted"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="deleted")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    # Only the retention job removes entries, once they are old enough.
    assert audit_entries_expire(before=entry.at) == 0
    assert audit_entries_expire(before=entry.at + datetime.timedelta(seconds=1)) == 1


def test_only_the_organisations_own_admin_reads_the_trail(zeventerpen, oosterdijk, org_admin):
    coach = EmployeeFactory(organisation=zeventerpen, roles=[Role.RULE_COACH])
    entry = AuditEntry.objects.create(
        organisation=zeventerpen,
        actor=coach,
        action="changed",
        object_type="x",
        object_id="1",
        object_repr="Vergunningen",
        at=datetime.datetime.now(datetime.UTC),
    )
    other_admin = EmployeeFactory(organisation=oosterdijk, roles=[Role.ORGANISATION_ADMIN])
    url = f"/admin/audit/auditentry/{entry.pk}/change/"

    assert admin_client(org_admin).get(url).status_code == 200
    assert admin_client(other_admin).get(url).status_code == 404
    assert admin_client(coach).get("/admin/audit/auditentry/").status_code == 403
    assert "Vergunningen" in admin_client(org_admin).get("/admin/audit/auditentry/").text


def test_erasing_an_employee_removes_their_name_from_the_trail(zeventerpen, org_admin):
    person = EmployeeFactory(organisation=zeventerpen, first_name="Femke", last_name="Zwart")
    client = admin_client(org_admin)
    url = f"/admin/organisations/employee/{person.pk}/change/"
    data = change_page_data(client.get(url))
    data.update(email="femke@example.org")
    assert client.post(url, data).status_code == 302
    assert AuditEntry.objects.filter(object_repr__contains="Femke").exists()

    employee_erase(employee=person, now=datetime.datetime.now(datetime.UTC), by=org_admin)

    assert not AuditEntry.objects.filter(object_repr__contains="Femke").exists()
    assert "femke@example.org" not in str(list(AuditEntry.objects.values()))
    assert AuditEntry.objects.filter(action="medewerker:gewist", actor=org_admin).exists()


def test_an_editors_upload_and_import_through_the_api_are_recorded(zeventerpen):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.microlessons.builders import pack, png_bytes

    editor = EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR])
    client = client_for(editor)
    upload = SimpleUploadedFile("balie.png", png_bytes(), content_type="image/png")
    assert (
        client.post(
            "/api/v1/afbeeldingen",
            {"bestand": upload, "beschrijving": "De balie"},
            format="multipart",
        ).status_code
        == 201
    )
    content = SimpleUploadedFile(
        "pakket.json", json.dumps(pack("audit")).encode(), content_type="application/json"
    )
    response = client.post("/api/v1/inhoudspakketten", {"pakket": content}, format="multipart")
    assert response.status_code == 201, response.content

    actions = set(AuditEntry.objects.filter(actor=editor).values_list("action", flat=True))
    assert actions == {"afbeelding:geupload", "inhoudspakket:geimporteerd"}
