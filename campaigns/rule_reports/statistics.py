"""Statistics of the ontregel programme: outcomes per rule origin, time to triage and to
close, escalations. Only groups of reports, never per reporter; cells of fewer reports than
the organisation's minimum are hidden (backend.common.group_tables). A fixed number of
queries, however many reports."""

import statistics as stats

from django.utils.translation import gettext as _

from backend.common.group_tables import InsightTable, suppressed_table
from backend.organisations.models import Organisation
from campaigns.rule_reports.models import RESOLUTION_LABELS, RuleReport
from campaigns.rule_reports.workflow import OPEN_STATES, Resolution

STATISTICS_VIEWS = ("uitkomsten", "doorlooptijden")  # API values
OPEN = "open"


def _origins():
    return [(origin.value, str(origin.label)) for origin in RuleReport.Origin]


def outcomes(organisation: Organisation) -> InsightTable:
    """Reports per outcome (open, or each resolution) and rule origin."""
    counts: dict[tuple[str, str], int] = {}
    for state, resolution, origin in RuleReport.objects.filter(
        organisation=organisation
    ).values_list("state", "resolution", "origin"):
        outcome = OPEN if state in OPEN_STATES else resolution
        counts[(outcome, origin)] = counts.get((outcome, origin), 0) + 1
    names = {OPEN: _("Still open"), **{r.value: str(RESOLUTION_LABELS[r]) for r in Resolution}}
    rows = {}
    for outcome, name in names.items():
        values = {origin: (counts.get((outcome, origin), 0),) * 2 for origin, _label in _origins()}
        if any(number for number, _people in values.values()):
            rows[outcome] = (name, values)
    totals = {}
    for origin, _label in _origins():
        number = sum(n for (_outcome, o), n in counts.items() if o == origin)
        totals[origin] = (number, number)
    return suppressed_table(
        "uitkomsten",
        _("Reports per outcome and origin of the rule"),
        "aantal",
        organisation.insights_min_group_size,
        _origins(),
        rows,
        totals,
    )


def lead_times(organisation: Organisation) -> InsightTable:
    """Median days to the first triage decision and to closing, per rule origin."""
    to_triage: dict[str, list[float]] = {}
    to_close: dict[str, list[float]] = {}
    escalated: dict[str, int] = {}
    for origin, submitted, triaged, closed, resolution in RuleReport.objects.filter(
        organisation=organisation
    ).values_list("origin", "submitted_at", "triaged_at", "closed_at", "resolution"):
        if triaged is not None:
            to_triage.setdefault(origin, []).append((triaged - submitted).total_seconds() / 86400)
        if closed is not None:
            to_close.setdefault(origin, []).append((closed - submitted).total_seconds() / 86400)
        if resolution == Resolution.ESCALATED_NATIONALLY:
            escalated[origin] = escalated.get(origin, 0) + 1

    def median(values):
        return (round(stats.median(values), 1), len(values)) if values else (None, 0)

    columns = [
        ("triage", _("Days to triage (median)")),
        ("afgerond", _("Days to close (median)")),
        ("landelijk", _("Escalated nationally")),
    ]
    rows = {
        origin: (
            label,
            {
                "triage": median(to_triage.get(origin, [])),
                "afgerond": median(to_close.get(origin, [])),
                "landelijk": (escalated.get(origin, 0), len(to_close.get(origin, []))),
            },
        )
        for origin, label in _origins()
    }
    return suppressed_table(
        "doorlooptijden",
        _("Lead times per origin of the rule"),
        "aantal",
        organisation.insights_min_group_size,
        columns,
        rows,
        None,
    )


def programme_statistics(organisation: Organisation, view: str) -> InsightTable:
    if view == "uitkomsten":
        return outcomes(organisation)
    if view == "doorlooptijden":
        return lead_times(organisation)
    raise ValueError(f"unknown statistics view {view!r}")
