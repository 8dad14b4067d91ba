"""Rule reports' part of an employee's personal data.

An anonymous report is not theirs in the data (nothing stored leads to its reporter), so it is
neither exported nor touched. Erasure: the reports they made stay (the rule still needs
fixing) but no longer lead to them; their follows go."""

from backend.common.moments import utc_iso
from campaigns.rule_reports.models import ReportFollower, RuleReport


def _report(report: RuleReport) -> dict:
    return {
        "uuid": str(report.uuid),
        "nummer": report.number,
        "regel": report.rule,
        "waar": report.where_met,
        "gevolg": report.impact,
        "beter": report.better,
        "privacy": report.privacy,
        "status": report.state,
        "ingediendOp": utc_iso(report.submitted_at),
    }


def export(employee) -> dict:
    return {
        "regelmeldingen": {
            "gemeld": [
                _report(r)
                for r in RuleReport.objects.filter(reporter=employee).order_by("submitted_at")
            ],
            "gevolgd": [
                str(uuid)
                for uuid in ReportFollower.objects.filter(employee=employee).values_list(
                    "report__uuid", flat=True
                )
            ],
        }
    }


def erase(employee) -> None:
    RuleReport.objects.filter(reporter=employee).update(
        reporter=None, privacy=RuleReport.Privacy.ANONYMOUS, follow_code_hash=""
    )
    ReportFollower.objects.filter(employee=employee).delete()
