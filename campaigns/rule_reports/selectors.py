"""Reads for rule reports. Who sees what:

- coaches: every report of their organisation, with internal notes and, except for anonymous
  reports, who reported (confidential identities are for coaches only);
- the reporter: their own reports; followers: the reports they follow; an anonymous reporter:
  their report through its follow-up code. These views show public states and messages only.
"""

import datetime
import re

from django.db import connection
from django.db.models import BooleanField, Count, FloatField, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from backend.organisations.models import Employee
from backend.organisations.roles import Role
from campaigns.rule_reports.models import (
    Programme,
    ReportFollower,
    ReportTransition,
    RuleReport,
)
from campaigns.rule_reports.services import follow_code_hash
from campaigns.rule_reports.workflow import OPEN_STATES, State

SUGGESTION_LIMIT = 5
SEARCH_CONFIG = "dutch"


def is_coach(employee: Employee) -> bool:
    return employee.has_role(Role.RULE_COACH)


def with_details(reports: QuerySet[RuleReport]) -> QuerySet[RuleReport]:
    return (
        reports.select_related(
            "department", "owner_department", "owner", "reporter", "duplicate_of", "escalation"
        )
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=ReportTransition.objects.select_related("actor").order_by(
                    "created_at", "id"
                ),
            )
        )
        .annotate(follower_count=Count("followers", distinct=True))
    )


def reports_for_coach(
    *, coach: Employee, state: str | None = None, overdue_on: datetime.date | None = None
) -> QuerySet[RuleReport]:
    reports = RuleReport.objects.filter(organisation_id=coach.organisation_id)
    if state:
        reports = reports.filter(state=state)
    if overdue_on is not None:
        reports = reports.filter(overdue_filter(overdue_on))
    return with_details(reports).order_by("-submitted_at", "-pk")


def overdue_filter(today: datetime.date) -> Q:
    """Past its triage date while waiting, past its due date or update date while open."""
    return (
        Q(state=State.SUBMITTED, triage_by__lt=today)
        | Q(state__in=OPEN_STATES, due_on__lt=today)
        | Q(state__in=OPEN_STATES, next_update_due__lt=today)
    )


def my_reports(*, employee: Employee) -> QuerySet[RuleReport]:
    """Own (named or confidential) reports and followed ones."""
    followed = ReportFollower.objects.filter(employee=employee).values("report_id")
    return with_details(
        RuleReport.objects.filter(organisation_id=employee.organisation_id).filter(
            Q(reporter=employee) | Q(pk__in=followed)
        )
    ).order_by("-submitted_at", "-pk")


def report_for(*, employee: Employee, report_uuid) -> tuple[RuleReport | None, str]:
    """The report and how the employee sees it: "coach", "reporter", "owner", "follower",
    or (None, "") when they may not see it."""
    report = (
        with_details(RuleReport.objects.filter(organisation_id=employee.organisation_id))
        .filter(uuid=report_uuid)
        .first()
    )
    if report is None:
        return None, ""
    if is_coach(employee):
        return report, "coach"
    if report.reporter_id == employee.pk:
        return report, "reporter"
    if report.owner_id == employee.pk:
        return report, "owner"
    if ReportFollower.objects.filter(report=report, employee=employee).exists():
        return report, "follower"
    return None, ""


def report_exists(*, employee: Employee, report_uuid) -> bool:
    """Whether the uuid is a report of the employee's organisation (who may see it is for the
    service to say: an anonymous reporter is known only by the code in the request)."""
    return RuleReport.objects.filter(
        organisation_id=employee.organisation_id, uuid=report_uuid
    ).exists()


def report_by_code(*, employee: Employee, code: str) -> RuleReport | None:
    """An anonymous report, found by its follow-up code (in the caller's organisation)."""
    if not code:
        return None
    return (
        with_details(RuleReport.objects.filter(organisation_id=employee.organisation_id))
        .filter(follow_code_hash=follow_code_hash(code), privacy=RuleReport.Privacy.ANONYMOUS)
        .first()
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w{4,}", text.casefold())[:12]


def _rank(query: str) -> RawSQL:
    return RawSQL(
        "ts_rank(search_vector, websearch_to_tsquery(%s::regconfig, %s))",
        (SEARCH_CONFIG, query),
        output_field=FloatField(),
    )


def similar_open_reports(*, employee: Employee, text: str) -> list[RuleReport]:
    """Open reports of the organisation like ``text``, best first: PostgreSQL full-text search
    with the Dutch configuration (stemming, stop words); on SQLite, reports sharing words."""
    words = _words(text)
    if not words:
        return []
    reports = RuleReport.objects.filter(
        organisation_id=employee.organisation_id, state__in=OPEN_STATES
    ).annotate(follower_count=Count("followers", distinct=True))
    if connection.vendor == "postgresql":
        # The stored search_vector column and its GIN index (migration 0002): the match finds
        # the candidates through the index, ranking reads the stored vector, and followers
        # are counted for the best few only.
        query = " OR ".join(words)
        matches = RawSQL(
            "search_vector @@ websearch_to_tsquery(%s::regconfig, %s)",
            (SEARCH_CONFIG, query),
            output_field=BooleanField(),
        )
        best = (
            RuleReport.objects.filter(
                matches, organisation_id=employee.organisation_id, state__in=OPEN_STATES
            )
            .alias(rank=_rank(query))
            .filter(rank__gt=0.01)
            .order_by("-rank", "-submitted_at")
            .values("pk")[:SUGGESTION_LIMIT]
        )
        return list(
            reports.filter(pk__in=best)
            .annotate(rank=_rank(query))
            .order_by("-rank", "-submitted_at")
        )
    matches = Q()
    for word in words:
        matches |= Q(rule__icontains=word) | Q(impact__icontains=word)
    return list(reports.filter(matches).order_by("-submitted_at")[:SUGGESTION_LIMIT])


def awaiting_triage_count(*, organisation_id: int) -> int:
    return RuleReport.objects.filter(organisation_id=organisation_id, state=State.SUBMITTED).count()


def coaches_of(*, organisation_id: int) -> QuerySet[Employee]:
    return Employee.objects.filter(organisation_id=organisation_id, roles__role=Role.RULE_COACH)


def triage_weekday_of(*, organisation_id: int) -> int:
    programme = Programme.objects.filter(organisation_id=organisation_id).first()
    return (programme or Programme()).triage_weekday


def reports_of_steps(*, step_uuids) -> dict:
    """The report each step (transition) belongs to, by the step's UUID."""
    return dict(
        ReportTransition.objects.filter(uuid__in=list(step_uuids)).values_list(
            "uuid", "report__uuid"
        )
    )
