"""Notifications of report steps: one OutboxEvent per recipient of a visible step (reporter
and followers, never the one who acts), none for internal steps or an anonymous reporter."""

import pytest

from backend.organisations.roles import Role
from backend.outbox.models import OutboxEvent
from campaigns.rule_reports import services
from campaigns.rule_reports.models import ReportFollower
from campaigns.rule_reports.workflow import TRANSITIONS, Action, State
from tests.factories import DepartmentFactory, EmployeeFactory
from tests.rule_reports.walk import assign, new_report, report_in, take

KIND = "rule_report_update"


@pytest.fixture
def department(zeventerpen):
    return DepartmentFactory(organisation=zeventerpen)


@pytest.fixture
def followers(zeventerpen):
    return [EmployeeFactory(organisation=zeventerpen) for _ in range(2)]


def _events_for(step):
    return sorted(
        OutboxEvent.objects.filter(kind=KIND, subject_uuid=step.uuid).values_list(
            "employee_id", flat=True
        )
    )


def _follow(report, people):
    for person in people:
        services.report_follow(employee=person, report_uuid=report.uuid)


def _coach_edges():
    for t in TRANSITIONS:
        for source in sorted(t.sources):
            if "ontregelcoach" in t.actors:
                yield pytest.param(source, t.action, id=f"{source.value}-{t.action.value}")


def _fields(action, department):
    fields = {
        "owner_department_uuid": department.uuid,
        "recipient_body": "BZK",
        "summary": "Samenvatting",
    }
    if action in (Action.CLOSE, Action.PROPOSE):
        fields["resolution"] = "uitgelegd"
    return fields


@pytest.mark.parametrize(("state", "action"), list(_coach_edges()))
def test_each_coach_step_notifies_reporter_and_followers_once_or_nobody_if_internal(
    state, action, reporter, coach, followers, department
):
    report = report_in(state, reporter=reporter, coach=coach, department=department)
    _follow(report, followers)
    _follow(report, [coach])  # the acting coach follows too, and still hears nothing

    step = take(report, action, employee=coach, **_fields(action, department))

    edge = next(t for t in TRANSITIONS if t.action == action and state in t.sources)
    if edge.public:
        assert _events_for(step) == sorted([reporter.pk, *(f.pk for f in followers)])
    else:
        assert _events_for(step) == []


@pytest.mark.parametrize("action", [Action.REASSIGN, Action.PROPOSE, Action.REJECT_PROPOSAL])
def test_internal_steps_notify_nobody(action, reporter, coach, followers, department):
    report = report_in(
        State.RESOLUTION_PROPOSED if action == Action.REJECT_PROPOSAL else State.IN_PROGRESS,
        reporter=reporter,
        coach=coach,
        department=department,
    )
    _follow(report, followers)
    before = OutboxEvent.objects.count()

    take(report, action, employee=coach, public_message="", **_fields(action, department))

    assert OutboxEvent.objects.count() == before


def test_a_reporters_own_step_notifies_the_followers_not_the_reporter(
    reporter, coach, followers, department
):
    report = report_in(State.INFO_REQUESTED, reporter=reporter, coach=coach, department=department)
    _follow(report, followers)

    step = take(report, Action.ANSWER, employee=reporter)

    assert _events_for(step) == sorted(f.pk for f in followers)


def test_the_acknowledgement_is_one_event_for_the_reporter(reporter):
    report, _code = new_report(reporter)

    assert list(OutboxEvent.objects.values_list("employee_id", "kind")) == [(reporter.pk, KIND)]
    assert report.transitions.get().uuid == OutboxEvent.objects.get().subject_uuid


def test_an_anonymous_reporter_is_never_notified(reporter, coach, followers, department):
    report, code = new_report(reporter, privacy="anoniem")
    assert not OutboxEvent.objects.exists()
    _follow(report, followers)

    asked = take(report, Action.REQUEST_INFO, employee=coach)
    answered = take(report, Action.ANSWER, employee=reporter, follow_code=code)
    assigned = assign(report, coach, department)

    for step in (asked, answered, assigned):
        assert _events_for(step) == sorted(f.pk for f in followers)
    assert not OutboxEvent.objects.filter(employee=reporter).exists()


def test_closing_as_duplicate_moves_people_to_the_original_and_they_hear_it_once(
    zeventerpen, reporter, coach, followers, department
):
    original_reporter = EmployeeFactory(organisation=zeventerpen)
    original, _ = new_report(original_reporter)
    duplicate, _ = new_report(reporter)
    _follow(duplicate, followers)
    _follow(original, [followers[0]])  # already follows the original too

    take(
        duplicate,
        Action.CLOSE,
        employee=coach,
        resolution="dubbel",
        duplicate_of_uuid=original.uuid,
    )

    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original and duplicate.resolution == "dubbel"
    assert set(
        ReportFollower.objects.filter(report=original).values_list("employee_id", flat=True)
    ) == {reporter.pk, followers[0].pk, followers[1].pk}
    step = assign(original, coach, department)
    assert _events_for(step) == sorted(
        [original_reporter.pk, reporter.pk, followers[0].pk, followers[1].pk]
    )


def test_a_duplicate_of_a_duplicate_is_refused(zeventerpen, reporter, coach):
    from backend.common.errors import InvalidInput

    first, _ = new_report(reporter)
    second, _ = new_report(reporter)
    third, _ = new_report(reporter)
    take(second, Action.CLOSE, employee=coach, resolution="dubbel", duplicate_of_uuid=first.uuid)

    with pytest.raises(InvalidInput):
        take(
            third, Action.CLOSE, employee=coach, resolution="dubbel", duplicate_of_uuid=second.uuid
        )
    with pytest.raises(InvalidInput):
        take(third, Action.CLOSE, employee=coach, resolution="dubbel", duplicate_of_uuid=third.uuid)


def test_a_coach_who_is_a_follower_does_not_hear_their_own_step(zeventerpen, reporter, department):
    coach = EmployeeFactory(organisation=zeventerpen, roles=[Role.RULE_COACH])
    report, _ = new_report(reporter)
    _follow(report, [coach])

    step = take(report, Action.REQUEST_INFO, employee=coach)

    assert _events_for(step) == [reporter.pk]
