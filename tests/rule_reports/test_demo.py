"""The demo rule reports: thirty reports in every state and privacy mode, walked through the
services; a closed triage session of last week with its decisions and the next one open;
loading again changes nothing."""

from collections import Counter

import pytest

from backend.organisations import demo as people_demo
from backend.outbox.models import OutboxEvent
from campaigns.rule_reports import demo, triage
from campaigns.rule_reports.models import (
    Escalation,
    ReportFollower,
    ReportTransition,
    RuleReport,
    TriageDecision,
    TriageSession,
)
from campaigns.rule_reports.workflow import Resolution, State


@pytest.fixture
def loaded(db):
    people_demo.load()
    demo.load()
    return RuleReport.objects.filter(organisation__slug="zeventerpen")


def test_thirty_reports_in_every_state(loaded):
    assert loaded.count() == len(demo.REPORTS) == 30
    assert Counter(loaded.values_list("state", flat=True)) == {
        State.SUBMITTED: 8,
        State.INFO_REQUESTED: 2,
        State.IN_PROGRESS: 7,
        State.RESOLUTION_PROPOSED: 2,
        State.ESCALATED: 1,
        State.REOPEN_REQUESTED: 1,
        State.CLOSED: 9,
    }
    assert set(loaded.exclude(resolution="").values_list("resolution", flat=True)) == {
        Resolution.FIXED_LOCALLY,
        Resolution.EXPLAINED,
        Resolution.RULE_KEPT,
        Resolution.DUPLICATE,
        Resolution.NOT_APPLICABLE,
        Resolution.WITHDRAWN,
    }


def test_every_privacy_mode_and_no_reporter_on_anonymous_reports(loaded):
    assert Counter(loaded.values_list("privacy", flat=True)) == {
        RuleReport.Privacy.NAMED: 17,
        RuleReport.Privacy.CONFIDENTIAL: 7,
        RuleReport.Privacy.ANONYMOUS: 6,
    }
    anonymous = loaded.filter(privacy=RuleReport.Privacy.ANONYMOUS)
    assert not anonymous.exclude(reporter=None).exists()
    assert not ReportTransition.objects.filter(report__in=anonymous, by_reporter=True).exclude(
        actor=None
    )
    assert not loaded.exclude(privacy=RuleReport.Privacy.ANONYMOUS).filter(reporter=None)


def test_the_steps_are_real_with_followers_a_duplicate_and_an_escalation(loaded):
    for report in loaded:
        steps = list(report.transitions.order_by("created_at", "id"))
        assert steps[0].action == "indienen"
        assert steps[-1].to_state == report.state
    assert OutboxEvent.objects.filter(kind=OutboxEvent.Kind.RULE_REPORT_UPDATE).count() > 30
    assert ReportFollower.objects.filter(report__in=loaded).count() >= 10
    duplicate = loaded.get(resolution=Resolution.DUPLICATE)
    assert duplicate.duplicate_of.resolution == Resolution.FIXED_LOCALLY
    escalation = Escalation.objects.get(report__in=loaded)
    assert escalation.recipient_body == "Ministerie van BZK"
    assert escalation.summary and escalation.report.state == State.ESCALATED
    assert loaded.get(defer_count=1).state == State.SUBMITTED


def test_a_past_session_closed_with_decisions_and_the_next_one_open(loaded):
    past, upcoming = TriageSession.objects.order_by("held_on")
    today = past.organisation.local_date(upcoming.created_at)
    assert past.status == TriageSession.Status.CLOSED and past.held_on < today
    decisions = Counter(past.decisions.values_list("decision", flat=True))
    assert decisions == {
        TriageDecision.Decision.ASSIGN: 3,
        TriageDecision.Decision.REQUEST_INFO: 2,
        TriageDecision.Decision.ESCALATE: 1,
        TriageDecision.Decision.CLOSE: 3,
        TriageDecision.Decision.DEFER: 1,
    }
    assert upcoming.status == TriageSession.Status.OPEN and upcoming.held_on > today
    agenda = triage.session_agenda(upcoming)
    assert agenda.count() == 8
    assert set(agenda.values_list("state", flat=True)) == {State.SUBMITTED}
    assert not upcoming.decisions.exists()


def test_loading_again_changes_nothing(loaded):
    before = (
        list(loaded.values()),
        ReportTransition.objects.count(),
        OutboxEvent.objects.count(),
        list(TriageSession.objects.values()),
    )
    demo.load()
    assert before == (
        list(loaded.values()),
        ReportTransition.objects.count(),
        OutboxEvent.objects.count(),
        list(TriageSession.objects.values()),
    )


def test_nothing_is_loaded_without_the_organisation(db):
    demo.load()
    assert not RuleReport.objects.exists()
