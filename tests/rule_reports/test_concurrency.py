"""Two steps on the same report at once (PostgreSQL: row locks): exactly one wins, the other
is told the report is busy or changed, and exactly one step is recorded."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from backend.common.errors import Conflict
from backend.organisations.roles import Role
from campaigns.rule_reports import services
from campaigns.rule_reports.models import ReportTransition, RuleReport
from campaigns.rule_reports.workflow import Action, State
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrganisationFactory
from tests.helpers import assert_problem
from tests.rule_reports.walk import new_report

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update nowait) need PostgreSQL; SQLite locks the file",
    ),
]


@pytest.fixture
def setting():
    organisation = OrganisationFactory(slug="gelijktijdig")
    coach = EmployeeFactory(organisation=organisation, roles=[Role.RULE_COACH])
    other_coach = EmployeeFactory(organisation=organisation, roles=[Role.RULE_COACH])
    reporter = EmployeeFactory(organisation=organisation)
    report, _ = new_report(reporter)
    return report, coach, other_coach


def _ask(report, coach, expected_state=None):
    return services.report_transition(
        organisation_id=report.organisation_id,
        report_uuid=report.uuid,
        action=Action.REQUEST_INFO,
        employee=coach,
        expected_state=expected_state,
        public_message=f"Vraag van {coach.pk}",
    )


def _in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as exc:
            results[key] = exc
        finally:
            connections.close_all()

    return threading.Thread(target=run)


def test_two_steps_at_once_one_wins_the_other_is_busy(setting):
    report, coach, other_coach = setting
    barrier = threading.Barrier(2)
    locked = threading.Event()
    results = {}

    def first():
        with transaction.atomic():
            step = _ask(report, coach, State.SUBMITTED)  # holds the row lock until commit
            locked.set()
            barrier.wait(timeout=5)
            time.sleep(0.3)  # the other tries while we hold the lock
            return step

    def second():
        locked.wait(timeout=5)
        barrier.wait(timeout=5)
        return _ask(report, other_coach, State.SUBMITTED)

    threads = [_in_thread(first, results, "first"), _in_thread(second, results, "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert isinstance(results["first"], ReportTransition), results
    assert isinstance(results["second"], Conflict), results
    assert results["second"].code == "report_busy"
    assert ReportTransition.objects.filter(report=report).count() == 2  # submission + one
    assert RuleReport.objects.get(pk=report.pk).state == State.INFO_REQUESTED


def test_racing_threads_record_exactly_one_step(setting):
    report, coach, other_coach = setting
    barrier = threading.Barrier(2)
    results = {}

    def attempt(who):
        def go():
            barrier.wait(timeout=5)
            return _ask(report, who, State.SUBMITTED)

        return go

    threads = [
        _in_thread(attempt(coach), results, "a"),
        _in_thread(attempt(other_coach), results, "b"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    outcomes = sorted(type(r).__name__ for r in results.values())
    assert outcomes == ["Conflict", "ReportTransition"], results
    conflict = next(r for r in results.values() if isinstance(r, Conflict))
    assert conflict.code in ("report_busy", "state_changed")
    assert ReportTransition.objects.filter(report=report, action="vraag_stellen").count() == 1


def test_the_api_answers_409_while_another_holds_the_report(setting):
    report, _coach, other_coach = setting
    client = client_for(other_coach)
    holding, release = threading.Event(), threading.Event()
    results = {}

    def hold():
        with transaction.atomic():
            list(RuleReport.objects.select_for_update().filter(pk=report.pk))
            holding.set()
            release.wait(timeout=5)

    thread = _in_thread(hold, results, "hold")
    thread.start()
    try:
        assert holding.wait(timeout=5)
        response = client.post(
            f"/api/v1/regelmeldingen/{report.uuid}/stappen",
            {"actie": "vraag_stellen", "publiekBericht": "Welk formulier?"},
        )
    finally:
        release.set()
        thread.join(timeout=10)

    assert_problem(response, 409, code="report_busy")
    assert ReportTransition.objects.filter(report=report).count() == 1
    assert RuleReport.objects.get(pk=report.pk).state == State.SUBMITTED
