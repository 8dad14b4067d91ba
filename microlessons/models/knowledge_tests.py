"""The knowledge test (kennistoets): questions across topics, practice attempts, and
measurement attempts within a window the organisation sets. Only the first completed
measurement attempt of an employee in a window counts; the organisation sees aggregates only.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backend.common.models import BaseModel
from backend.common.owned_content import OwnedContent, unique_per_owner
from backend.common.versions import ImmutableWhenPublished, refuse_if_published
from backend.organisations.models import Employee, OrganisationOwned
from microlessons.models.lessons import KEY_HELP, Module, Question


class KnowledgeTest(ImmutableWhenPublished, OwnedContent):
    """A test form. Once published it never changes (a new edition is a new test)."""

    key = models.SlugField(_("key"), max_length=60, help_text=KEY_HELP)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("knowledge test")
        verbose_name_plural = _("knowledge tests")
        ordering = ["title", "pk"]
        constraints = unique_per_owner(["key"], "knowledge_test_key_unique")

    def __str__(self):
        return self.title

    @classmethod
    def choosable_by(cls, organisation):
        """Windows measure with published tests the organisation can see."""
        return cls.objects.filter(
            Q(owner__isnull=True) | Q(owner=organisation), status=cls.Status.PUBLISHED
        )


class KnowledgeQuestion(BaseModel):
    test = models.ForeignKey(
        KnowledgeTest, on_delete=models.CASCADE, related_name="questions", verbose_name=_("test")
    )
    key = models.SlugField(_("key"), max_length=60, help_text=KEY_HELP)
    position = models.PositiveIntegerField(_("position"), default=0)
    topic = models.ForeignKey(
        Module,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("topic"),
        help_text=_("The module whose subject this question tests."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Question.Kind, default=Question.Kind.SINGLE
    )
    prompt = models.TextField(_("question"))
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("test question")
        verbose_name_plural = _("test questions")
        ordering = ["test_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["test", "key"], name="knowledge_question_key_unique")
        ]

    def __str__(self):
        return self.prompt[:80]

    def save(self, *args, **kwargs):
        refuse_if_published(self.test.status)
        super().save(*args, **kwargs)


class KnowledgeOption(BaseModel):
    question = models.ForeignKey(
        KnowledgeQuestion, on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback"))

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question_id", "position", "pk"]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        refuse_if_published(self.question.test.status)
        super().save(*args, **kwargs)


class MeasurementWindow(OrganisationOwned):
    """When an organisation measures: only then do measurement attempts start and count."""

    test = models.ForeignKey(
        KnowledgeTest, on_delete=models.PROTECT, related_name="windows", verbose_name=_("test")
    )
    name = models.CharField(_("name"), max_length=200)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))

    class Meta:
        verbose_name = _("measurement window")
        verbose_name_plural = _("measurement windows")
        ordering = ["organisation_id", "opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="window_closes_after_it_opens"
            )
        ]

    def __str__(self):
        return self.name

    def is_open(self, moment) -> bool:
        return self.opens_at <= moment < self.closes_at

    def clean(self):
        """One window of a test at a time: a measurement must belong to exactly one window."""
        super().clean()
        if not (self.opens_at and self.closes_at and self.test_id and self.organisation_id):
            return
        overlapping = (
            MeasurementWindow.objects.filter(
                organisation_id=self.organisation_id,
                test_id=self.test_id,
                opens_at__lt=self.closes_at,
                closes_at__gt=self.opens_at,
            )
            .exclude(pk=self.pk)
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                {
                    "opens_at": _(
                        "This overlaps the window %(name)s of the same test; let one close "
                        "before the next opens."
                    )
                    % {"name": overlapping.name}
                }
            )


class KnowledgeTestAttempt(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "oefenen", _("Practice")
        MEASUREMENT = "meting", _("Measurement")

    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(_("client id"))
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    test = models.ForeignKey(KnowledgeTest, on_delete=models.PROTECT, related_name="attempts")
    kind = models.CharField(max_length=20, choices=Kind)
    window = models.ForeignKey(
        MeasurementWindow, on_delete=models.PROTECT, null=True, blank=True, related_name="attempts"
    )
    started_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    counts_for_measurement = models.BooleanField(default=False)
    score_percent = models.FloatField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("knowledge test attempt")
        verbose_name_plural = _("knowledge test attempts")
        constraints = [
            models.UniqueConstraint(fields=["employee", "uuid"], name="test_attempt_client_id"),
            models.UniqueConstraint(
                fields=["employee", "window"],
                condition=Q(counts_for_measurement=True),
                name="one_counted_measurement_per_window",
            ),
            models.CheckConstraint(
                condition=Q(kind="oefenen", window__isnull=True)
                | Q(kind="meting", window__isnull=False),
                name="measurements_have_a_window",
            ),
        ]
        indexes = [models.Index(fields=["window", "counts_for_measurement"])]

    def __str__(self):
        return f"{self.employee} {self.uuid}"

    @property
    def is_measurement(self):
        return self.kind == self.Kind.MEASUREMENT

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class KnowledgeAnswer(models.Model):
    """The current answer to one question of an attempt (changeable until submission)."""

    id = models.BigAutoField(primary_key=True)
    attempt = models.ForeignKey(
        KnowledgeTestAttempt, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(KnowledgeQuestion, on_delete=models.PROTECT, related_name="+")
    chosen_options = models.JSONField(default=list)
    is_correct = models.BooleanField()
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return f"{self.attempt_id} {self.question_id}"
