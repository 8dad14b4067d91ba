"""Compliment campaigns (the Valentine model) and compliments from citizens.

Choice values are the API's words (Dutch); the labels are for people.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.common.models import BaseModel
from backend.organisations.models import Department, Employee, Location, OrganisationOwned

# The values of the original Valentine campaign; a new campaign starts with these.
DEFAULT_VALUES = (
    "afspraken nakomen",
    "mensgericht",
    "initiatief en lef",
    "duidelijkheid",
    "luisteren",
    "aandacht",
)

REASON_MAX_LENGTH = 600
THANKS_MAX_LENGTH = 300
CITIZEN_MESSAGE_MAX_LENGTH = 1000
SENDER_LIMIT_MAX = 100

colour_validator = RegexValidator(
    re.compile(r"^#[0-9A-Fa-f]{6}$"), _("Give a colour as #RRGGBB, for example #C8102E.")
)


class Campaign(OrganisationOwned):
    name = models.CharField(_("name"), max_length=120)
    nomination_starts_on = models.DateField(
        _("nominations open on"), help_text=_("First day colleagues can send compliments.")
    )
    nomination_ends_on = models.DateField(
        _("nominations close after"), help_text=_("Last day colleagues can send compliments.")
    )
    delivery_date = models.DateField(
        _("delivery date"),
        help_text=_("From this day on recipients see their compliments (a surprise until then)."),
    )
    sender_limit = models.PositiveSmallIntegerField(
        _("compliments per sender"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(SENDER_LIMIT_MAX)],
    )
    moderation_required = models.BooleanField(
        _("moderate before delivery"),
        default=True,
        help_text=_("An organiser approves every compliment before the recipient can get it."),
    )
    card_heading = models.CharField(_("card heading"), max_length=60, default="Een compliment voor")
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#C8102E", validators=[colour_validator]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#FCE4E8", validators=[colour_validator]
    )
    text_colour = models.CharField(
        _("text colour"), max_length=7, default="#1F1F1F", validators=[colour_validator]
    )
    logo = models.FileField(
        _("logo"),
        upload_to="campagnelogos/",
        blank=True,
        help_text=_("PNG or JPEG, at most 2 MB; shown in the corner of every card."),
    )

    class Meta:
        verbose_name = _("compliment campaign")
        verbose_name_plural = _("compliment campaigns")
        ordering = ["-nomination_starts_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="campaign_name_unique_per_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(nomination_ends_on__gte=models.F("nomination_starts_on")),
                name="campaign_nominations_close_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(delivery_date__gte=models.F("nomination_ends_on")),
                name="campaign_delivery_after_nominations",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.nomination_starts_on and self.nomination_ends_on:
            if self.nomination_ends_on < self.nomination_starts_on:
                errors["nomination_ends_on"] = _("Nominations cannot close before they open.")
            elif self.delivery_date and self.delivery_date < self.nomination_ends_on:
                errors["delivery_date"] = _(
                    "The delivery date comes on or after the last day of nominations."
                )
        if errors:
            raise ValidationError(errors)


class CampaignValue(BaseModel):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="values", verbose_name=_("campaign")
    )
    name = models.CharField(_("value"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="campaign_value_unique")
        ]

    def __str__(self):
        return self.name


class GiftOption(BaseModel):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="gifts", verbose_name=_("campaign")
    )
    name = models.CharField(_("gift"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("gift option")
        verbose_name_plural = _("gift options")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="campaign_gift_unique")
        ]

    def __str__(self):
        return self.name


class Volunteer(BaseModel):
    """A colleague ("Valentijn") who hands out the cards and gifts at one location."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="volunteers", verbose_name=_("campaign")
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="volunteering",
        verbose_name=_("employee"),
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="+", verbose_name=_("location")
    )

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["location__name", "employee__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "employee", "location"], name="volunteer_once_per_location"
            )
        ]

    def __str__(self):
        return f"{self.employee} ({self.location})"

    def clean(self):
        # A campaign being added together with its volunteers has no id yet, but it does
        # have its organisation.
        try:
            organisation_id = self.campaign.organisation_id
        except Campaign.DoesNotExist:
            organisation_id = None
        errors = {}
        if self.employee_id and self.employee.organisation_id != organisation_id:
            errors["employee"] = _("Choose one of your own organisation.")
        if self.location_id and self.location.organisation_id != organisation_id:
            errors["location"] = _("Choose one of your own organisation.")
        if errors:
            raise ValidationError(errors)


class ModerationStatus(models.TextChoices):
    PENDING = "in_beoordeling", _("Awaiting moderation")
    APPROVED = "goedgekeurd", _("Approved")
    REJECTED = "afgewezen", _("Rejected")


class Compliment(BaseModel):
    """One colleague's compliment to another. ``uuid`` is chosen by the sending app, so a
    retry stores nothing twice. The sender is kept (for their own list and the limit) but
    never shown to anyone else when ``is_anonymous``."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="compliments", verbose_name=_("campaign")
    )
    sender = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        related_name="compliments_sent",
        verbose_name=_("sender"),
    )
    recipient = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="compliments_received",
        verbose_name=_("recipient"),
    )
    # Where the card is handed out: the recipient's location when the compliment was sent.
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    values = models.ManyToManyField(CampaignValue, related_name="+", verbose_name=_("values"))
    reason = models.TextField(_("why"), max_length=REASON_MAX_LENGTH)
    gift = models.ForeignKey(
        GiftOption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gift"),
    )
    is_anonymous = models.BooleanField(_("anonymous to the recipient"), default=False)
    # A hash of what was sent, so the same uuid with other content is told apart from a retry.
    content_digest = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ModerationStatus, default=ModerationStatus.PENDING
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, max_length=500)
    moderated_by = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    card_number = models.PositiveIntegerField(_("card number"))
    thanked_at = models.DateTimeField(_("thanked at"), null=True, blank=True)
    thanks_message = models.CharField(_("thanks"), max_length=THANKS_MAX_LENGTH, blank=True)
    handed_out_at = models.DateTimeField(_("handed out at"), null=True, blank=True)
    handed_out_by = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed out by"),
    )

    class Meta:
        verbose_name = _("compliment")
        verbose_name_plural = _("compliments")
        ordering = ["campaign", "card_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "card_number"], name="compliment_card_number_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "sender"], name="compliment_per_sender"),
            models.Index(fields=["campaign", "location", "status"], name="compliment_handout"),
        ]

    def __str__(self):
        return _("Card %(number)s for %(recipient)s") % {
            "number": self.card_number,
            "recipient": self.recipient,
        }


class PublicComplimentSettings(OrganisationOwned):
    """Whether citizens can compliment this organisation's people, and from which websites."""

    accepts_citizen_compliments = models.BooleanField(
        _("accept compliments from citizens"), default=False
    )
    website_origins = models.TextField(
        _("websites allowed to send"),
        blank=True,
        help_text=_(
            "One origin per line, e.g. https://www.zeventerpen.nl. Only pages of these sites "
            "may send compliments from a browser (CORS)."
        ),
    )

    class Meta:
        verbose_name = _("citizen compliment settings")
        verbose_name_plural = _("citizen compliment settings")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="public_compliment_settings_once")
        ]

    def __str__(self):
        return str(self.organisation)

    def origins(self) -> list[str]:
        return [
            line.strip().rstrip("/") for line in self.website_origins.splitlines() if line.strip()
        ]

    def clean(self):
        invalid = [
            origin
            for origin in self.origins()
            if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?", origin)
        ]
        if invalid:
            raise ValidationError(
                {
                    "website_origins": _(
                        "Give only scheme and host, such as https://www.example.nl: %(origins)s"
                    )
                    % {"origins": ", ".join(invalid)}
                }
            )


class CitizenCompliment(OrganisationOwned):
    """A compliment from a citizen, sent from the organisation's website. Always moderated;
    the contact details are for moderators only and are removed after the retention period."""

    message = models.TextField(_("message"), max_length=CITIZEN_MESSAGE_MAX_LENGTH)
    employee_name_given = models.CharField(
        _("employee as named by the citizen"), max_length=200, blank=True
    )
    department_given = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team chosen by the citizen"),
    )
    contact_name = models.CharField(_("citizen's name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("citizen's email address"), blank=True)
    contact_phone = models.CharField(_("citizen's phone number"), max_length=30, blank=True)
    contact_removed_at = models.DateTimeField(
        _("contact details removed at"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ModerationStatus, default=ModerationStatus.PENDING
    )
    recipient = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citizen_compliments",
        verbose_name=_("delivered to employee"),
    )
    recipient_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citizen_compliments",
        verbose_name=_("delivered to team"),
    )
    moderated_by = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderation_note = models.TextField(_("note (internal)"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("compliment from a citizen")
        verbose_name_plural = _("compliments from citizens")
        ordering = ["-created_at"]

    def __str__(self):
        return _("Citizen compliment of %(date)s") % {"date": self.created_at.date()}
