import datetime
import unicodedata
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.common.models import BaseModel
from backend.organisations.roles import ADMIN_ROLES, Role

DEFAULT_TIME_ZONE = "Europe/Amsterdam"


def search_key(text: str) -> str:
    """Lower case without accents, so 'noel' finds Noël on every database."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(value)s."), params={"value": value})


class Organisation(BaseModel):
    """A municipality (tenant). Nothing of one organisation is visible to another."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    is_active = models.BooleanField(_("active"), default=True)
    insights_min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown in insights"),
        default=5,
        validators=[MinValueValidator(2)],
        help_text=_(
            "Figures of fewer people than this are never shown (nor can they be worked out "
            "from the totals)."
        ),
    )
    # Retention periods (AVG): enforced by the scheduler's retention job, per organisation.
    citizen_contact_retention_days = models.PositiveSmallIntegerField(
        _("days citizens' contact details are kept"),
        default=90,
        validators=[MinValueValidator(1)],
    )
    notification_retention_days = models.PositiveSmallIntegerField(
        _("days notifications are kept"), default=90, validators=[MinValueValidator(7)]
    )
    inactive_device_retention_days = models.PositiveSmallIntegerField(
        _("days a switched-off device is kept"), default=30, validators=[MinValueValidator(1)]
    )
    audit_retention_days = models.PositiveSmallIntegerField(
        _("days the audit trail is kept"), default=730, validators=[MinValueValidator(30)]
    )
    firebase_check_revoked = models.BooleanField(
        _("check Firebase sign-ins for revocation"),
        default=False,
        help_text=_(
            "Ask Firebase on every request whether the sign-in was revoked or the account "
            "disabled there (one extra call to Firebase per request)."
        ),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def local_date(self, moment: datetime.datetime) -> datetime.date:
        """The calendar day it is at ``moment`` in the organisation's own time zone."""
        return moment.astimezone(zoneinfo.ZoneInfo(self.time_zone)).date()

    def start_of_day(self, day: datetime.date) -> datetime.datetime:
        """The first moment of ``day`` in the organisation's own time zone."""
        return datetime.datetime.combine(day, datetime.time(), zoneinfo.ZoneInfo(self.time_zone))


class OrganisationOwned(BaseModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, verbose_name=_("organisation")
    )

    class Meta:
        abstract = True


class Department(OrganisationOwned):
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="department_name_unique_per_organisation"
            )
        ]

    def __str__(self):
        return self.name


class Location(OrganisationOwned):
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="location_name_unique_per_organisation"
            )
        ]

    def __str__(self):
        return self.name


class Employee(OrganisationOwned):
    """A person working for an organisation, linked to exactly one sign-in account."""

    class Locale(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        ENGLISH = "en", _("English")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="employee",
        verbose_name=_("account"),
    )
    employee_number = models.CharField(_("employee number"), max_length=50)
    first_name = models.CharField(_("first name"), max_length=100)
    name_prefix = models.CharField(_("name prefix"), max_length=30, blank=True)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email address"), blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("department"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("location"),
    )
    locale = models.CharField(_("language"), max_length=5, choices=Locale, default=Locale.DUTCH)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    search_text = models.CharField(max_length=300, editable=False, default="", db_index=True)
    firebase_uid = models.CharField(
        _("Firebase user id"),
        max_length=128,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Links a Firebase Authentication identity to this employee."),
        # Firebase ids are unique across organisations: say no more than that this one cannot
        # be used, never that another organisation has it.
        error_messages={"unique": _("This Firebase user id is not available.")},
    )
    sessions_revoked_at = models.DateTimeField(
        _("sign-ins ended at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Sign-ins from before this moment no longer work."),
    )
    erased_at = models.DateTimeField(
        _("personal data erased at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The employee asked to be forgotten: this row stands in for them, anonymous."),
    )

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "employee_number"],
                name="employee_number_unique_per_organisation",
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_text = search_key(self.full_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return " ".join(
            part for part in (self.first_name, self.name_prefix, self.last_name) if part
        )

    def clean(self):
        errors = {}
        for field in ("department", "location"):
            related = getattr(self, field)
            if related is not None and related.organisation_id != self.organisation_id:
                errors[field] = _("Choose one of your own organisation.")
        if errors:
            raise ValidationError(errors)

    def role_values(self):
        """The employee's roles; uses prefetched rows when the caller prefetched ``roles``."""
        return sorted(assignment.role for assignment in self.roles.all())

    def has_role(self, role):
        return role in self.role_values()

    def works_in_admin(self):
        return any(role in ADMIN_ROLES for role in self.role_values())


class EmployeeRole(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="roles", verbose_name=_("employee")
    )
    role = models.CharField(_("role"), max_length=40, choices=Role)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "role"], name="employee_role_unique")
        ]

    def __str__(self):
        return self.get_role_display()


class ErasureRequest(OrganisationOwned):
    """An employee asked for their personal data to be erased (AVG article 17); an
    organisation admin carries it out in the admin."""

    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="erasure_requests",
        verbose_name=_("employee"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    carried_out_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    carried_out_by = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried out by"),
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(carried_out_at__isnull=True),
                name="one_open_erasure_request",
            )
        ]

    def __str__(self):
        return str(self.employee)
