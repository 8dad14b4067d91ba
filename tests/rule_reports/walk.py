"""Service-level builders for rule-report tests: a report in any state, reached by walking
legal steps through the one transition service (only ``owner`` and ``triaged_at`` are set
directly where the walk cannot give them)."""

from campaigns.rule_reports import services
from campaigns.rule_reports.models import RuleReport
from campaigns.rule_reports.workflow import Action, State

TEXT = {
    "rule": "Voor een parkeervergunning moet een uittreksel van de BRP op papier mee.",
    "where_met": "Aanvraag parkeervergunning aan de balie",
    "impact": "Inwoners moeten twee keer komen.",
    "better": "Zelf de BRP raadplegen.",
    "origin": "eigen_organisatie",
}


def new_report(reporter, *, privacy="met_naam", **changes):
    report, code = services.report_submit(reporter=reporter, privacy=privacy, **{**TEXT, **changes})
    return report, code


def take(report, action, *, employee=None, follow_code=None, **fields):
    fields.setdefault("public_message", f"Bericht bij {action.value}")
    return services.report_transition(
        organisation_id=report.organisation_id,
        report_uuid=report.uuid,
        action=action,
        employee=employee,
        follow_code=follow_code,
        **fields,
    )


def assign(report, coach, department, owner=None):
    return take(
        report,
        Action.ASSIGN,
        employee=coach,
        owner_department_uuid=department.uuid,
        owner_uuid=owner.uuid if owner else None,
    )


def report_in(state, *, reporter, coach, department, owner=None):
    """A named report of ``reporter`` in ``state``; ``owner`` (if given) owns it in every
    state (set directly for states before assignment)."""
    report, _code = new_report(reporter)
    if state == State.INFO_REQUESTED:
        take(report, Action.REQUEST_INFO, employee=coach)
        # before any triage decision, so the reporter may still withdraw
        RuleReport.objects.filter(pk=report.pk).update(triaged_at=None)
    elif state in (State.IN_PROGRESS, State.RESOLUTION_PROPOSED):
        assign(report, coach, department, owner)
        if state == State.RESOLUTION_PROPOSED:
            take(report, Action.PROPOSE, employee=coach, resolution="uitgelegd")
    elif state == State.ESCALATED:
        take(report, Action.ESCALATE, employee=coach, recipient_body="BZK", summary="Samenvatting")
    elif state in (State.CLOSED, State.REOPEN_REQUESTED):
        take(report, Action.CLOSE, employee=coach, resolution="uitgelegd")
        if state == State.REOPEN_REQUESTED:
            take(report, Action.ASK_REOPEN, employee=reporter)
    if owner is not None:
        RuleReport.objects.filter(pk=report.pk).update(owner=owner)
    report.refresh_from_db()
    assert report.state == state
    return report
