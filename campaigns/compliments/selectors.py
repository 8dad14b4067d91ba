"""Reads for compliment campaigns. Who sees what:

- the sender: their own compliments, always (status and a rejection reason included);
- the recipient: approved compliments from the delivery date on, never earlier, in no count;
- organisers: everything of their organisation's campaigns, except who sent anonymously;
- volunteers: approved compliments of the locations they hand out at (not their own before
  the delivery date).
"""

import datetime

from django.db.models import Count, Q, QuerySet

from backend.organisations.models import Employee
from campaigns.compliments.card_documents import with_card_details
from campaigns.compliments.models import (
    Campaign,
    CitizenCompliment,
    Compliment,
    ModerationStatus,
    Volunteer,
)
from campaigns.compliments.permissions import is_organiser


def campaign_list(*, employee: Employee) -> QuerySet[Campaign]:
    """The organisation's campaigns, newest first, with how many the employee has sent."""
    return (
        Campaign.objects.filter(organisation_id=employee.organisation_id)
        .select_related("organisation")
        .prefetch_related("values", "gifts")
        .annotate(
            sent_by_me=Count(
                "compliments",
                filter=Q(compliments__sender=employee)
                & ~Q(compliments__status=ModerationStatus.REJECTED),
            )
        )
        .order_by("-nomination_starts_on", "name")
    )


def campaign_get(*, employee: Employee, campaign_uuid) -> Campaign | None:
    return campaign_list(employee=employee).filter(uuid=campaign_uuid).first()


def compliments_sent(*, employee: Employee) -> QuerySet[Compliment]:
    return with_card_details(
        Compliment.objects.filter(sender=employee).order_by("-created_at", "-pk")
    )


def compliments_received(*, employee: Employee, now: datetime.datetime) -> QuerySet[Compliment]:
    today = employee.organisation.local_date(now)
    return with_card_details(
        Compliment.objects.filter(
            recipient=employee,
            status=ModerationStatus.APPROVED,
            campaign__delivery_date__lte=today,
        ).order_by("-campaign__delivery_date", "card_number")
    )


def compliment_visible_to(
    *, employee: Employee, compliment_uuid, now: datetime.datetime
) -> Compliment | None:
    """The compliment, if ``employee`` may see it (and its card); otherwise None (a 404)."""
    compliment = (
        with_card_details(Compliment.objects.filter(uuid=compliment_uuid))
        .filter(campaign__organisation_id=employee.organisation_id)
        .first()
    )
    if compliment is None:
        return None
    if compliment.sender_id == employee.pk or is_organiser(employee):
        return compliment
    delivered = (
        compliment.status == ModerationStatus.APPROVED
        and employee.organisation.local_date(now) >= compliment.campaign.delivery_date
    )
    if compliment.recipient_id == employee.pk:
        return compliment if delivered else None
    volunteers_here = Volunteer.objects.filter(
        campaign_id=compliment.campaign_id, employee=employee, location_id=compliment.location_id
    ).exists()
    if volunteers_here and compliment.status == ModerationStatus.APPROVED:
        return compliment
    return None


def compliment_for_link(*, employee_uuid, compliment_uuid, now) -> Compliment | None:
    """For a signed link: the compliment, if the employee it was made for still may see it."""
    employee = (
        Employee.objects.filter(
            uuid=employee_uuid, user__is_active=True, organisation__is_active=True
        )
        .select_related("organisation")
        .first()
    )
    if employee is None:
        return None
    return compliment_visible_to(employee=employee, compliment_uuid=compliment_uuid, now=now)


def may_get_location_documents(*, employee: Employee, campaign: Campaign, location) -> bool:
    """Print sheets and handout lists: the organisers, and the volunteers of that location."""
    if campaign.organisation_id != employee.organisation_id:
        return False
    return (
        is_organiser(employee)
        or Volunteer.objects.filter(
            campaign=campaign, employee=employee, location=location
        ).exists()
    )


def handouts_for(
    *, volunteer: Employee, campaign: Campaign, now: datetime.datetime
) -> QuerySet[Compliment]:
    """The cards a volunteer hands out: approved ones of their locations, by location and
    card number. Their own stay out until the delivery date (the surprise holds for them)."""
    compliments = Compliment.objects.filter(
        campaign=campaign,
        status=ModerationStatus.APPROVED,
        location__in=Volunteer.objects.filter(campaign=campaign, employee=volunteer).values(
            "location_id"
        ),
    )
    if campaign.organisation.local_date(now) < campaign.delivery_date:
        compliments = compliments.exclude(recipient=volunteer)
    return with_card_details(compliments).order_by("location__name", "card_number")


def citizen_compliments_received(*, employee: Employee) -> QuerySet[CitizenCompliment]:
    """Approved citizens' compliments for the employee or for their department."""
    addressed = Q(recipient=employee)
    if employee.department_id is not None:
        addressed |= Q(recipient__isnull=True, recipient_department_id=employee.department_id)
    return (
        CitizenCompliment.objects.filter(
            addressed, organisation_id=employee.organisation_id, status=ModerationStatus.APPROVED
        )
        .select_related("recipient_department")
        .order_by("-moderated_at", "-pk")
    )


def campaigns_with_nomination_news(*, organisation_id: int, day: datetime.date):
    """The organisation's campaigns whose nominations open or close on ``day`` (its own date)."""
    return Campaign.objects.filter(organisation_id=organisation_id).filter(
        Q(nomination_starts_on=day) | Q(nomination_ends_on=day)
    )


def has_sent_in(campaign: Campaign):
    """A filter for employees: who already sent a compliment in ``campaign``."""
    return Q(pk__in=Compliment.objects.filter(campaign=campaign).values("sender_id"))
