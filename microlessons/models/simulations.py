"""Conversation simulations: a branching customer conversation, versioned like lessons.

A simulation belongs to a module (its topic, and the offline package it travels in). Its
versions hold steps and choices; a published version never changes, and learners' attempts
point at the version they played.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.common.models import BaseModel
from backend.common.owned_content import OwnedContent, unique_per_owner
from backend.common.versions import ImmutableWhenPublished, refuse_if_published
from backend.organisations.models import Employee
from microlessons.models.lessons import KEY_HELP, Module
from microlessons.simulation_graph import EFFECT_MAX, EFFECT_MIN

SIMULATION_MIN_SECONDS, SIMULATION_MAX_SECONDS = 60, 600


class Simulation(OwnedContent):
    """A simulation's lasting identity; its conversation lives in versions."""

    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="simulations", verbose_name=_("module")
    )
    key = models.SlugField(_("key"), max_length=60, help_text=KEY_HELP)
    position = models.PositiveIntegerField(_("position in the module"), default=0)
    published_version = models.OneToOneField(
        "SimulationVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
    )
    adapted_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("adapted from"),
        help_text=_("The shared simulation this organisation's copy was made from."),
    )
    adapted_from_version = models.PositiveIntegerField(
        _("adapted from version"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("simulation")
        verbose_name_plural = _("simulations")
        ordering = ["module_id", "position", "pk"]
        constraints = [
            *unique_per_owner(["module", "key"], "simulation_key_unique"),
            models.UniqueConstraint(
                fields=["adapted_from", "owner"],
                condition=Q(adapted_from__isnull=False),
                name="one_simulation_adaptation_per_organisation",
            ),
        ]

    def __str__(self):
        version = self.published_version
        return version.title if version else self.key


class SimulationVersion(ImmutableWhenPublished, BaseModel):
    class Channel(models.TextChoices):
        """Where the conversation happens (values are the API's words)."""

        DESK = "balie", _("Desk")
        PHONE = "telefoon", _("Phone")
        CHAT = "chat", _("Chat (WhatsApp)")
        HOME_VISIT = "huisbezoek", _("Home visit")

    simulation = models.ForeignKey(
        Simulation, on_delete=models.CASCADE, related_name="versions", verbose_name=_("simulation")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel, default=Channel.DESK)
    customer = models.TextField(
        _("the customer"), max_length=500, blank=True, help_text=_("Who the customer is.")
    )
    estimated_seconds = models.PositiveIntegerField(
        _("estimated duration (seconds)"),
        default=180,
        validators=[
            MinValueValidator(SIMULATION_MIN_SECONDS),
            MaxValueValidator(SIMULATION_MAX_SECONDS),
        ],
    )
    start_step = models.ForeignKey(
        "SimulationStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first step"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set when published: per dimension [worst, best] total over all paths (internal names).
    bounds = models.JSONField(default=dict, blank=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("simulation version")
        verbose_name_plural = _("simulation versions")
        ordering = ["simulation_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["simulation", "number"], name="simulation_version_unique"
            ),
            models.UniqueConstraint(
                fields=["simulation"],
                condition=Q(status="draft"),
                name="one_draft_per_simulation",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number}, {self.get_status_display()})"


class SimulationStep(BaseModel):
    class Kind(models.TextChoices):
        CONVERSATION = "gesprek", _("Conversation")
        ENDING = "einde", _("Ending")

    version = models.ForeignKey(
        SimulationVersion, on_delete=models.CASCADE, related_name="steps", verbose_name=_("version")
    )
    key = models.SlugField(_("key"), max_length=60, help_text=KEY_HELP)
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CONVERSATION)
    context = models.CharField(
        _("situation"), max_length=300, blank=True, help_text=_("What the employee sees or knows.")
    )
    text = models.TextField(
        _("text"),
        max_length=2000,
        help_text=_("What the customer says; for an ending, the debrief."),
    )
    title = models.CharField(_("title of the ending"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["version_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="simulation_step_key_unique")
        ]

    def __str__(self):
        return self.key

    def save(self, *args, **kwargs):
        refuse_if_published(self.version.status)
        super().save(*args, **kwargs)

    @property
    def is_ending(self):
        return self.kind == self.Kind.ENDING

    @classmethod
    def choosable_by(cls, organisation):
        """Choices lead to steps of the organisation's own drafts only."""
        return cls.objects.filter(
            version__simulation__owner=organisation, version__status=SimulationVersion.Status.DRAFT
        )


def _effect(name):
    return models.SmallIntegerField(
        name,
        default=0,
        validators=[MinValueValidator(EFFECT_MIN), MaxValueValidator(EFFECT_MAX)],
        help_text=_("From -3 to +3; higher is better."),
    )


class SimulationChoice(BaseModel):
    step = models.ForeignKey(
        SimulationStep, on_delete=models.CASCADE, related_name="choices", verbose_name=_("step")
    )
    key = models.SlugField(_("key"), max_length=60, help_text=KEY_HELP)
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.CharField(_("what the employee does"), max_length=500)
    feedback = models.TextField(_("feedback"), max_length=1000)
    next_step = models.ForeignKey(
        SimulationStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incoming",
        verbose_name=_("next step"),
    )
    customer_satisfaction = _effect(_("customer satisfaction"))
    lead_time = _effect(_("lead time"))
    cost = _effect(_("cost"))
    process = _effect(_("process correctness"))

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["step_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["step", "key"], name="simulation_choice_key_unique"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": EFFECT_MIN, f"{name}__lte": EFFECT_MAX}),
                    name=f"simulation_choice_{name}_in_range",
                )
                for name in ("customer_satisfaction", "lead_time", "cost", "process")
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        refuse_if_published(self.step.version.status)
        super().save(*args, **kwargs)

    def effects(self) -> dict[str, int]:
        return {
            "customer_satisfaction": self.customer_satisfaction,
            "lead_time": self.lead_time,
            "cost": self.cost,
            "process": self.process,
        }


class SimulationAttempt(models.Model):
    """A learner playing one version, identified by the UUID their device generated."""

    class Status(models.TextChoices):
        IN_PROGRESS = "bezig", _("In progress")
        COMPLETED = "afgerond", _("Completed")

    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(_("client id"))
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    simulation = models.ForeignKey(Simulation, on_delete=models.PROTECT, related_name="attempts")
    version = models.ForeignKey(SimulationVersion, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status, default=Status.IN_PROGRESS)
    current_step = models.ForeignKey(
        SimulationStep, on_delete=models.PROTECT, null=True, related_name="+"
    )
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    # What the client sent to start it, normalised, to tell a replay from a conflicting reuse.
    fingerprint = models.CharField(max_length=64, editable=False)
    # Set when completed, computed by the server from the path: 0-100 per dimension.
    customer_satisfaction = models.FloatField(null=True, blank=True)
    lead_time = models.FloatField(null=True, blank=True)
    cost = models.FloatField(null=True, blank=True)
    process = models.FloatField(null=True, blank=True)
    average_score = models.FloatField(null=True, blank=True)  # of the four

    class Meta:
        verbose_name = _("simulation attempt")
        verbose_name_plural = _("simulation attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "uuid"], name="simulation_attempt_client_id_unique"
            )
        ]
        indexes = [models.Index(fields=["employee", "simulation", "status"])]

    def __str__(self):
        return f"{self.employee} {self.uuid}"

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED

    def scores(self) -> dict[str, float]:
        return {
            "customer_satisfaction": self.customer_satisfaction,
            "lead_time": self.lead_time,
            "cost": self.cost,
            "process": self.process,
        }


class SimulationAttemptChoice(models.Model):
    """One choice made in an attempt, in order, identified by the device's UUID."""

    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(_("client id"))
    attempt = models.ForeignKey(
        SimulationAttempt, on_delete=models.CASCADE, related_name="made_choices"
    )
    position = models.PositiveSmallIntegerField()
    choice = models.ForeignKey(SimulationChoice, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField()

    class Meta:
        ordering = ["attempt_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="one_choice_per_turn"),
            models.UniqueConstraint(fields=["attempt", "uuid"], name="attempt_choice_client_id"),
        ]

    def __str__(self):
        return f"{self.attempt_id}.{self.position}"
