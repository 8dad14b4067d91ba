"""Reporting a rule and walking a report through its main steps, through the API."""

from backend.outbox.models import OutboxEvent
from campaigns.rule_reports.models import ReportTransition, RuleReport
from tests.helpers import assert_problem
from tests.rule_reports.conftest import step, submit


def test_a_named_report_is_submitted_and_acknowledged(reporter_client, reporter):
    data = submit(reporter_client)

    assert data["volgcode"] is None
    assert data["melding"]["publiekeStatus"] == "ontvangen"
    report = RuleReport.objects.get()
    assert report.reporter == reporter and report.triage_by is not None
    assert OutboxEvent.objects.filter(employee=reporter, kind="rule_report_update").count() == 1


def test_an_anonymous_report_keeps_no_link_and_is_followed_with_its_code(
    reporter_client, reporter, coach_client
):
    data = submit(reporter_client, privacy="anoniem")

    code = data["volgcode"]
    assert code
    report = RuleReport.objects.get()
    assert report.reporter is None
    assert ReportTransition.objects.get().actor is None
    assert not OutboxEvent.objects.exists()
    seen = reporter_client.post("/api/v1/regelmeldingen/anoniem", {"volgcode": code})
    assert seen.status_code == 200 and seen.json()["uuid"] == str(report.uuid)
    coach_view = coach_client.get(f"/api/v1/regelmeldingen/{report.uuid}").json()
    assert coach_view["melder"] is None
    assert reporter.last_name not in coach_client.get("/api/v1/regelmeldingen").content.decode()


def test_a_coach_assigns_and_closes_with_public_messages(
    coach_client, reporter_client, zeventerpen
):
    from tests.factories import DepartmentFactory

    department = DepartmentFactory(organisation=zeventerpen)
    uuid = submit(reporter_client)["melding"]["uuid"]

    without_message = step(coach_client, uuid, "toewijzen", eigenaarAfdeling=str(department.uuid))
    assert_problem(without_message, 400)
    assigned = step(
        coach_client,
        uuid,
        "toewijzen",
        eigenaarAfdeling=str(department.uuid),
        publiekBericht="Het team Publiekszaken pakt dit op.",
        verwachteStatus="ingediend",
    )
    assert assigned.status_code == 200, assigned.json()
    closed = step(
        coach_client,
        uuid,
        "afsluiten",
        afhandeling="lokaal_opgelost",
        publiekBericht="Vanaf 1 maart raadplegen we de BRP zelf.",
    )
    assert closed.json()["status"] == "afgerond"
    mine = reporter_client.get("/api/v1/mij/regelmeldingen").json()["resultaten"][0]
    assert mine["publiekeStatus"] == "afgerond"
    assert [s["bericht"] for s in mine["stappen"]][-1] == "Vanaf 1 maart raadplegen we de BRP zelf."


def test_an_illegal_move_is_a_400_and_changes_nothing(coach_client, reporter_client):
    uuid = submit(reporter_client)["melding"]["uuid"]

    response = step(coach_client, uuid, "voorstel_goedkeuren", publiekBericht="x")

    assert_problem(response, 400, code="transition_not_allowed")
    assert RuleReport.objects.get().state == "ingediend"
    assert ReportTransition.objects.count() == 1


def test_a_reporter_cannot_take_a_coachs_step(reporter_client):
    uuid = submit(reporter_client)["melding"]["uuid"]

    response = step(reporter_client, uuid, "vraag_stellen", publiekBericht="Waarom?")

    assert_problem(response, 403, code="not_your_step")


def test_a_stale_state_is_a_conflict(coach_client, reporter_client):
    uuid = submit(reporter_client)["melding"]["uuid"]
    step(coach_client, uuid, "vraag_stellen", publiekBericht="Welk formulier?")

    response = step(
        coach_client,
        uuid,
        "vraag_stellen",
        publiekBericht="Nog een vraag",
        verwachteStatus="ingediend",
    )

    assert_problem(response, 409, code="state_changed")
    assert ReportTransition.objects.count() == 2


def test_suggestions_find_similar_open_reports(reporter_client, employee_client):
    submit(reporter_client)

    found = employee_client.get(
        "/api/v1/regelmeldingen/suggesties", {"tekst": "parkeervergunning uittreksel"}
    )

    assert found.status_code == 200
    assert len(found.json()) == 1
