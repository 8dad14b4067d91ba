import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.organisations.models import Employee


class ApiToken(models.Model):
    """An opaque sign-in token of the mobile app. Only its SHA-256 hash is stored."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("employee")
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    device_name = models.CharField(_("device"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.employee} ({self.device_name or self.uuid})"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


# The push tables live in mobile_api.push; importing them here registers them with the app.
from mobile_api.push.models import (  # noqa: E402, F401
    DeliveryAttempt,
    Device,
    Notification,
    NudgeDefaults,
    NudgePreferences,
    PushPause,
)


class SchedulerTick(models.Model):
    """The scheduler's heartbeat: when each job last started and finished, one row per job
    (written by mobile_api.scheduler around every run, read by /health/ready)."""

    job_id = models.CharField(_("job"), max_length=100, unique=True)
    last_started_at = models.DateTimeField(_("last started at"))
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    last_ok = models.BooleanField(_("last run succeeded"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduler tick")
        verbose_name_plural = _("scheduler ticks")
        ordering = ["job_id"]

    def __str__(self):
        return self.job_id
