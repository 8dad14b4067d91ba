from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles an employee holds within their own organisation (values are the API's words)."""

    EMPLOYEE = "medewerker", _("Employee")
    CONTENT_EDITOR = "redacteur", _("Content editor")
    CAMPAIGN_ORGANISER = "campagne_organisator", _("Campaign organiser")
    RULE_COACH = "ontregelcoach", _("Ontregelcoach")
    INSIGHTS_VIEWER = "inzichten_bekijker", _("Insights viewer")
    ORGANISATION_ADMIN = "organisatiebeheerder", _("Organisation admin")


# Roles whose holders work in the Django admin (the others only use the mobile app).
ADMIN_ROLES = frozenset(
    {
        Role.CONTENT_EDITOR,
        Role.CAMPAIGN_ORGANISER,
        Role.RULE_COACH,
        Role.INSIGHTS_VIEWER,
        Role.ORGANISATION_ADMIN,
    }
)
