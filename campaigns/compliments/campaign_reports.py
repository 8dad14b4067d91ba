"""What organisers follow during and after a campaign: handing out per location (with the
gifts to order from the bakery) and statistics per value, department and location.

Statistics are tables of groups through backend.common.group_tables, so small groups are
hidden exactly as in the insights; nothing ranks or names individuals. Each report costs a
fixed number of queries, however many compliments there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from backend.common.group_tables import InsightTable, suppressed_table
from backend.organisations.models import Department, Employee, Location
from campaigns.compliments.models import Campaign, Compliment, ModerationStatus, Volunteer

NO_GROUP = "geen"  # the row of compliments without a location or department (API value)
STATISTICS_VIEWS = ("waarden", "afdelingen", "vestigingen", "deelname")  # API values


@dataclass
class LocationProgress:
    key: str  # the location's uuid, or NO_GROUP
    name: str
    total: int = 0
    handed_out: int = 0
    volunteers: int = 0
    gifts: dict[str, int] = field(default_factory=dict)


def location_progress(campaign: Campaign) -> list[LocationProgress]:
    """Per location: approved cards, how many are handed out, volunteers, and gifts."""
    approved = Compliment.objects.filter(campaign=campaign, status=ModerationStatus.APPROVED)
    rows: dict[object, LocationProgress] = {
        location.pk: LocationProgress(str(location.uuid), location.name)
        for location in Location.objects.filter(organisation_id=campaign.organisation_id)
    }
    no_location = LocationProgress(NO_GROUP, _("No location"))
    for line in approved.values("location_id").annotate(
        total=Count("pk"), handed_out=Count("pk", filter=Q(handed_out_at__isnull=False))
    ):
        row = rows.get(line["location_id"], no_location)
        row.total, row.handed_out = line["total"], line["handed_out"]
    for line in approved.values("location_id", "gift__name").annotate(number=Count("pk")):
        row = rows.get(line["location_id"], no_location)
        row.gifts[line["gift__name"] or _("no gift")] = line["number"]
    for line in (
        Volunteer.objects.filter(campaign=campaign)
        .values("location_id")
        .annotate(number=Count("employee", distinct=True))
    ):
        rows[line["location_id"]].volunteers = line["number"]
    result = sorted(rows.values(), key=lambda row: row.name)
    if no_location.total:
        result.append(no_location)
    return result


def gift_totals(progress: list[LocationProgress]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for row in progress:
        for gift, number in row.gifts.items():
            totals[gift] += number
    return dict(sorted(totals.items()))


def _groups(model, campaign):
    return {
        str(item.pk): item.name
        for item in model.objects.filter(organisation_id=campaign.organisation_id).order_by("name")
    }


def _counted(queryset, group_field, people_field):
    """(group key -> (compliments, distinct people)) for one grouping."""
    result = {}
    for line in queryset.values(group_field).annotate(
        compliments=Count("pk", distinct=True), people=Count(people_field, distinct=True)
    ):
        key = NO_GROUP if line[group_field] is None else str(line[group_field])
        result[key] = (line["compliments"], line["people"])
    return result


def _totals(queryset, people_field):
    line = queryset.aggregate(
        compliments=Count("pk", distinct=True), people=Count(people_field, distinct=True)
    )
    return line["compliments"], line["people"]


def _count_table(key, title, names, columns, per_column, totals, minimum) -> InsightTable:
    """A table of compliment counts with a total per column; the people behind a cell are
    the distinct recipients (or senders) it counts, so a cell of few people is hidden."""
    rows = {}
    for group, name in names.items():
        values = {column: per_column[column].get(group, (0, 0)) for column, _label in columns}
        if any(people for _value, people in values.values()):
            rows[group] = (name, values)
    return suppressed_table(key, title, "aantal", minimum, list(columns), rows, totals)


def campaign_statistics(campaign: Campaign, view: str) -> InsightTable:
    """One of STATISTICS_VIEWS, counting approved compliments only."""
    minimum = campaign.organisation.insights_min_group_size
    approved = Compliment.objects.filter(campaign=campaign, status=ModerationStatus.APPROVED)
    if view == "waarden":
        names = {str(value.pk): value.name for value in campaign.values.all()}
        column = [("ontvangen", _("Compliments"))]
        per_column = {"ontvangen": _counted(approved, "values", "recipient")}
        totals = {"ontvangen": _totals(approved, "recipient")}
        return _count_table(
            "waarden", _("Compliments per value"), names, column, per_column, totals, minimum
        )
    if view in ("afdelingen", "vestigingen"):
        model, field_name = (
            (Department, "department") if view == "afdelingen" else (Location, "location")
        )
        names = {**_groups(model, campaign), NO_GROUP: _("None")}
        columns = [("ontvangen", _("Received")), ("verstuurd", _("Sent"))]
        per_column = {
            "ontvangen": _counted(approved, f"recipient__{field_name}", "recipient"),
            "verstuurd": _counted(approved, f"sender__{field_name}", "sender"),
        }
        totals = {
            "ontvangen": _totals(approved, "recipient"),
            "verstuurd": _totals(approved, "sender"),
        }
        title = (
            _("Compliments per department")
            if view == "afdelingen"
            else _("Compliments per location")
        )
        return _count_table(view, title, names, columns, per_column, totals, minimum)
    if view == "deelname":
        return _participation(campaign, approved, minimum)
    raise ValueError(f"unknown statistics view {view!r}")


def _participation(campaign, approved, minimum) -> InsightTable:
    """Per department, the share of its employees who sent and who received a compliment;
    the people behind each share are the department's employees."""
    employees = Employee.objects.filter(
        organisation_id=campaign.organisation_id, user__is_active=True
    )
    sizes = {
        NO_GROUP if line["department_id"] is None else str(line["department_id"]): line["n"]
        for line in employees.values("department_id").annotate(n=Count("pk"))
    }
    senders = _counted(approved, "sender__department", "sender")
    recipients = _counted(approved, "recipient__department", "recipient")
    names = {**_groups(Department, campaign), NO_GROUP: _("None")}

    def share(part, whole):
        return round(100 * part / whole, 1) if whole else None

    rows = {}
    for group, name in names.items():
        size = sizes.get(group, 0)
        if not size:
            continue
        rows[group] = (
            name,
            {
                "afzenders": (share(senders.get(group, (0, 0))[1], size), size),
                "ontvangers": (share(recipients.get(group, (0, 0))[1], size), size),
            },
        )
    everyone = sum(sizes.values())
    total_row = {
        "afzenders": (share(approved.values("sender").distinct().count(), everyone), everyone),
        "ontvangers": (share(approved.values("recipient").distinct().count(), everyone), everyone),
    }
    columns = [("afzenders", _("Sent one (%)")), ("ontvangers", _("Received one (%)"))]
    return suppressed_table(
        "deelname", _("Participation per department"), "procent", minimum, columns, rows, total_row
    )
