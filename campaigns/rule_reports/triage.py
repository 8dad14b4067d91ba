"""The weekly triage session: its agenda is every report submitted before the cut-off that
still waits for a decision; every item gets one (a step of the report, or a deferral with a
reason); the session closes only when none is left without one."""

import datetime
import uuid

from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.audit.services import audit_record, snapshot
from backend.common.errors import Conflict, InvalidInput, NotAllowed, NotFound
from backend.organisations.models import Employee
from backend.organisations.roles import Role
from campaigns.rule_reports.models import RuleReport, TriageDecision, TriageSession
from campaigns.rule_reports.services import report_transition
from campaigns.rule_reports.workflow import Action, State

DECISION_ACTIONS = {
    TriageDecision.Decision.ASSIGN: Action.ASSIGN,
    TriageDecision.Decision.REQUEST_INFO: Action.REQUEST_INFO,
    TriageDecision.Decision.ESCALATE: Action.ESCALATE,
    TriageDecision.Decision.CLOSE: Action.CLOSE,
}


def _coach(employee: Employee) -> None:
    if not employee.has_role(Role.RULE_COACH):
        raise NotAllowed()


def session_agenda(session: TriageSession) -> QuerySet[RuleReport]:
    """Reports submitted before the cut-off that wait for triage, and those this session
    already decided on (so the agenda stays whole after a decision)."""
    decided_here = TriageDecision.objects.filter(session=session, report=OuterRef("pk"))
    if session.status == TriageSession.Status.CLOSED:  # a closed session's agenda is fixed
        return (
            RuleReport.objects.filter(organisation_id=session.organisation_id)
            .filter(Exists(decided_here))
            .order_by("submitted_at", "pk")
        )
    waiting = RuleReport.objects.filter(
        organisation_id=session.organisation_id,
        submitted_at__lt=session.cutoff,
        state=State.SUBMITTED,
    )
    return (
        RuleReport.objects.filter(organisation_id=session.organisation_id)
        .filter(Exists(decided_here) | Exists(waiting.filter(pk=OuterRef("pk"))))
        .order_by("submitted_at", "pk")
    )


def undecided(session: TriageSession) -> QuerySet[RuleReport]:
    decided_here = TriageDecision.objects.filter(session=session, report=OuterRef("pk"))
    return session_agenda(session).exclude(Exists(decided_here))


@transaction.atomic
def session_open(
    *, coach: Employee, held_on: datetime.date, cutoff: datetime.datetime | None = None
) -> TriageSession:
    _coach(coach)
    if TriageSession.objects.filter(
        organisation_id=coach.organisation_id, status=TriageSession.Status.OPEN
    ).exists():
        raise Conflict(_("Close the open triage session first."), code="session_open")
    return TriageSession.objects.create(
        organisation_id=coach.organisation_id,
        held_on=held_on,
        cutoff=cutoff or coach.organisation.start_of_day(held_on),
    )


def _open_session(coach, session_uuid) -> TriageSession:
    session = (
        TriageSession.objects.select_for_update()
        .filter(organisation_id=coach.organisation_id, uuid=session_uuid)
        .first()
    )
    if session is None:
        raise NotFound()
    if session.status != TriageSession.Status.OPEN:
        raise Conflict(_("This triage session is closed."), code="session_closed")
    return session


@transaction.atomic
def session_decide(
    *,
    coach: Employee,
    session_uuid: uuid.UUID,
    report_uuid: uuid.UUID,
    decision: str,
    reason: str = "",
    now: datetime.datetime | None = None,
    **step,
) -> TriageDecision:
    """One decision for an agenda item: a step of the report (with what that step needs), or
    a deferral with a reason. A report deferred twice is flagged."""
    _coach(coach)
    session = _open_session(coach, session_uuid)
    report = session_agenda(session).filter(uuid=report_uuid).first()
    if report is None:
        raise InvalidInput(
            params={"melding": [_("This report is not on the agenda of this session.")]},
            code="not_on_agenda",
        )
    if TriageDecision.objects.filter(session=session, report=report).exists():
        raise Conflict(_("This report already has a decision in this session."), code="decided")
    if decision not in TriageDecision.Decision.values:
        raise InvalidInput(params={"besluit": [_("Unknown decision.")]}, code="invalid")
    transition = None
    if decision == TriageDecision.Decision.DEFER:
        if not reason.strip():
            raise InvalidInput(
                params={"reden": [_("Say why the decision is deferred.")]}, code="reason_required"
            )
        RuleReport.objects.filter(pk=report.pk).update(
            defer_count=F("defer_count") + 1, updated_at=timezone.now()
        )
    else:
        transition = report_transition(
            organisation_id=coach.organisation_id,
            report_uuid=report.uuid,
            action=DECISION_ACTIONS[decision],
            employee=coach,
            expected_state=State.SUBMITTED,
            now=now,
            **step,
        )
    recorded = TriageDecision.objects.create(
        session=session,
        report=report,
        decision=decision,
        decided_by=coach,
        reason=reason.strip(),
        transition=transition,
    )
    audit_record(actor=coach, action="triage:besluit", obj=recorded, after=snapshot(recorded))
    return recorded


@transaction.atomic
def session_close(
    *, coach: Employee, session_uuid: uuid.UUID, now: datetime.datetime | None = None
) -> TriageSession:
    _coach(coach)
    session = _open_session(coach, session_uuid)
    left = undecided(session).count()
    if left:
        raise Conflict(
            _("%(count)s reports on the agenda still need a decision.") % {"count": left},
            code="agenda_not_done",
        )
    session.status = TriageSession.Status.CLOSED
    session.closed_at = now or timezone.now()
    session.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(actor=coach, action="triage:sluiten", obj=session, after=snapshot(session))
    return session
