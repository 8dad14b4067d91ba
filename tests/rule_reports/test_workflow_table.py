"""The one transition table: its shape (no dead ends, everything reachable) and, through the
API, every (state, action, role) combination: what the table allows succeeds, everything
else is refused with a problem and changes nothing."""

from collections import deque

import pytest
from django.db import transaction

from backend.organisations.roles import Role
from backend.outbox.models import OutboxEvent
from campaigns.rule_reports.models import ReportTransition, RuleReport
from campaigns.rule_reports.workflow import TRANSITIONS, Action, Actor, State, transition_for
from tests.conftest import client_for
from tests.factories import DepartmentFactory, EmployeeFactory
from tests.helpers import assert_problem
from tests.rule_reports.conftest import step
from tests.rule_reports.walk import report_in


def test_every_state_has_a_way_out():
    for state in State:
        assert any(state in t.sources for t in TRANSITIONS), f"{state} is a dead end"


def test_every_state_is_reachable_from_submitted():
    seen, todo = {State.SUBMITTED}, deque([State.SUBMITTED])
    while todo:
        state = todo.popleft()
        for t in TRANSITIONS:
            if state in t.sources and t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    assert seen == set(State)


def test_each_state_action_pair_has_at_most_one_edge():
    for state in State:
        for action in Action:
            edges = [t for t in TRANSITIONS if t.action == action and state in t.sources]
            assert len(edges) <= 1, (state, action)


def test_closing_edges_say_which_resolutions_and_public_edges_exist():
    for t in TRANSITIONS:
        if t.target == State.CLOSED and t.action not in (
            Action.APPROVE_PROPOSAL,
            Action.REFUSE_REOPEN,
        ):
            assert t.resolutions, t.action
        assert t.actors, t.action


ROLES = ("coach", "reporter", "owner", "colleague")
ROLE_ACTOR = {"coach": Actor.COACH, "reporter": Actor.REPORTER, "owner": Actor.OWNER}


class _Rollback(Exception):
    pass


def _inputs(action, department, owner):
    fields = {
        "publiekBericht": "Zo staat het ervoor.",
        "interneNotitie": "intern",
        "eigenaarAfdeling": str(department.uuid),
        "eigenaar": str(owner.uuid),
        "ontvanger": "Ministerie van BZK",
        "samenvatting": "Samenvatting door de coach.",
    }
    if action == Action.CLOSE:
        fields.update(afhandeling="regel_blijft", onderbouwing="Wettelijk verplicht.")
    if action == Action.PROPOSE:
        fields["afhandeling"] = "uitgelegd"
    return fields


@pytest.fixture
def cast(zeventerpen):
    department = DepartmentFactory(organisation=zeventerpen)
    people = {
        "coach": EmployeeFactory(organisation=zeventerpen, roles=[Role.RULE_COACH]),
        "reporter": EmployeeFactory(organisation=zeventerpen),
        "owner": EmployeeFactory(organisation=zeventerpen),
        "colleague": EmployeeFactory(organisation=zeventerpen),
    }
    clients = {role: client_for(person) for role, person in people.items()}
    return department, people, clients


@pytest.mark.parametrize("state", list(State), ids=lambda s: s.value)
def test_every_state_action_role_combination(cast, state):
    department, people, clients = cast
    report = report_in(
        state,
        reporter=people["reporter"],
        coach=people["coach"],
        department=department,
        owner=people["owner"],
    )
    before = (ReportTransition.objects.count(), OutboxEvent.objects.count())
    outcomes = {}
    for action in Action:
        edge = transition_for(state, action)
        for role in ROLES:
            allowed = edge is not None and role in ROLE_ACTOR and ROLE_ACTOR[role] in edge.actors
            try:
                with transaction.atomic():
                    response = step(
                        clients[role],
                        report.uuid,
                        action.value,
                        verwachteStatus=state.value,
                        **_inputs(action, department, people["owner"]),
                    )
                    fresh = RuleReport.objects.get(pk=report.pk)
                    counts = (ReportTransition.objects.count(), OutboxEvent.objects.count())
                    if allowed:
                        assert response.status_code == 200, (action, role, response.json())
                        assert fresh.state == edge.target, (action, role)
                        assert counts[0] == before[0] + 1
                        assert (counts[1] > before[1]) == edge.public or role == "reporter"
                    else:
                        if role == "colleague":
                            assert_problem(response, 404)
                        elif edge is None:
                            assert_problem(response, 400, code="transition_not_allowed")
                        else:
                            assert_problem(response, 403, code="not_your_step")
                        assert fresh.state == state and counts == before, (action, role)
                    outcomes[action, role] = response.status_code
                    raise _Rollback
            except _Rollback:
                pass
    assert RuleReport.objects.get(pk=report.pk).state == state
    # every edge out of this state was taken by every actor that may take it
    for t in TRANSITIONS:
        if state in t.sources:
            for role, actor in ROLE_ACTOR.items():
                if actor in t.actors:
                    assert outcomes[t.action, role] == 200
