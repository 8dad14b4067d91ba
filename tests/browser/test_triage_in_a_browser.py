"""The weekly triage as the demo coach runs it in the admin, in Dutch: open the session that
is waiting, decide on every report on its agenda (assign to a department with a message,
defer with a reason, close with a resolution, ask the reporter a question), close it."""

import pytest

from backend.organisations import demo as people_demo
from campaigns.rule_reports import demo, triage
from campaigns.rule_reports.models import RuleReport, TriageDecision, TriageSession
from campaigns.rule_reports.workflow import State
from tests.browser.conftest import run_admin_action, sign_in_to_admin

SESSIONS = "/admin/rule_reports/triagesession/"


@pytest.fixture
def demo_triage(transactional_db):
    people_demo.load()
    demo.load()
    return TriageSession.objects.get(status=TriageSession.Status.OPEN)


def _decide(page, fields):
    page.locator("#agenda a.decide").first.click()
    page.wait_for_load_state()
    page.select_option("#id_decision", fields.pop("decision"))
    for name, value in fields.items():
        if name in ("owner_department", "resolution"):
            page.select_option(f"#id_{name}", **value)
        else:
            page.fill(f"#id_{name}", value)
    page.click("input[name=_decide]")
    page.wait_for_load_state()
    assert not page.locator(".errornote, .errorlist").count(), page.content()[:2000]
    assert "/change/" in page.url


def test_the_coach_decides_every_agenda_item_and_closes_the_session(demo_triage, new_page):
    session = demo_triage
    agenda = list(triage.session_agenda(session))
    assert len(agenda) >= 4
    plan = [
        {
            "decision": "toewijzen",
            "owner_department": {"label": "Belastingen"},
            "public_message": "Belastingen gaat dit oppakken.",
        },
        {"decision": "uitstellen", "reason": "Eerst navragen bij Facilitair."},
        {
            "decision": "afsluiten",
            "resolution": {"value": "uitgelegd"},
            "public_message": "Dit is al geregeld; zie de nieuwe werkinstructie.",
        },
    ]
    plan += [
        {"decision": "vraag_stellen", "public_message": "Waar kwam u dit precies tegen?"}
        for _ in agenda[len(plan) :]
    ]

    page = new_page()
    sign_in_to_admin(page, "demo-coach", people_demo.DEMO_PASSWORD)
    assert page.url.endswith("/admin/")
    page.goto(SESSIONS)
    assert page.locator("html").get_attribute("lang") == "nl"
    page.locator("#result_list tr", has_text=session.held_on.isoformat()).locator("a").first.click()
    page.wait_for_load_state()
    assert page.locator("#agenda tr.agenda-item").count() == len(agenda)

    for fields in plan:
        _decide(page, dict(fields))
    assert not page.locator("#agenda a.decide").count()

    messages = run_admin_action(page, SESSIONS, session.held_on.isoformat(), "close_session")
    assert "error" not in page.locator(".messagelist li").first.get_attribute("class")
    assert messages

    session.refresh_from_db()
    assert session.status == TriageSession.Status.CLOSED
    decisions = {d.report_id: d for d in session.decisions.select_related("transition")}
    assert set(decisions) == {report.pk for report in agenda}
    for report, fields in zip(agenda, plan, strict=True):
        decision = decisions[report.pk]
        assert decision.decision == fields["decision"]
        assert decision.decided_by.user.username == "demo-coach"
        report = RuleReport.objects.get(pk=report.pk)
        if fields["decision"] == TriageDecision.Decision.DEFER:
            assert decision.reason == "Eerst navragen bij Facilitair."
            assert decision.transition is None and report.state == State.SUBMITTED
            continue
        assert decision.transition.public_message == fields["public_message"]
        if fields["decision"] == "toewijzen":
            assert report.state == State.IN_PROGRESS
            assert report.owner_department.name == "Belastingen"
        elif fields["decision"] == "afsluiten":
            assert (report.state, report.resolution) == (State.CLOSED, "uitgelegd")
        else:
            assert report.state == State.INFO_REQUESTED
