"""Content (modules, learning goals, versioned lessons) and learner records (answers,
completions, review cards, activity days).

Content belongs to one organisation, or to nobody: then it is shared with every organisation.
Published lesson versions never change; learner records point at the version they used.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.common.models import BaseModel
from backend.common.owned_content import OwnedContent, unique_per_owner
from backend.common.versions import ImmutableWhenPublished, refuse_if_published
from backend.organisations.models import Employee

# A lesson takes one to five minutes (checked by the database and by the content rules).
LESSON_MIN_SECONDS, LESSON_MAX_SECONDS = 60, 300

KEY_HELP = _("Lower case letters, digits and hyphens; unique within its parent.")


class Module(OwnedContent):
    key = models.SlugField(_("key"), max_length=60, help_text=KEY_HELP)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position in the learning path"), default=0)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["position", "title", "pk"]
        constraints = unique_per_owner(["key"], "module_key_unique")

    def __str__(self):
        return self.title

    @classmethod
    def choosable_by(cls, organisation):
        """An organisation puts lessons only in its own modules (adaptations of shared lessons
        stay where their original is, but they are made by adapting, not by choosing)."""
        return cls.objects.filter(owner=organisation)


class LearningGoal(OwnedContent):
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="learning_goals", verbose_name=_("module")
    )
    key = models.SlugField(_("key"), max_length=60, help_text=KEY_HELP)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("learning goal")
        verbose_name_plural = _("learning goals")
        ordering = ["module_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["module", "key"], name="learning_goal_key_unique")
        ]

    def __str__(self):
        return self.title


class Lesson(OwnedContent):
    """A lesson's lasting identity; its texts live in versions."""

    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("module")
    )
    key = models.SlugField(_("key"), max_length=60, help_text=KEY_HELP)
    position = models.PositiveIntegerField(_("position in the module"), default=0)
    learning_goals = models.ManyToManyField(
        LearningGoal, blank=True, related_name="lessons", verbose_name=_("learning goals")
    )
    published_version = models.OneToOneField(
        "LessonVersion",
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
        help_text=_("The shared lesson this organisation's copy was made from."),
    )
    adapted_from_version = models.PositiveIntegerField(
        _("adapted from version"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["module_id", "position", "pk"]
        constraints = [
            *unique_per_owner(["module", "key"], "lesson_key_unique"),
            models.UniqueConstraint(
                fields=["adapted_from", "owner"],
                condition=Q(adapted_from__isnull=False),
                name="one_adaptation_per_organisation",
            ),
        ]

    def __str__(self):
        version = self.published_version
        return version.title if version else self.key


class LessonVersion(ImmutableWhenPublished, BaseModel):
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="versions", verbose_name=_("lesson")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    estimated_seconds = models.PositiveIntegerField(_("estimated duration (seconds)"), default=180)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson version")
        verbose_name_plural = _("lesson versions")
        ordering = ["lesson_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "number"], name="lesson_version_unique"),
            models.UniqueConstraint(
                fields=["lesson"], condition=Q(status="draft"), name="one_draft_per_lesson"
            ),
            models.CheckConstraint(
                condition=Q(
                    estimated_seconds__gte=LESSON_MIN_SECONDS,
                    estimated_seconds__lte=LESSON_MAX_SECONDS,
                ),
                name="lesson_takes_one_to_five_minutes",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number}, {self.get_status_display()})"

    @classmethod
    def choosable_by(cls, organisation):
        """Questions are added to the organisation's own drafts only."""
        return cls.objects.filter(lesson__owner=organisation, status=cls.Status.DRAFT)


class LessonImage(OwnedContent):
    """An uploaded picture, stripped of metadata, with phone-sized variants."""

    original = models.FileField(_("file"), upload_to="lesson-images/", editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False, db_index=True)
    # [{"width": 480, "height": 320, "mediaType": "image/webp", "name": "lesson-images/…"}]
    variants = models.JSONField(default=list, editable=False)
    description = models.CharField(
        _("description"), max_length=300, help_text=_("Default alternative text.")
    )

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]

    def __str__(self):
        return self.description


class Block(models.Model):
    class Kind(models.TextChoices):
        TEXT = "tekst", _("Text")
        IMAGE = "afbeelding", _("Image")
        TIP = "tip", _("Tip")
        QUESTION = "vraag", _("Question")

    version = models.ForeignKey(
        LessonVersion, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("version")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    text = models.TextField(_("text"), blank=True)
    image = models.ForeignKey(
        LessonImage, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("image")
    )
    alt_text = models.CharField(_("alternative text"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["version_id", "position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        refuse_if_published(self.version.status)
        super().save(*args, **kwargs)


class Question(BaseModel):
    """A question inside one lesson version; ``key`` links its versions for spaced repetition."""

    class Kind(models.TextChoices):
        SINGLE = "enkele_keuze", _("Single choice")
        MULTIPLE = "meerdere_keuzes", _("Multiple choice")

    version = models.ForeignKey(
        LessonVersion, on_delete=models.CASCADE, related_name="questions", verbose_name=_("version")
    )
    block = models.OneToOneField(
        Block, on_delete=models.CASCADE, related_name="question", verbose_name=_("block")
    )
    key = models.SlugField(_("key"), max_length=60, help_text=KEY_HELP)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SINGLE)
    prompt = models.TextField(_("question"))
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_unique")
        ]

    def __str__(self):
        return self.prompt[:80]

    def save(self, *args, **kwargs):
        refuse_if_published(self.version.status)
        super().save(*args, **kwargs)


class QuestionOption(BaseModel):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
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
        refuse_if_published(self.question.version.status)
        super().save(*args, **kwargs)


# --- learner records --------------------------------------------------------------------------


class LearnerState(models.Model):
    """Per learner: a lock row for writes and the revision that delta pulls count from."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, primary_key=True, related_name="learner_state"
    )
    revision = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.employee} (r{self.revision})"


class LearnerEvent(models.Model):
    """Something a learner did, identified by the UUID their device generated."""

    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(_("client id"))
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, verbose_name=_("employee"))
    occurred_at = models.DateTimeField(_("occurred at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    # What the client sent, normalised, to tell a replay from a conflicting reuse of the id.
    fingerprint = models.CharField(max_length=64, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.employee} {self.uuid}"


class AnswerRecord(LearnerEvent):
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="+")
    question_key = models.SlugField(max_length=60)
    chosen_options = models.JSONField(_("chosen options"), default=list)
    is_correct = models.BooleanField(_("correct"))
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["employee", "uuid"], name="answer_client_id_unique")
        ]
        indexes = [models.Index(fields=["employee", "lesson", "question_key", "occurred_at"])]


class LessonCompletion(LearnerEvent):
    version = models.ForeignKey(
        LessonVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("version")
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="+")
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    revision = models.PositiveBigIntegerField(default=0, db_index=True)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "uuid"], name="completion_client_id_unique")
        ]
        indexes = [models.Index(fields=["employee", "lesson"])]


class ReviewCard(models.Model):
    """FSRS state of one learner for one question (by lesson and question key).

    Derived data: rebuilt from the learner's answers whenever an answer arrives.
    """

    id = models.BigAutoField(primary_key=True)  # also the FSRS card id
    uuid = models.UUIDField(unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    question_key = models.SlugField(max_length=60)
    state = models.PositiveSmallIntegerField()
    step = models.PositiveSmallIntegerField(null=True)
    stability = models.FloatField(null=True)
    difficulty = models.FloatField(null=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True)
    review_count = models.PositiveIntegerField(default=0)
    lapse_count = models.PositiveIntegerField(default=0)
    revision = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "lesson", "question_key"], name="one_card_per_question"
            )
        ]
        indexes = [
            models.Index(fields=["employee", "due"]),
            models.Index(fields=["employee", "revision"]),
        ]

    def __str__(self):
        return f"{self.employee} {self.question_key} (due {self.due:%Y-%m-%d})"


class ActivityDay(models.Model):
    """A local calendar day on which the learner did something (derived, for streaks)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    local_date = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "local_date"], name="one_activity_per_day")
        ]

    def __str__(self):
        return f"{self.employee} {self.local_date}"
