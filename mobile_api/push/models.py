"""Devices, nudge preferences, notifications and their delivery attempts (tables of the
``mobile_api`` app)."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.common.models import BaseModel
from backend.organisations.models import Employee, Organisation, OrganisationOwned
from mobile_api.models import ApiToken
from mobile_api.push.kinds import Kind

DEFAULT_DAILY_TIME = datetime.time(8, 30)
DEFAULT_STREAK_TIME = datetime.time(19, 0)
DEFAULT_ANNOUNCEMENT_TIME = datetime.time(10, 0)
DEFAULT_QUIET_START = datetime.time(21, 0)
DEFAULT_QUIET_END = datetime.time(7, 30)


class Device(BaseModel):
    """A phone that can receive pushes: its FCM registration token or Firebase installation id.
    A target belongs to one employee at a time; registering it again moves it."""

    class Platform(models.TextChoices):  # internal values equal the API's
        ANDROID = "android", "Android"
        IOS = "ios", "iOS"
        WEB = "web", "Web"

    class TargetKind(models.TextChoices):
        TOKEN = "token", _("registration token")
        INSTALLATION = "fid", _("Firebase installation id")

    class Deactivation(models.TextChoices):
        """Why a device no longer receives pushes (internal values)."""

        SIGNED_OUT = "signed_out", _("signed out")
        UNREGISTERED = "unregistered", _("unregistered at FCM")
        INVALID_TARGET = "invalid_target", _("not a valid FCM target")
        SENDER_MISMATCH = "sender_mismatch", _("registered for another sender")
        STALE = "stale", _("not seen for a long time")
        REMOVED = "removed", _("removed by the employee")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="devices", verbose_name=_("employee")
    )
    api_token = models.ForeignKey(
        ApiToken,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("registered with sign-in"),
    )
    platform = models.CharField(_("platform"), max_length=10, choices=Platform)
    target_kind = models.CharField(_("target kind"), max_length=10, choices=TargetKind)
    target = models.TextField(_("target"))
    # Unique on the hash: a btree index cannot hold targets of several kilobytes.
    target_hash = models.CharField(max_length=64, unique=True, editable=False)
    app_version = models.CharField(_("app version"), max_length=40, blank=True)
    last_seen_at = models.DateTimeField(_("last seen at"))
    active = models.BooleanField(_("active"), default=True)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)
    deactivation_reason = models.CharField(
        _("deactivated because"), max_length=20, choices=Deactivation, blank=True
    )

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        indexes = [
            models.Index(
                fields=["employee"], condition=models.Q(active=True), name="device_active"
            ),
            models.Index(fields=["last_seen_at"], name="device_last_seen"),
        ]

    def __str__(self):
        return f"{self.employee} ({self.get_platform_display()})"


class NudgeDefaults(models.Model):
    """An organisation's defaults for nudges; an employee's own preferences override them."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="nudge_defaults",
        verbose_name=_("organisation"),
    )
    daily_time = models.TimeField(_("time of the daily nudge"), default=DEFAULT_DAILY_TIME)
    streak_time = models.TimeField(_("time of the streak reminder"), default=DEFAULT_STREAK_TIME)
    announcement_time = models.TimeField(
        _("time of campaign news and triage reminders"), default=DEFAULT_ANNOUNCEMENT_TIME
    )
    quiet_start = models.TimeField(_("quiet hours start"), default=DEFAULT_QUIET_START)
    quiet_end = models.TimeField(_("quiet hours end"), default=DEFAULT_QUIET_END)
    max_engagement_per_day = models.PositiveSmallIntegerField(
        _("reminders per day at most"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    max_campaign_per_week = models.PositiveSmallIntegerField(
        _("campaign messages per 7 days at most"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(7)],
    )
    updated_at = models.DateTimeField(auto_now=True)  # two admins editing at once: see admin

    class Meta:
        verbose_name = _("nudge defaults")
        verbose_name_plural = _("nudge defaults")

    def __str__(self):
        return str(self.organisation)


class NudgePreferences(models.Model):
    """What an employee chose; an empty field means the organisation's default."""

    employee = models.OneToOneField(
        Employee,
        on_delete=models.CASCADE,
        related_name="nudge_preferences",
        verbose_name=_("employee"),
    )
    daily_time = models.TimeField(_("time of the daily nudge"), null=True, blank=True)
    quiet_hours_off = models.BooleanField(_("no quiet hours"), default=False)
    quiet_start = models.TimeField(_("quiet hours start"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    muted_kinds = models.JSONField(_("kinds switched off"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nudge preferences")
        verbose_name_plural = _("nudge preferences")

    def __str__(self):
        return str(self.employee)


class Notification(OrganisationOwned):
    """One logical nudge for one employee: planned, then pushed to each of their devices, and
    listed in their inbox. ``delivery_key`` makes planning idempotent: a second planner, a
    restart or a re-run cannot create a second row for the same nudge."""

    class Status(models.TextChoices):
        """Internal values."""

        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        INBOX_ONLY = "inbox_only", _("in the inbox only: no device to push to")
        SKIPPED = "skipped", _("skipped")
        EXPIRED = "expired", _("expired")
        FAILED = "failed", _("failed")

    class SkipReason(models.TextChoices):
        """Internal values."""

        MUTED = "muted", _("kind switched off")
        PRACTISED = "practised", _("already practised that day")
        CAP = "cap", _("frequency cap reached")
        IGNORED = "ignored", _("backing off: recent nudges were not opened")
        QUIET_HOURS = "quiet_hours", _("quiet hours until it expired")
        TOO_LATE = "too_late", _("planned after it had expired")
        NOTHING_DUE = "nothing_due", _("no lesson and no reviews waiting")
        INACTIVE = "inactive", _("employee no longer active")

    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("employee"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind)
    delivery_key = models.CharField(max_length=200, unique=True, editable=False)
    subject_uuid = models.UUIDField(_("about (UUID)"), null=True, blank=True)
    local_date = models.DateField(_("local date"), null=True, blank=True)
    template = models.CharField(_("template"), max_length=40)
    title = models.CharField(_("title"), max_length=120)
    body = models.CharField(_("text"), max_length=300)
    link = models.CharField(_("opens"), max_length=200)
    scheduled_for = models.DateTimeField(_("scheduled for"))
    expires_at = models.DateTimeField(_("expires at"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    skip_reason = models.CharField(
        _("skipped because"), max_length=20, choices=SkipReason, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    claimed_by = models.CharField(max_length=100, blank=True, editable=False)
    inbox_at = models.DateTimeField(_("in the inbox since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-scheduled_for", "-id"]
        indexes = [
            # The claim reads due rows in this order and stops after a batch.
            models.Index(
                fields=["scheduled_for", "id"],
                condition=models.Q(status="pending"),
                name="notification_due_order",
            ),
            models.Index(
                fields=["lease_until"],
                condition=models.Q(status="sending"),
                name="notification_claimed",
            ),
            models.Index(fields=["employee", "local_date"], name="notification_day"),
            models.Index(fields=["employee", "-inbox_at"], name="notification_inbox"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.employee}"


class DeliveryAttempt(models.Model):
    """One push of one notification to one device. An attempt is written before the push
    leaves (``in_flight``), so a process that dies mid-send leaves a trace: a device with
    any attempt other than a retryable failure is never pushed that notification again."""

    class Outcome(models.TextChoices):
        """Internal values."""

        IN_FLIGHT = "in_flight", _("in flight")
        OK = "ok", _("accepted by FCM")
        UNKNOWN = "unknown", _("unknown: the sender stopped mid-send")
        UNREGISTERED = "unregistered", _("device unregistered")
        INVALID_TARGET = "invalid_target", _("invalid target")
        SENDER_MISMATCH = "sender_mismatch", _("sender mismatch")
        PAYLOAD_INVALID = "payload_invalid", _("payload refused")
        QUOTA = "quota", _("quota exceeded")
        UNAVAILABLE = "unavailable", _("FCM unavailable")
        AUTH = "auth", _("APNs or web push credentials refused")
        OTHER = "other", _("other error")

    RETRYABLE = frozenset({Outcome.QUOTA, Outcome.UNAVAILABLE, Outcome.AUTH, Outcome.OTHER})

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="attempts_made"
    )
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="attempts")
    attempt = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=20, choices=Outcome, default=Outcome.IN_FLIGHT)
    message_id = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "device", "attempt"], name="attempt_once"
            ),
            models.UniqueConstraint(
                fields=["notification", "device"],
                condition=models.Q(outcome="ok"),
                name="one_ok_push_per_device",
            ),
        ]

    def __str__(self):
        return f"{self.notification_id} → {self.device_id}: {self.outcome}"


class PushPause(models.Model):
    """FCM asked us to slow down (429): no process claims new work before ``until``."""

    name = models.CharField(max_length=40, unique=True)
    until = models.DateTimeField()

    def __str__(self):
        return f"{self.name} until {self.until:%H:%M:%S}"
