"""Deadlines of rule reports: set when they arise, from the programme's settings of that
moment; overdue reports in the coach list; the time-bound guards; what an escalation keeps."""

import datetime

import pytest
from django.utils import timezone

from campaigns.rule_reports.models import Escalation, Programme, ReportTransition, RuleReport
from campaigns.rule_reports.services import next_triage_day
from tests.factories import DepartmentFactory
from tests.helpers import assert_problem
from tests.rule_reports.conftest import step, submit


@pytest.fixture
def department(zeventerpen):
    return DepartmentFactory(organisation=zeventerpen)


def _assign(client, uuid, department, **fields):
    response = step(
        client,
        uuid,
        "toewijzen",
        eigenaarAfdeling=str(department.uuid),
        publiekBericht="Team pakt het op.",
        **fields,
    )
    assert response.status_code == 200, response.json()
    return response


def test_triage_by_is_the_next_session_day(reporter_client, zeventerpen):
    uuid = submit(reporter_client)["melding"]["uuid"]

    report = RuleReport.objects.get(uuid=uuid)
    programme = Programme.objects.get(organisation=zeventerpen)
    today = zeventerpen.local_date(report.submitted_at)
    assert report.triage_by == next_triage_day(programme, today)
    assert report.triage_by.weekday() == programme.triage_weekday
    assert today < report.triage_by <= today + datetime.timedelta(days=7)
    assert report.due_on is None and report.next_update_due is None


def test_assignment_sets_the_due_date_and_the_next_update(
    coach_client, reporter_client, department, zeventerpen
):
    uuid = submit(reporter_client)["melding"]["uuid"]

    data = _assign(coach_client, uuid, department).json()

    programme = Programme.objects.get(organisation=zeventerpen)
    today = zeventerpen.local_date(timezone.now())
    assert data["deadline"] == str(today + datetime.timedelta(days=programme.resolution_days))
    assert data["volgendeUpdateVoor"] == str(today + datetime.timedelta(days=programme.update_days))


def test_an_explicit_due_date_is_kept_and_one_in_the_past_refused(
    coach_client, reporter_client, department
):
    uuid = submit(reporter_client)["melding"]["uuid"]
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    assert_problem(
        step(
            coach_client,
            uuid,
            "toewijzen",
            eigenaarAfdeling=str(department.uuid),
            publiekBericht="x",
            deadline=past,
        ),
        400,
    )
    chosen = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert _assign(coach_client, uuid, department, deadline=chosen).json()["deadline"] == chosen


def test_changing_the_programme_does_not_rewrite_existing_deadlines(
    coach_client, reporter_client, department, zeventerpen
):
    uuid = submit(reporter_client)["melding"]["uuid"]
    _assign(coach_client, uuid, department)
    before = RuleReport.objects.values("triage_by", "due_on", "next_update_due").get(uuid=uuid)

    programme = Programme.objects.get(organisation=zeventerpen)
    programme.resolution_days, programme.update_days = 7, 3
    programme.triage_weekday = (programme.triage_weekday + 2) % 5
    programme.save()

    assert (
        RuleReport.objects.values("triage_by", "due_on", "next_update_due").get(uuid=uuid) == before
    )
    later = submit(reporter_client)["melding"]["uuid"]
    _assign(coach_client, later, department)
    today = zeventerpen.local_date(timezone.now())
    assert RuleReport.objects.get(uuid=later).due_on == today + datetime.timedelta(days=7)


def test_overdue_reports_are_listed(coach_client, reporter_client, department):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    on_time = submit(reporter_client)["melding"]["uuid"]
    late_triage = submit(reporter_client)["melding"]["uuid"]
    late_due = submit(reporter_client)["melding"]["uuid"]
    late_update = submit(reporter_client)["melding"]["uuid"]
    closed_late = submit(reporter_client)["melding"]["uuid"]
    for uuid in (late_due, late_update):
        _assign(coach_client, uuid, department)
    step(coach_client, closed_late, "afsluiten", afhandeling="uitgelegd", publiekBericht="Klaar.")
    RuleReport.objects.filter(uuid__in=[late_triage, closed_late]).update(triage_by=yesterday)
    RuleReport.objects.filter(uuid=late_due).update(due_on=yesterday)
    RuleReport.objects.filter(uuid=late_update).update(next_update_due=yesterday)

    listed = coach_client.get("/api/v1/regelmeldingen", {"teLaat": "true"}).json()["resultaten"]

    assert {r["uuid"] for r in listed} == {late_triage, late_due, late_update}
    every = coach_client.get("/api/v1/regelmeldingen").json()["resultaten"]
    assert on_time in {r["uuid"] for r in every}


def test_a_triaged_report_can_no_longer_be_withdrawn(coach_client, reporter_client):
    # Closed once (a triage decision), then reopened: back to submitted, but triaged.
    uuid = submit(reporter_client)["melding"]["uuid"]
    step(coach_client, uuid, "afsluiten", afhandeling="uitgelegd", publiekBericht="Zo zit het.")
    step(coach_client, uuid, "heropenen", publiekBericht="We kijken er opnieuw naar.")

    response = step(reporter_client, uuid, "intrekken", publiekBericht="Laat maar.")

    assert_problem(response, 400, code="already_triaged")
    assert RuleReport.objects.get(uuid=uuid).state == "ingediend"


def test_a_question_to_the_reporter_is_no_triage_decision(coach_client, reporter_client):
    uuid = submit(reporter_client)["melding"]["uuid"]
    step(coach_client, uuid, "vraag_stellen", publiekBericht="Welk formulier?")

    response = step(reporter_client, uuid, "intrekken", publiekBericht="Laat maar.")

    assert response.status_code == 200
    assert RuleReport.objects.get(uuid=uuid).resolution == "ingetrokken"


def test_an_untriaged_report_can_be_withdrawn(reporter_client):
    uuid = submit(reporter_client)["melding"]["uuid"]

    response = step(reporter_client, uuid, "intrekken", publiekBericht="Laat maar.")

    assert response.status_code == 200, response.json()
    report = RuleReport.objects.get(uuid=uuid)
    assert (report.state, report.resolution) == ("afgerond", "ingetrokken")


def test_asking_to_reopen_after_the_period_is_refused(coach_client, reporter_client, zeventerpen):
    uuid = submit(reporter_client)["melding"]["uuid"]
    step(coach_client, uuid, "afsluiten", afhandeling="uitgelegd", publiekBericht="Klaar.")
    days = Programme.objects.get(organisation=zeventerpen).reopen_days
    RuleReport.objects.filter(uuid=uuid).update(
        closed_at=timezone.now() - datetime.timedelta(days=days, hours=1)
    )

    response = step(reporter_client, uuid, "heropenen_vragen", publiekBericht="Het speelt nog.")

    assert_problem(response, 400, code="reopen_period_over")
    assert ReportTransition.objects.filter(report__uuid=uuid).count() == 2
    RuleReport.objects.filter(uuid=uuid).update(
        closed_at=timezone.now() - datetime.timedelta(days=days - 1)
    )
    again = step(reporter_client, uuid, "heropenen_vragen", publiekBericht="Het speelt nog.")
    assert again.status_code == 200, again.json()


def test_an_escalation_keeps_recipient_and_summary_but_not_the_raw_report_or_who(
    coach_client, reporter_client, reporter
):
    uuid = submit(reporter_client, privacy="vertrouwelijk")["melding"]["uuid"]
    assert_problem(step(coach_client, uuid, "doorzetten", publiekBericht="Door."), 400)

    response = step(
        coach_client,
        uuid,
        "doorzetten",
        publiekBericht="Doorgezet naar het ministerie.",
        ontvanger="Ministerie van BZK",
        samenvatting="Gemeenten vragen een BRP-uittreksel dat ze zelf kunnen inzien.",
    )

    assert response.status_code == 200, response.json()
    escalation = Escalation.objects.get(report__uuid=uuid)
    assert escalation.recipient_body == "Ministerie van BZK"
    assert escalation.summary.startswith("Gemeenten vragen")
    report = RuleReport.objects.get(uuid=uuid)
    stored = " ".join(str(getattr(escalation, f.attname)) for f in Escalation._meta.concrete_fields)
    for raw in (report.rule, report.where_met, report.impact, report.better):
        assert raw not in stored
    for who in (reporter.first_name, reporter.last_name, reporter.email, str(reporter.uuid)):
        assert who not in stored
    assert Escalation._meta.get_field("report").remote_field.model is RuleReport
    assert not [f for f in Escalation._meta.concrete_fields if f.is_relation and f.name != "report"]


def test_refusing_to_reopen_keeps_the_resolution(coach_client, reporter_client):
    uuid = submit(reporter_client)["melding"]["uuid"]
    step(coach_client, uuid, "afsluiten", afhandeling="uitgelegd", publiekBericht="Klaar.")
    step(reporter_client, uuid, "heropenen_vragen", publiekBericht="Het speelt nog.")

    step(coach_client, uuid, "heropenen_weigeren", publiekBericht="We blijven erbij.")

    report = RuleReport.objects.get(uuid=uuid)
    assert (report.state, report.resolution) == ("afgerond", "uitgelegd")


def test_approving_a_rule_kept_proposal_keeps_its_justification(
    coach_client, reporter_client, department
):
    uuid = submit(reporter_client)["melding"]["uuid"]
    _assign(coach_client, uuid, department)
    proposed = step(
        coach_client,
        uuid,
        "voorstellen",
        afhandeling="regel_blijft",
        onderbouwing="Wettelijk verplicht (art. 12).",
        interneNotitie="Concept",
    )
    assert proposed.status_code == 200, proposed.json()

    step(coach_client, uuid, "voorstel_goedkeuren", publiekBericht="De regel blijft.")

    report = RuleReport.objects.get(uuid=uuid)
    assert report.resolution == "regel_blijft"
    assert report.rule_owner_justification == "Wettelijk verplicht (art. 12)."
