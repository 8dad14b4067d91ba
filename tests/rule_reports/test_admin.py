"""Rule reports in the admin, as a coach uses it: every step is an admin action that goes
through the transition service (a step appends a transition and notifications; a step the
table does not have is an error and changes nothing), the state is never a form field, an
anonymous reporter shows nowhere, and the triage session is run through its services.
(Another organisation's objects are a 404: tests/contract/test_tenant_isolation.py.)"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from backend.organisations.models import Employee
from backend.outbox.models import OutboxEvent
from campaigns.rule_reports import triage
from campaigns.rule_reports.models import (
    Programme,
    ReportFollower,
    ReportTransition,
    RuleReport,
    TriageDecision,
    TriageSession,
)
from campaigns.rule_reports.services import report_submit
from campaigns.rule_reports.workflow import State
from tests.factories import DepartmentFactory, EmployeeFactory

REPORTS = "/admin/rule_reports/rulereport/"
SESSIONS = "/admin/rule_reports/triagesession/"


@pytest.fixture
def admin_client_for(coach):
    client = Client()
    client.force_login(coach.user)
    return client


def _report(reporter, privacy="met_naam", **changes):
    report, _code = report_submit(
        reporter=reporter,
        rule=changes.pop("rule", "Een uittreksel uit de BRP op papier voor een parkeervergunning."),
        where_met="Balie Stadswinkel",
        impact="Inwoners komen twee keer.",
        better="",
        origin="eigen_organisatie",
        privacy=privacy,
    )
    return report


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _action(client, report, action, **fields):
    return client.post(
        REPORTS,
        {"action": f"step_{action}", "_selected_action": [report.pk], **fields},
        follow=True,
    )


def test_an_action_first_asks_what_the_step_needs(admin_client_for, reporter):
    report = _report(reporter)
    response = admin_client_for.post(
        REPORTS, {"action": "step_toewijzen", "_selected_action": [report.pk]}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"public_message", "internal_note", "owner_department", "due_on"} <= set(form.fields)
    assert "recipient_body" not in form.fields
    assert not ReportTransition.objects.exclude(action="indienen").exists()


def test_a_step_through_the_admin_goes_through_the_service(
    admin_client_for, reporter, coach, zeventerpen
):
    report = _report(reporter)
    follower = EmployeeFactory(organisation=zeventerpen)
    ReportFollower.objects.create(report=report, employee=follower)
    department = DepartmentFactory(organisation=zeventerpen, name="Vergunningen")
    events_before = OutboxEvent.objects.count()

    response = _action(
        admin_client_for,
        report,
        "toewijzen",
        apply="1",
        public_message="Vergunningen gaat dit uitzoeken.",
        internal_note="Eerst met de teamleider bespreken.",
        owner_department=department.pk,
    )

    assert response.status_code == 200
    report.refresh_from_db()
    assert report.state == State.IN_PROGRESS
    assert report.owner_department == department
    step = report.transitions.order_by("created_at", "id").last()
    assert (step.action, step.from_state, step.to_state) == (
        "toewijzen",
        "ingediend",
        "in_behandeling",
    )
    assert step.actor == coach
    assert step.public_message == "Vergunningen gaat dit uitzoeken."
    assert step.internal_note == "Eerst met de teamleider bespreken."
    recipients = set(
        OutboxEvent.objects.filter(subject_uuid=step.uuid).values_list("employee_id", flat=True)
    )
    assert recipients == {reporter.pk, follower.pk}
    assert OutboxEvent.objects.count() == events_before + 2
    page = admin_client_for.get(f"{REPORTS}{report.pk}/change/").content.decode()
    assert "Vergunningen gaat dit uitzoeken." in page
    assert "Eerst met de teamleider bespreken." in page


def test_a_step_the_table_does_not_have_is_an_error_and_changes_nothing(admin_client_for, reporter):
    report = _report(reporter)
    before = RuleReport.objects.filter(pk=report.pk).values().get()
    steps, events = ReportTransition.objects.count(), OutboxEvent.objects.count()

    response = _action(
        admin_client_for, report, "voorstel_goedkeuren", apply="1", public_message="Goedgekeurd."
    )

    assert any("voorstel_goedkeuren" in m for m in _messages(response)), _messages(response)
    assert RuleReport.objects.filter(pk=report.pk).values().get() == before
    assert (ReportTransition.objects.count(), OutboxEvent.objects.count()) == (steps, events)


def test_a_step_without_what_it_needs_is_an_error_and_changes_nothing(admin_client_for, reporter):
    report = _report(reporter)
    response = _action(admin_client_for, report, "doorzetten", apply="1", public_message="Weg.")
    assert _messages(response)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert not hasattr(report, "escalation") or report.escalation is None


def test_the_state_cannot_be_changed_through_the_change_form(admin_client_for, reporter):
    report = _report(reporter)
    page = admin_client_for.get(f"{REPORTS}{report.pk}/change/")
    assert page.status_code == 200
    assert 'name="state"' not in page.content.decode()
    before = RuleReport.objects.filter(pk=report.pk).values().get()

    admin_client_for.post(
        f"{REPORTS}{report.pk}/change/",
        {
            "state": State.CLOSED,
            "resolution": "uitgelegd",
            "owner_department": "",
            "edit_stamp": page.context["adminform"].form["edit_stamp"].value(),
            "_save": "1",
        },
    )

    assert RuleReport.objects.filter(pk=report.pk).values().get() == before
    assert ReportTransition.objects.filter(report=report).count() == 1


def test_an_anonymous_reporter_is_on_no_admin_page(admin_client_for, reporter, zeventerpen):
    report = _report(reporter, privacy="anoniem")
    named = _report(
        EmployeeFactory(organisation=zeventerpen, first_name="Zeynep", last_name="Kaya")
    )
    pages = [
        REPORTS,
        f"{REPORTS}{report.pk}/change/",
        f"{REPORTS}{report.pk}/history/",
        "/admin/rule_reports/reporttransition/",
        f"/admin/rule_reports/reporttransition/{report.transitions.get().pk}/change/",
    ]
    for url in pages:
        response = admin_client_for.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert reporter.last_name not in content, url
    change = admin_client_for.get(f"{REPORTS}{report.pk}/change/").content.decode()
    assert "anoniem" in change or "anonymous" in change
    assert "Zeynep Kaya" in admin_client_for.get(f"{REPORTS}{named.pk}/change/").content.decode()


def test_transitions_cannot_be_added_changed_or_deleted(admin_client_for, reporter):
    step = _report(reporter).transitions.get()
    url = f"/admin/rule_reports/reporttransition/{step.pk}/"
    assert admin_client_for.get("/admin/rule_reports/reporttransition/add/").status_code == 403
    assert admin_client_for.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    admin_client_for.post(f"{url}change/", {"public_message": "Anders"})
    assert ReportTransition.objects.get(pk=step.pk).public_message == step.public_message


def test_the_overdue_and_session_filters(admin_client_for, reporter, coach):
    late = _report(reporter, rule="Te laat")
    RuleReport.objects.filter(pk=late.pk).update(triage_by=datetime.date(2020, 1, 7))
    on_time = _report(reporter, rule="Op tijd")
    response = admin_client_for.get(REPORTS, {"overdue": "yes"})
    assert list(response.context["cl"].queryset) == [late]
    session = triage.session_open(
        coach=coach, held_on=timezone.localdate() + datetime.timedelta(days=7)
    )
    response = admin_client_for.get(REPORTS, {"session": session.pk})
    assert set(response.context["cl"].queryset) == {late, on_time}


def test_a_coach_opens_decides_and_closes_a_session_in_the_admin(
    admin_client_for, reporter, coach, zeventerpen
):
    first, second = _report(reporter, rule="Eerste"), _report(reporter, rule="Tweede")
    department = DepartmentFactory(organisation=zeventerpen, name="Belastingen")
    held_on = timezone.localdate() + datetime.timedelta(days=3)

    response = admin_client_for.post(
        f"{SESSIONS}add/", {"held_on": held_on.isoformat(), "_save": "1"}, follow=True
    )
    session = TriageSession.objects.get()
    assert (session.status, session.held_on) == (TriageSession.Status.OPEN, held_on)
    # A second open session is refused by the service, as a form error.
    again = admin_client_for.post(f"{SESSIONS}add/", {"held_on": held_on.isoformat()})
    assert again.status_code == 200 and again.context["adminform"].form.errors
    assert TriageSession.objects.count() == 1

    change = admin_client_for.get(f"{SESSIONS}{session.pk}/change/").content.decode()
    assert "Eerste" in change and "Tweede" in change

    # Closing with items left is a 409 from the service: an error message.
    response = admin_client_for.post(
        SESSIONS, {"action": "close_session", "_selected_action": [session.pk]}, follow=True
    )
    assert any("2" in m for m in _messages(response))
    session.refresh_from_db()
    assert session.status == TriageSession.Status.OPEN

    decide = f"{SESSIONS}{session.pk}/besluit/"
    response = admin_client_for.post(
        f"{decide}{first.pk}/",
        {
            "decision": "toewijzen",
            "owner_department": department.pk,
            "public_message": "Belastingen pakt dit op.",
            "reason": "",
        },
    )
    assert response.status_code == 302
    # A deferral needs a reason: the service's refusal shows on the form.
    response = admin_client_for.post(f"{decide}{second.pk}/", {"decision": "uitstellen"})
    assert response.status_code == 200 and response.context["form"].errors
    response = admin_client_for.post(
        f"{decide}{second.pk}/", {"decision": "uitstellen", "reason": "Eerst navragen."}
    )
    assert response.status_code == 302

    admin_client_for.post(SESSIONS, {"action": "close_session", "_selected_action": [session.pk]})
    session.refresh_from_db()
    assert session.status == TriageSession.Status.CLOSED
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.owner_department) == (State.IN_PROGRESS, department)
    assert (second.state, second.defer_count) == (State.SUBMITTED, 1)
    decisions = dict(TriageDecision.objects.values_list("report__rule", "decision"))
    assert decisions == {"Eerste": "toewijzen", "Tweede": "uitstellen"}


def test_the_programme_is_the_coaches_own(admin_client_for, coach, zeventerpen):
    response = admin_client_for.post(
        "/admin/rule_reports/programme/add/",
        {"triage_weekday": 3, "resolution_days": 30, "update_days": 10, "reopen_days": 20},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    programme = Programme.objects.get(organisation=zeventerpen)
    assert (programme.triage_weekday, programme.resolution_days) == (3, 30)


def test_every_rule_report_admin_page_opens_for_the_demo_coach(db):
    from backend.organisations import demo as people_demo
    from campaigns.rule_reports import demo
    from campaigns.rule_reports.admin import COACH_ACTIONS

    people_demo.load()
    demo.load()
    client = Client()
    client.force_login(Employee.objects.get(user__username="demo-coach").user)
    report = RuleReport.objects.filter(privacy="anoniem").first()
    urls = [
        REPORTS,
        f"{REPORTS}?overdue=yes",
        f"{REPORTS}?session={TriageSession.objects.first().pk}",
        f"{REPORTS}{report.pk}/change/",
        "/admin/rule_reports/reporttransition/",
        SESSIONS,
        f"{SESSIONS}add/",
        "/admin/rule_reports/programme/",
        f"/admin/rule_reports/programme/{Programme.objects.get().pk}/change/",
        *(f"{SESSIONS}{session.pk}/change/" for session in TriageSession.objects.all()),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    for action in COACH_ACTIONS:
        response = client.post(
            REPORTS, {"action": f"step_{action.value}", "_selected_action": [report.pk]}
        )
        assert response.status_code == 200, action
        assert response.context["form"].fields, action


def test_moving_the_programme_to_another_department_keeps_its_history(zeventerpen):
    """In one city the legal department adopted the whole process: the earlier owner stays
    on record."""
    from campaigns.rule_reports.models import Programme
    from campaigns.rule_reports.services import programme_ownership_record
    from tests.factories import DepartmentFactory

    front_office, legal = DepartmentFactory.create_batch(2, organisation=zeventerpen)
    programme = Programme.objects.create(organisation=zeventerpen, owning_department=front_office)
    programme_ownership_record(programme=programme)
    programme.owning_department = legal
    programme.save()
    programme_ownership_record(programme=programme)
    programme_ownership_record(programme=programme)  # unchanged: nothing new

    assert [o.department for o in programme.ownerships.order_by("since", "pk")] == [
        front_office,
        legal,
    ]
