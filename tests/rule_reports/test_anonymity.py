"""An anonymous report leaves no trace of its reporter anywhere: not in any table, not in
any API answer. A confidential report shows who to coaches only."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from backend.organisations.models import Department, Employee
from tests.conftest import client_for
from tests.factories import DepartmentFactory, EmployeeFactory, UserFactory
from tests.rule_reports.conftest import step, submit

# Unusual primary keys, so that finding one in an integer column means something.
REPORTER_PK, REPORTER_USER_PK = 987_651, 987_652
SEARCHED = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.UUIDField,
    models.ForeignKey,
    models.OneToOneField,
    models.JSONField,
)


@pytest.fixture
def anonymous_reporter(zeventerpen, coach, employee):
    # created after the other people, so their keys stay far from these
    user = UserFactory(id=REPORTER_USER_PK, username="anoniempje-xq")
    return EmployeeFactory(
        id=REPORTER_PK,
        user=user,
        organisation=zeventerpen,
        first_name="Zwaantje",
        last_name="Quispel-Brandsma",
        email="zwaantje.quispel@example.org",
    )


def _snapshot():
    rows = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for row in model._base_manager.all().values():
            rows[model, row[model._meta.pk.attname]] = row
    return rows


def _own_rows(model, row, reporter):
    """The reporter's own account rows exist independent of any report (and change when the
    reporter uses the app, e.g. a token's last use): they are not the report's trace."""
    if model is Employee and row["id"] == reporter.pk:
        return True
    if model is get_user_model() and row["id"] == reporter.user_id:
        return True
    employee_fk = next(
        (
            f
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is Employee and f.name == "employee"
        ),
        None,
    )
    return (
        model._meta.app_label in ("organisations", "mobile_api", "auth", "sessions")
        and employee_fk is not None
        and row[employee_fk.attname] == reporter.pk
    )


def _needles(reporter):
    texts = [
        str(reporter.uuid),
        reporter.uuid.hex,
        reporter.user.username,
        reporter.first_name,
        reporter.last_name,
        reporter.email,
        str(REPORTER_PK),
        str(REPORTER_USER_PK),
    ]
    return texts, {REPORTER_PK, REPORTER_USER_PK}, {reporter.uuid}


def _traces(before, after, reporter):
    texts, numbers, uuids = _needles(reporter)
    found = []
    for (model, pk), row in after.items():
        if before.get((model, pk)) == row or _own_rows(model, row, reporter):
            continue  # unchanged since before the submission, or the reporter's own account
        for field in model._meta.concrete_fields:
            if not isinstance(field, SEARCHED):
                continue
            value = row[field.attname]
            if value is None:
                continue
            if field.is_relation:
                wanted = {Employee: REPORTER_PK, get_user_model(): REPORTER_USER_PK}
                hit = wanted.get(field.related_model) == value
            elif isinstance(value, int) and not isinstance(value, bool):
                hit = value in numbers
            else:
                hit = hasattr(value, "hex") and value in uuids
            if hit:
                found.append((model.__name__, pk, field.name, value))
            elif isinstance(value, str | dict | list):
                text = str(value).casefold()
                hits = [t for t in texts if t.casefold() in text]
                if hits:
                    found.append((model.__name__, pk, field.name, hits))
    return found


def test_nothing_in_the_database_leads_to_an_anonymous_reporter(
    zeventerpen, anonymous_reporter, coach, coach_client, employee
):
    reporter_client = client_for(anonymous_reporter)
    department = DepartmentFactory(organisation=zeventerpen)
    before = _snapshot()

    data = submit(
        reporter_client, privacy="anoniem", afdeling=str(anonymous_reporter.department.uuid)
    )
    uuid, code = data["melding"]["uuid"], data["volgcode"]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    session = coach_client.post("/api/v1/triagesessies", {"datum": tomorrow}).json()
    decided = coach_client.post(
        f"/api/v1/triagesessies/{session['uuid']}/besluiten",
        {"melding": uuid, "besluit": "vraag_stellen", "publiekBericht": "Welk formulier?"},
    )
    assert decided.status_code == 201, decided.json()
    answered = step(
        reporter_client, uuid, "antwoorden", publiekBericht="Formulier B12.", volgcode=code
    )
    assert answered.status_code == 200, answered.json()
    assert client_for(employee).post(f"/api/v1/regelmeldingen/{uuid}/volgers").status_code == 200
    assigned = step(
        coach_client,
        uuid,
        "toewijzen",
        eigenaarAfdeling=str(department.uuid),
        publiekBericht="Publiekszaken pakt het op.",
    )
    assert assigned.status_code == 200, assigned.json()
    assert (
        reporter_client.post("/api/v1/regelmeldingen/anoniem", {"volgcode": code}).status_code
        == 200
    )

    # the department where the rule was met may be the reporter's own: that is what they
    # chose to say; it is not a link to them. Everything else must be silent.
    traces = _traces(before, _snapshot(), anonymous_reporter)
    assert traces == []


def test_no_api_answer_names_an_anonymous_reporter(
    zeventerpen, anonymous_reporter, coach_client, employee
):
    reporter_client = client_for(anonymous_reporter)
    data = submit(reporter_client, privacy="anoniem")
    uuid, code = data["melding"]["uuid"], data["volgcode"]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    session = coach_client.post("/api/v1/triagesessies", {"datum": tomorrow}).json()
    asked = coach_client.post(
        f"/api/v1/triagesessies/{session['uuid']}/besluiten",
        {"melding": uuid, "besluit": "vraag_stellen", "publiekBericht": "Welk formulier?"},
    )
    answered = step(reporter_client, uuid, "antwoorden", publiekBericht="B12.", volgcode=code)
    client_for(employee).post(f"/api/v1/regelmeldingen/{uuid}/volgers")

    responses = [
        asked,
        answered,
        coach_client.get("/api/v1/regelmeldingen"),
        coach_client.get(f"/api/v1/regelmeldingen/{uuid}"),
        coach_client.get(f"/api/v1/triagesessies/{session['uuid']}"),
        client_for(employee).get(f"/api/v1/regelmeldingen/{uuid}"),
        client_for(employee).get("/api/v1/mij/regelmeldingen"),
    ]
    for response in responses:
        assert response.status_code in (200, 201), response.content[:300]
        body = response.content.decode()
        for needle in _needles(anonymous_reporter)[0][:6]:
            assert needle not in body, (response.wsgi_request.path, needle)
    detail = coach_client.get(f"/api/v1/regelmeldingen/{uuid}").json()
    assert detail["melder"] is None
    assert all(s["door"] is None for s in detail["stappen"] if s["doorMelder"])
    assert not anonymous_reporter.rule_reports.exists()
    assert (
        client_for(anonymous_reporter).get("/api/v1/mij/regelmeldingen").json()["resultaten"] == []
    )


def test_a_confidential_reporter_is_shown_to_coaches_only(
    zeventerpen, reporter, reporter_client, coach_client, employee
):
    department = DepartmentFactory(organisation=zeventerpen)
    owner = EmployeeFactory(organisation=zeventerpen)
    uuid = submit(reporter_client, privacy="vertrouwelijk")["melding"]["uuid"]
    step(
        coach_client,
        uuid,
        "toewijzen",
        eigenaarAfdeling=str(department.uuid),
        eigenaar=str(owner.uuid),
        publiekBericht="Opgepakt.",
    )
    client_for(employee).post(f"/api/v1/regelmeldingen/{uuid}/volgers")

    coach_view = coach_client.get(f"/api/v1/regelmeldingen/{uuid}").json()
    assert coach_view["melder"] == reporter.full_name
    for viewer in (owner, employee):
        response = client_for(viewer).get(f"/api/v1/regelmeldingen/{uuid}")
        assert response.status_code == 200
        assert response.json()["weergave"] == "publiek"
        assert "melder" not in response.json()
        body = response.content.decode()
        assert reporter.last_name not in body and str(reporter.uuid) not in body
    mine = client_for(employee).get("/api/v1/mij/regelmeldingen").content.decode()
    assert reporter.last_name not in mine
    assert Department.objects.filter(pk=department.pk).exists()


def test_the_search_finds_a_named_reporter(zeventerpen, anonymous_reporter):
    """The search above would see a link: for a named report it finds several."""
    before = _snapshot()

    submit(client_for(anonymous_reporter), privacy="met_naam")

    found = {
        (model, field)
        for model, _pk, field, _value in _traces(before, _snapshot(), anonymous_reporter)
    }
    assert {("RuleReport", "reporter"), ("ReportTransition", "actor")} <= found
    assert ("OutboxEvent", "employee") in found


def test_no_log_line_names_an_anonymous_reporter(anonymous_reporter, coach, caplog):
    caplog.set_level("DEBUG")
    reporter_client = client_for(anonymous_reporter)
    data = submit(reporter_client, privacy="anoniem")
    uuid = data["melding"]["uuid"]
    coach_client = client_for(coach)
    step(coach_client, uuid, "vraag_stellen", publiekBericht="Welk formulier bedoel je?")
    step(
        reporter_client,
        uuid,
        "antwoorden",
        publiekBericht="Het BRP-uittreksel.",
        volgcode=data["volgcode"],
    )
    step(coach_client, uuid, "voorstel_goedkeuren", publiekBericht="x")  # refused: logged

    assert caplog.records
    for needle in (
        anonymous_reporter.last_name,
        anonymous_reporter.user.username,
        str(anonymous_reporter.uuid),
    ):
        assert needle not in caplog.text
