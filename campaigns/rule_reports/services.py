"""Writes for rule reports: submitting, following, and every state change through the one
transition service, which locks the report, checks the table (workflow.TRANSITIONS) and who
may, appends an immutable step and records the notifications in the same transaction.

An anonymous report keeps no link to its reporter: not on the report, not on its steps, not
as a follower, not in a notification. Its reporter follows it with a one-time code.
"""

import datetime
import hashlib
import secrets
import uuid

from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.audit.services import audit_record, snapshot
from backend.common.errors import Conflict, InvalidInput, NotAllowed, NotFound
from backend.organisations.models import Department, Employee, Organisation
from backend.organisations.roles import Role
from backend.outbox.models import OutboxEvent
from backend.outbox.services import outbox_event_record
from campaigns.rule_reports.models import (
    Escalation,
    Programme,
    ProgrammeOwnership,
    ReportFollower,
    ReportTransition,
    RuleReport,
)
from campaigns.rule_reports.workflow import Action, Actor, Resolution, State, transition_for

SUBMIT_ACTION = "indienen"
# The steps that decide how a report is followed up; a question to the reporter does not, so
# the reporter can still withdraw after one.
TRIAGE_DECISIONS = frozenset({Action.ASSIGN, Action.ESCALATE, Action.CLOSE})


def follow_code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def programme_for(organisation: Organisation) -> Programme:
    programme, _created = Programme.objects.get_or_create(organisation=organisation)
    return programme


def next_triage_day(programme: Programme, today: datetime.date) -> datetime.date:
    """The first session day after ``today`` (the weekly triage)."""
    days_ahead = (programme.triage_weekday - today.weekday() - 1) % 7 + 1
    return today + datetime.timedelta(days=days_ahead)


def _record_step(moment: datetime.datetime, **fields) -> ReportTransition:
    """Appends a step dated ``moment`` (the moment the service was told, so a step and the
    report's own dates agree; auto_now_add alone would take the clock)."""
    step = ReportTransition.objects.create(**fields)
    ReportTransition.objects.filter(pk=step.pk).update(created_at=moment)
    step.created_at = moment
    return step


def _notify(report: RuleReport, step: ReportTransition, *, except_employee: Employee | None):
    """One notification per recipient of a visible step: the reporter (when known) and the
    followers, never the one who took the step."""
    recipients = {follower.employee for follower in report.followers.select_related("employee")}
    if report.reporter is not None:
        recipients.add(report.reporter)
    for employee in recipients:
        if except_employee is not None and employee.pk == except_employee.pk:
            continue
        outbox_event_record(
            kind=OutboxEvent.Kind.RULE_REPORT_UPDATE,
            employee=employee,
            subject_uuid=step.uuid,
            deliver_after=step.created_at,
        )


@transaction.atomic
def report_submit(
    *,
    reporter: Employee,
    rule: str,
    where_met: str,
    impact: str,
    better: str,
    origin: str,
    privacy: str,
    department_uuid: uuid.UUID | None = None,
    now: datetime.datetime | None = None,
) -> tuple[RuleReport, str | None]:
    """Stores a report; returns it and, for an anonymous one, the follow-up code (shown once,
    only its hash is kept)."""
    now = now or timezone.now()
    organisation = reporter.organisation
    department = None
    if department_uuid is not None:
        department = Department.objects.filter(
            organisation=organisation, uuid=department_uuid
        ).first()
        if department is None:
            raise InvalidInput(
                params={"afdeling": [_("This department does not exist (or not for you).")]},
                code="not_found",
            )
    programme = Programme.objects.select_for_update().get(pk=programme_for(organisation).pk)
    number = (
        RuleReport.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    anonymous = privacy == RuleReport.Privacy.ANONYMOUS
    code = secrets.token_urlsafe(18) if anonymous else None
    report = RuleReport.objects.create(
        organisation=organisation,
        number=number,
        rule=rule.strip(),
        where_met=where_met.strip(),
        department=department,
        impact=impact.strip(),
        better=better.strip(),
        origin=origin,
        privacy=privacy,
        reporter=None if anonymous else reporter,
        follow_code_hash=follow_code_hash(code) if code else "",
        submitted_at=now,
        triage_by=next_triage_day(programme, organisation.local_date(now)),
    )
    step = _record_step(
        now,
        report=report,
        action=SUBMIT_ACTION,
        to_state=State.SUBMITTED,
        actor=None if anonymous else reporter,
        by_reporter=True,
        public_message=_("Thank you. Your report is on the agenda of the next triage session."),
    )
    if not anonymous:
        _notify(report, step, except_employee=None)  # the acknowledgement
    return report, code


@transaction.atomic
def report_follow(*, employee: Employee, report_uuid: uuid.UUID) -> RuleReport:
    """Support and follow an open report of one's organisation instead of filing it again."""
    report = RuleReport.objects.filter(
        organisation_id=employee.organisation_id, uuid=report_uuid
    ).first()
    if report is None:
        raise NotFound()
    if report.reporter_id != employee.pk:
        ReportFollower.objects.get_or_create(report=report, employee=employee)
    return report


def _actors(report: RuleReport, employee: Employee | None, follow_code: str | None) -> set[Actor]:
    actors = set()
    if employee is not None:
        if employee.has_role(Role.RULE_COACH):
            actors.add(Actor.COACH)
        if report.reporter_id is not None and report.reporter_id == employee.pk:
            actors.add(Actor.REPORTER)
        if report.owner_id is not None and report.owner_id == employee.pk:
            actors.add(Actor.OWNER)
    if (
        follow_code
        and report.follow_code_hash
        and secrets.compare_digest(follow_code_hash(follow_code), report.follow_code_hash)
    ):
        actors.add(Actor.REPORTER)
    return actors


def _locked(organisation_id, report_uuid) -> RuleReport:
    try:
        report = (
            RuleReport.objects.select_for_update(nowait=True, of=("self",))
            .select_related("organisation", "reporter")
            .filter(organisation_id=organisation_id, uuid=report_uuid)
            .first()
        )
    except DatabaseError as exc:  # another coach is changing it right now (PostgreSQL)
        raise Conflict(
            _("Someone else is changing this report right now. Try again."), code="report_busy"
        ) from exc
    if report is None:
        raise NotFound()
    return report


def _require(problems, field, value, message):
    if not value:
        problems[field] = [message]


def _duplicate_target(report, duplicate_of_uuid):
    original = RuleReport.objects.filter(
        organisation_id=report.organisation_id, uuid=duplicate_of_uuid
    ).first()
    if original is None or original.pk == report.pk:
        return None, _("Choose another report of your organisation.")
    if original.resolution == Resolution.DUPLICATE:
        return None, _("That report is itself a duplicate: choose its original.")
    return original, None


@transaction.atomic
def report_transition(
    *,
    organisation_id: int,
    report_uuid: uuid.UUID,
    action: Action,
    employee: Employee | None = None,
    follow_code: str | None = None,
    expected_state: State | None = None,
    public_message: str = "",
    internal_note: str = "",
    resolution: str = "",
    owner_department_uuid: uuid.UUID | None = None,
    owner_uuid: uuid.UUID | None = None,
    due_on: datetime.date | None = None,
    duplicate_of_uuid: uuid.UUID | None = None,
    recipient_body: str = "",
    summary: str = "",
    justification: str = "",
    now: datetime.datetime | None = None,
) -> ReportTransition:
    """Takes ``action`` on the report and returns the step it recorded. Refusals change
    nothing: 400 for a move the table does not have or input it needs, 403 for who may not,
    409 when the report changed meanwhile (``expected_state``) or is being changed."""
    now = now or timezone.now()
    report = _locked(organisation_id, report_uuid)
    before = snapshot(report)
    actors = _actors(report, employee, follow_code)
    if not actors:
        raise NotFound()  # not even visible to this caller
    state = State(report.state)
    if expected_state is not None and state != expected_state:
        raise Conflict(
            _("The report has changed in the meantime; it is now %(state)s.")
            % {"state": state.value},
            code="state_changed",
        )
    edge = transition_for(state, action)
    if edge is None:
        raise InvalidInput(
            _("From %(state)s, %(action)s is not possible.")
            % {"state": state.value, "action": action.value},
            code="transition_not_allowed",
        )
    if not edge.actors & actors:
        raise NotAllowed(_("You may not take this step on this report."), code="not_your_step")

    problems: dict[str, list[str]] = {}
    public_message, internal_note = public_message.strip(), internal_note.strip()
    if edge.public:
        _require(
            problems,
            "publiekBericht",
            public_message,
            _("Write the message the reporter and followers see."),
        )
    programme = programme_for(report.organisation)
    today = report.organisation.local_date(now)
    changes: dict[str, object] = {"state": edge.target}

    if action == Action.WITHDRAW and report.triaged_at is not None:
        raise InvalidInput(
            _("After triage a report can no longer be withdrawn."), code="already_triaged"
        )
    reopen_period = datetime.timedelta(days=programme.reopen_days)
    if action == Action.ASK_REOPEN and (
        report.closed_at is None or now - report.closed_at > reopen_period
    ):
        raise InvalidInput(
            _("Reopening can be asked within %(days)s days of closing.")
            % {"days": programme.reopen_days},
            code="reopen_period_over",
        )
    if action in (Action.ASSIGN, Action.REASSIGN):
        department = (
            Department.objects.filter(
                organisation_id=organisation_id, uuid=owner_department_uuid
            ).first()
            if owner_department_uuid
            else None
        )
        _require(problems, "eigenaarAfdeling", department, _("Choose the owning department."))
        owner = None
        if owner_uuid is not None:
            owner = Employee.objects.filter(
                organisation_id=organisation_id, uuid=owner_uuid
            ).first()
            _require(
                problems, "eigenaar", owner, _("This colleague does not exist (or not for you).")
            )
        if due_on is not None and due_on < today:
            problems["deadline"] = [_("The due date lies in the past.")]
        changes.update(
            owner_department=department,
            owner=owner,
            due_on=due_on
            or report.due_on
            or today + datetime.timedelta(days=programme.resolution_days),
            next_update_due=report.next_update_due
            if action == Action.REASSIGN
            else today + datetime.timedelta(days=programme.update_days),
        )
    if action == Action.ESCALATE:
        _require(problems, "ontvanger", recipient_body.strip(), _("Say which body it goes to."))
        _require(
            problems, "samenvatting", summary.strip(), _("Write the summary for the national body.")
        )
    chosen_resolution = resolution
    if action == Action.APPROVE_PROPOSAL:
        chosen_resolution = report.proposed_resolution
    if edge.resolutions:
        if len(edge.resolutions) == 1:
            chosen_resolution = next(iter(edge.resolutions)).value
        elif chosen_resolution not in edge.resolutions:
            problems["afhandeling"] = [
                _("Choose one of: %(choices)s")
                % {"choices": ", ".join(sorted(r.value for r in edge.resolutions))}
            ]
    original = None
    if chosen_resolution == Resolution.DUPLICATE and action == Action.CLOSE:
        original, message = (
            _duplicate_target(report, duplicate_of_uuid)
            if duplicate_of_uuid
            else (None, _("Say which report this duplicates."))
        )
        if message:
            problems["dubbelVan"] = [message]
    if chosen_resolution == Resolution.RULE_KEPT and action in (Action.CLOSE, Action.PROPOSE):
        _require(
            problems,
            "onderbouwing",
            justification.strip(),
            _("Give the rule owner's justification."),
        )
    if problems:
        raise InvalidInput(params=problems, code="invalid")

    if action == Action.PROPOSE:
        changes.update(
            proposed_resolution=chosen_resolution, proposed_message=public_message or internal_note
        )
    if chosen_resolution == Resolution.RULE_KEPT and action in (Action.CLOSE, Action.PROPOSE):
        changes["rule_owner_justification"] = justification.strip()
    if action == Action.REFUSE_REOPEN:
        pass  # back to closed as it was: the resolution and the closing moment stay
    elif edge.target == State.CLOSED:
        changes.update(
            resolution=chosen_resolution, closed_at=now, duplicate_of=original, next_update_due=None
        )
    if edge.target == State.SUBMITTED:
        changes.update(triage_by=next_triage_day(programme, today), resolution="", closed_at=None)
    if edge.target == State.ESCALATED:
        Escalation.objects.update_or_create(
            report=report,
            defaults={"recipient_body": recipient_body.strip(), "summary": summary.strip()},
        )
    if edge.target == State.IN_PROGRESS and action == Action.RESUME:
        changes["next_update_due"] = today + datetime.timedelta(days=programme.update_days)
    if action in TRIAGE_DECISIONS and report.triaged_at is None:
        changes["triaged_at"] = now
    for name, value in changes.items():
        setattr(report, name, value)
    report.save()

    by_reporter = Actor.REPORTER in actors and not (edge.actors & actors - {Actor.REPORTER})
    step = _record_step(
        now,
        report=report,
        action=action,
        from_state=state,
        to_state=edge.target,
        resolution=changes.get("resolution", "") or "",
        actor=None if (by_reporter and report.reporter_id is None) else employee,
        by_reporter=by_reporter,
        public_message=public_message if edge.public else "",
        internal_note=internal_note,
    )
    if original is not None:
        _merge_followers(report, original)
    if edge.public:
        _notify(report, step, except_employee=employee)
    if not by_reporter:  # a coach's or an owner's step
        audit_record(
            actor=employee,
            action=f"stap:{action}",
            obj=report,
            before=before,
            after=snapshot(report),
        )
    return step


def _merge_followers(duplicate: RuleReport, original: RuleReport) -> None:
    """The reporter and followers of a duplicate follow the original from now on."""
    people = {f.employee_id for f in duplicate.followers.all()}
    if duplicate.reporter_id is not None:
        people.add(duplicate.reporter_id)
    people.discard(original.reporter_id)
    for employee_id in people:
        ReportFollower.objects.get_or_create(report=original, employee_id=employee_id)


def may_change_attachments(report: RuleReport, employee: Employee, follow_code: str | None) -> bool:
    """The reporter (or the holder of an anonymous report's code) and the coaches."""
    return bool(_actors(report, employee, follow_code) & {Actor.REPORTER, Actor.COACH})


def programme_ownership_record(*, programme: Programme, now: datetime.datetime | None = None):
    """After the owning department changed (in one city the legal department adopted the
    whole process): append who owns the programme from now on; earlier owners stay listed."""
    if programme.owning_department_id is None:
        return None
    last = programme.ownerships.order_by("-since", "-pk").first()
    if last is not None and last.department_id == programme.owning_department_id:
        return last
    return ProgrammeOwnership.objects.create(
        programme=programme, department=programme.owning_department, since=now or timezone.now()
    )
