"""Who may see or do what in a campaign: organisers (a role), volunteers (per location)."""

from backend.organisations.models import Employee
from backend.organisations.roles import Role
from campaigns.compliments.models import Volunteer


def is_organiser(employee: Employee) -> bool:
    """Organisers run every campaign of their own organisation."""
    return employee.has_role(Role.CAMPAIGN_ORGANISER)


def volunteers_at(employee: Employee, campaign_id: int) -> set[int]:
    """The location ids where ``employee`` hands out cards in the campaign."""
    return set(
        Volunteer.objects.filter(campaign_id=campaign_id, employee=employee).values_list(
            "location_id", flat=True
        )
    )
