"""The weekly triage session through the API: its agenda, a decision for every item (a step,
or a deferral with a reason), and closing only when every item has one."""

import datetime

import pytest
from django.utils import timezone

from campaigns.rule_reports.models import ReportTransition, RuleReport, TriageDecision
from tests.factories import DepartmentFactory
from tests.helpers import assert_problem
from tests.rule_reports.conftest import step, submit

TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def _open(client, datum=TOMORROW):
    response = client.post("/api/v1/triagesessies", {"datum": datum})
    assert response.status_code == 201, response.json()
    return response.json()


def _decide(client, session, report_uuid, decision, **fields):
    return client.post(
        f"/api/v1/triagesessies/{session['uuid']}/besluiten",
        {"melding": str(report_uuid), "besluit": decision, **fields},
    )


@pytest.fixture
def department(zeventerpen):
    return DepartmentFactory(organisation=zeventerpen)


def test_the_agenda_lists_waiting_reports_submitted_before_the_cutoff(
    coach_client, reporter_client
):
    waiting = submit(reporter_client)["melding"]["uuid"]
    asked = submit(reporter_client)["melding"]["uuid"]
    step(coach_client, asked, "vraag_stellen", publiekBericht="Welk formulier?")
    late = submit(reporter_client)["melding"]["uuid"]
    RuleReport.objects.filter(uuid=late).update(
        submitted_at=timezone.now() + datetime.timedelta(days=3)
    )

    session = _open(coach_client)

    assert [item["melding"] for item in session["agenda"]] == [waiting]
    assert session["agenda"][0]["besluit"] is None
    again = coach_client.get(f"/api/v1/triagesessies/{session['uuid']}").json()
    assert [item["melding"] for item in again["agenda"]] == [waiting]


def test_a_session_with_an_undecided_item_does_not_close(coach_client, reporter_client):
    submit(reporter_client)
    session = _open(coach_client)

    response = coach_client.post(f"/api/v1/triagesessies/{session['uuid']}/sluiting")

    assert_problem(response, 409, code="agenda_not_done")


def test_each_decision_performs_its_step_and_then_the_session_closes(
    coach_client, reporter_client, department
):
    uuids = [submit(reporter_client)["melding"]["uuid"] for _ in range(4)]
    session = _open(coach_client)
    decisions = [
        ("toewijzen", {"eigenaarAfdeling": str(department.uuid)}, "in_behandeling"),
        ("vraag_stellen", {}, "vraag_aan_melder"),
        ("doorzetten", {"ontvanger": "BZK", "samenvatting": "Kort."}, "doorgezet"),
        ("afsluiten", {"afhandeling": "uitgelegd"}, "afgerond"),
    ]

    for uuid, (decision, fields, target) in zip(uuids, decisions, strict=True):
        response = _decide(
            coach_client, session, uuid, decision, publiekBericht="Besloten.", **fields
        )
        assert response.status_code == 201, response.json()
        report = RuleReport.objects.get(uuid=uuid)
        assert report.state == target
        # A question to the reporter decides nothing yet about the follow-up.
        assert (report.triaged_at is None) == (decision == "vraag_stellen")
        made = TriageDecision.objects.get(report=report)
        assert made.transition == report.transitions.latest("created_at")
        assert made.transition.action == decision

    view = coach_client.get(f"/api/v1/triagesessies/{session['uuid']}").json()
    assert [item["besluit"] for item in view["agenda"]] == [d for d, _, _ in decisions]
    closed = coach_client.post(f"/api/v1/triagesessies/{session['uuid']}/sluiting")
    assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == "gesloten"


def test_a_failed_step_records_no_decision(coach_client, reporter_client):
    uuid = submit(reporter_client)["melding"]["uuid"]
    session = _open(coach_client)

    response = _decide(coach_client, session, uuid, "toewijzen", publiekBericht="Hup.")

    assert_problem(response, 400)
    assert not TriageDecision.objects.exists()
    assert RuleReport.objects.get(uuid=uuid).state == "ingediend"


def test_deferring_needs_a_reason_and_twice_flags_the_report(coach_client, reporter_client):
    uuid = submit(reporter_client)["melding"]["uuid"]
    first = _open(coach_client)

    assert_problem(_decide(coach_client, first, uuid, "uitstellen"), 400, code="reason_required")
    deferred = _decide(coach_client, first, uuid, "uitstellen", reden="Eigenaar afwezig.")
    assert deferred.status_code == 201, deferred.json()
    assert_problem(
        _decide(coach_client, first, uuid, "uitstellen", reden="Nog eens."), 409, code="decided"
    )
    assert coach_client.get(f"/api/v1/regelmeldingen/{uuid}").json()["gemarkeerd"] is False
    assert coach_client.post(f"/api/v1/triagesessies/{first['uuid']}/sluiting").status_code == 200

    second = _open(coach_client, (timezone.localdate() + datetime.timedelta(days=8)).isoformat())
    assert [item["melding"] for item in second["agenda"]] == [uuid]
    _decide(coach_client, second, uuid, "uitstellen", reden="Nog steeds afwezig.")

    view = coach_client.get(f"/api/v1/regelmeldingen/{uuid}").json()
    assert view["uitgesteld"] == 2 and view["gemarkeerd"] is True
    assert view["status"] == "ingediend"
    assert ReportTransition.objects.filter(report__uuid=uuid).count() == 1
    assert coach_client.post(f"/api/v1/triagesessies/{second['uuid']}/sluiting").status_code == 200


def test_a_report_not_on_the_agenda_cannot_be_decided(coach_client, reporter_client):
    uuid = submit(reporter_client)["melding"]["uuid"]
    session = _open(coach_client, timezone.localdate().isoformat())  # cutoff: start of today
    RuleReport.objects.filter(uuid=uuid).update(
        submitted_at=timezone.now() + datetime.timedelta(days=1)
    )

    response = _decide(coach_client, session, uuid, "uitstellen", reden="x")

    assert_problem(response, 400, code="not_on_agenda")


def test_only_one_session_is_open_at_a_time(coach_client):
    _open(coach_client)

    assert_problem(
        coach_client.post("/api/v1/triagesessies", {"datum": TOMORROW}), 409, code="session_open"
    )


def test_non_coaches_get_403(coach_client, reporter_client):
    uuid = submit(reporter_client)["melding"]["uuid"]
    session = _open(coach_client)

    assert_problem(reporter_client.post("/api/v1/triagesessies", {"datum": TOMORROW}), 403)
    assert_problem(reporter_client.get(f"/api/v1/triagesessies/{session['uuid']}"), 403)
    assert_problem(_decide(reporter_client, session, uuid, "uitstellen", reden="x"), 403)
    assert_problem(reporter_client.post(f"/api/v1/triagesessies/{session['uuid']}/sluiting"), 403)
    assert not TriageDecision.objects.exists()
