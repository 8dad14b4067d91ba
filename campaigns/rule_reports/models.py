"""Rule reports (the red "ontregel" button), their transitions, triage sessions and the
programme that runs them. States, actions and resolutions are the API's words
(campaigns.rule_reports.workflow)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.common.models import BaseModel
from backend.organisations.models import Department, Employee, OrganisationOwned
from campaigns.rule_reports.workflow import Action, Resolution, State

TEXT_MAX_LENGTH = 2000
MESSAGE_MAX_LENGTH = 2000


def _choices(enum, labels):
    return [(member.value, labels[member]) for member in enum]


STATE_LABELS = {
    State.SUBMITTED: _("Submitted, awaiting triage"),
    State.INFO_REQUESTED: _("Question to the reporter"),
    State.IN_PROGRESS: _("In progress"),
    State.RESOLUTION_PROPOSED: _("Resolution proposed"),
    State.ESCALATED: _("Escalated"),
    State.REOPEN_REQUESTED: _("Reopening requested"),
    State.CLOSED: _("Closed"),
}
RESOLUTION_LABELS = {
    Resolution.FIXED_LOCALLY: _("Fixed locally"),
    Resolution.EXPLAINED: _("Explained"),
    Resolution.RULE_KEPT: _("Rule kept"),
    Resolution.ESCALATED_NATIONALLY: _("Escalated nationally"),
    Resolution.DUPLICATE: _("Duplicate"),
    Resolution.NOT_APPLICABLE: _("Not applicable"),
    Resolution.WITHDRAWN: _("Withdrawn"),
}
ACTION_LABELS = {
    Action.WITHDRAW: _("Withdraw"),
    Action.REQUEST_INFO: _("Ask the reporter a question"),
    Action.ANSWER: _("Answer the question"),
    Action.ASSIGN: _("Assign"),
    Action.REASSIGN: _("Reassign"),
    Action.ESCALATE: _("Escalate"),
    Action.CLOSE: _("Close"),
    Action.PROPOSE: _("Propose a resolution"),
    Action.APPROVE_PROPOSAL: _("Approve the proposal"),
    Action.REJECT_PROPOSAL: _("Send the proposal back"),
    Action.CLOSE_ESCALATION: _("Close the escalation"),
    Action.RESUME: _("Back in progress"),
    Action.ASK_REOPEN: _("Ask to reopen"),
    Action.REFUSE_REOPEN: _("Refuse to reopen"),
    Action.REOPEN: _("Reopen"),
}


class Programme(OrganisationOwned):
    """How an organisation runs its ontregel programme. Settings apply to what happens after
    they change; deadlines already set on reports stay as they were."""

    owning_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department that owns the programme"),
    )
    triage_weekday = models.PositiveSmallIntegerField(
        _("weekday of the triage session"),
        default=1,
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
        ],
    )
    resolution_days = models.PositiveSmallIntegerField(
        _("days to resolve after assignment"), default=42
    )
    update_days = models.PositiveSmallIntegerField(
        _("days between updates to the reporter"), default=14
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("days a reporter may ask to reopen"), default=30
    )

    class Meta:
        verbose_name = _("ontregel programme")
        verbose_name_plural = _("ontregel programmes")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="programme_once_per_organisation")
        ]

    def __str__(self):
        return str(self.organisation)


class ProgrammeOwnership(BaseModel):
    """Who owned the programme from when: history is kept when ownership moves."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="ownerships")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField()

    class Meta:
        ordering = ["since"]


class RuleReport(OrganisationOwned):
    class Origin(models.TextChoices):
        OWN = "eigen_organisatie", _("Own organisation")
        NATIONAL = "landelijk", _("National")
        UNKNOWN = "onbekend", _("Unknown")

    class Privacy(models.TextChoices):
        NAMED = "met_naam", _("Named")
        CONFIDENTIAL = "vertrouwelijk", _("Confidential (only coaches see who)")
        ANONYMOUS = "anoniem", _("Anonymous (nobody can know who)")

    number = models.PositiveIntegerField(_("number"))
    rule = models.TextField(_("the rule"), max_length=TEXT_MAX_LENGTH)
    where_met = models.TextField(_("where it was met"), max_length=TEXT_MAX_LENGTH)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department where it was met"),
    )
    impact = models.TextField(
        _("what it does to citizens or the service"), max_length=TEXT_MAX_LENGTH
    )
    better = models.TextField(_("what would be better"), max_length=TEXT_MAX_LENGTH, blank=True)
    origin = models.CharField(_("where the rule comes from"), max_length=20, choices=Origin)
    privacy = models.CharField(_("privacy"), max_length=20, choices=Privacy)
    # Empty for an anonymous report: no link to the reporter exists anywhere.
    reporter = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rule_reports",
        verbose_name=_("reporter"),
    )
    follow_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    state = models.CharField(
        _("state"), max_length=30, choices=_choices(State, STATE_LABELS), default=State.SUBMITTED
    )
    resolution = models.CharField(
        _("resolution"), max_length=30, choices=_choices(Resolution, RESOLUTION_LABELS), blank=True
    )
    owner_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owning department"),
    )
    owner = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    proposed_resolution = models.CharField(max_length=30, blank=True, editable=False)
    proposed_message = models.TextField(blank=True, max_length=MESSAGE_MAX_LENGTH, editable=False)
    rule_owner_justification = models.TextField(
        _("rule owner's justification"), blank=True, max_length=MESSAGE_MAX_LENGTH
    )
    triage_by = models.DateField(_("triage by"), null=True, blank=True)
    due_on = models.DateField(_("resolve by"), null=True, blank=True)
    next_update_due = models.DateField(_("next update due"), null=True, blank=True)
    defer_count = models.PositiveSmallIntegerField(_("deferred"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"))
    triaged_at = models.DateTimeField(_("first triaged at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rule report")
        verbose_name_plural = _("rule reports")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="rule_report_number_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(privacy="anoniem") | models.Q(reporter__isnull=True),
                name="rule_report_anonymous_has_no_reporter",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "state"], name="rule_report_state")]

    def __str__(self):
        return _("Report %(number)s") % {"number": self.number}

    @property
    def is_flagged(self) -> bool:
        """Deferred twice: the session should decide now."""
        return self.defer_count >= 2


class ReportFollower(models.Model):
    """A colleague who follows (supports) a report and hears its public updates."""

    report = models.ForeignKey(RuleReport, on_delete=models.CASCADE, related_name="followers")
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="followed_rule_reports"
    )
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "employee"], name="report_follower_once")
        ]

    def __str__(self):
        return f"{self.employee} → {self.report}"


class ReportTransition(BaseModel):
    """Append-only: one row per step of a report, never changed afterwards. ``actor`` is
    empty for the reporter of an anonymous report."""

    report = models.ForeignKey(RuleReport, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=30)  # an Action, or "indienen" for the first row
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30)
    resolution = models.CharField(max_length=30, blank=True)
    actor = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_reporter = models.BooleanField(default=False)
    public_message = models.TextField(blank=True, max_length=MESSAGE_MAX_LENGTH)
    internal_note = models.TextField(blank=True, max_length=MESSAGE_MAX_LENGTH)

    class Meta:
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")
        ordering = ["created_at", "id"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A report transition is never changed.")
        super().save(*args, **kwargs)


class Escalation(BaseModel):
    """What goes to the national body: the coach's summary, never the raw report or who."""

    report = models.OneToOneField(RuleReport, on_delete=models.CASCADE, related_name="escalation")
    recipient_body = models.CharField(_("sent to"), max_length=200)
    summary = models.TextField(_("summary by the coach"), max_length=MESSAGE_MAX_LENGTH)
    reference = models.CharField(_("reference"), max_length=100, blank=True)


class TriageSession(OrganisationOwned):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "gesloten", _("Closed")

    held_on = models.DateField(_("held on"))
    cutoff = models.DateTimeField(_("reports submitted before"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("triage session")
        verbose_name_plural = _("triage sessions")
        ordering = ["-held_on"]

    def __str__(self):
        return _("Triage of %(day)s") % {"day": self.held_on}


class TriageDecision(BaseModel):
    class Decision(models.TextChoices):
        ASSIGN = "toewijzen", _("Assign")
        REQUEST_INFO = "vraag_stellen", _("Ask the reporter")
        ESCALATE = "doorzetten", _("Escalate")
        CLOSE = "afsluiten", _("Close")
        DEFER = "uitstellen", _("Defer")

    session = models.ForeignKey(TriageSession, on_delete=models.CASCADE, related_name="decisions")
    report = models.ForeignKey(
        RuleReport, on_delete=models.CASCADE, related_name="triage_decisions"
    )
    decision = models.CharField(max_length=20, choices=Decision)
    decided_by = models.ForeignKey(Employee, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True, max_length=MESSAGE_MAX_LENGTH)
    transition = models.OneToOneField(
        ReportTransition, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "report"], name="triage_decision_once")
        ]


class Attachment(BaseModel):
    """A file attached to a report, kept in private storage and served only to who may see the
    report. No uploader is stored (the report says who, if anyone may know)."""

    report = models.ForeignKey(RuleReport, on_delete=models.CASCADE, related_name="attachments")
    content = models.BinaryField()
    media_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
