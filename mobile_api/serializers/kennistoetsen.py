"""The knowledge test in the API. During a measurement attempt nothing tells the learner what
is right before the attempt is submitted: questions carry no correct answers, no feedback, no
scores, and answering says only that the answer was stored."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from microlessons.knowledge_test_attempts import results_per_topic
from microlessons.models import KnowledgeTestAttempt, Question
from mobile_api.fields import UTCDateTimeField
from mobile_api.serializers.gedeeld import ModuleVerwijzingSerializer


class MeetvensterSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    naam = serializers.CharField(source="name")
    openVanaf = UTCDateTimeField(source="opens_at")
    openTot = UTCDateTimeField(source="closes_at")


class MetingSerializer(serializers.Serializer):
    venster = MeetvensterSerializer(
        allow_null=True, help_text="Het meetvenster dat nu open is, als er een is."
    )
    alGemeten = serializers.BooleanField(
        help_text="In dit venster telt al een ingeleverde meting van de medewerker."
    )


class KennistoetsSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    sleutel = serializers.CharField(source="key")
    titel = serializers.CharField(source="title")
    beschrijving = serializers.CharField(source="description")
    aantalVragen = serializers.SerializerMethodField()
    onderwerpen = serializers.SerializerMethodField()
    meting = serializers.SerializerMethodField()

    def get_aantalVragen(self, test) -> int:
        return len(test.questions.all())

    @extend_schema_field(ModuleVerwijzingSerializer(many=True))
    def get_onderwerpen(self, test):
        topics = {question.topic_id: question.topic for question in test.questions.all()}
        return ModuleVerwijzingSerializer(topics.values(), many=True).data

    @extend_schema_field(MetingSerializer)
    def get_meting(self, test):
        window = self.context["open_windows"].get(test.pk)
        measured = window is not None and window.pk in self.context["measured_windows"]
        return MetingSerializer({"venster": window, "alGemeten": measured}).data


class ToetsoptieSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    tekst = serializers.CharField(source="text")


class ToetsvraagSerializer(serializers.Serializer):
    """Een vraag zonder het juiste antwoord."""

    uuid = serializers.UUIDField()
    onderwerp = ModuleVerwijzingSerializer(source="topic")
    soort = serializers.ChoiceField(source="kind", choices=Question.Kind.choices)
    tekst = serializers.CharField(source="prompt")
    opties = ToetsoptieSerializer(source="options", many=True)
    mijnAntwoord = serializers.SerializerMethodField(
        help_text="De gekozen opties, zolang de poging loopt te wijzigen."
    )

    def get_mijnAntwoord(self, question) -> list[str] | None:
        answer = self.context["answers"].get(question.pk)
        return answer.chosen_options if answer is not None else None


class OnderwerpResultaatSerializer(serializers.Serializer):
    onderwerp = ModuleVerwijzingSerializer(source="topic")
    aantalVragen = serializers.IntegerField(source="questions")
    aantalGoed = serializers.IntegerField(source="correct")
    percentage = serializers.FloatField(source="percent")


class VraagUitslagSerializer(serializers.Serializer):
    vraag = serializers.UUIDField(source="uuid")
    juist = serializers.SerializerMethodField()
    juisteOpties = serializers.SerializerMethodField()
    uitleg = serializers.CharField(source="explanation")

    def get_juist(self, question) -> bool:
        answer = self.context["answers"].get(question.pk)
        return bool(answer and answer.is_correct)

    def get_juisteOpties(self, question) -> list[str]:
        return [str(option.uuid) for option in question.options.all() if option.is_correct]


class ToetsuitslagSerializer(serializers.Serializer):
    percentage = serializers.FloatField(source="score_percent")
    telt = serializers.BooleanField(
        source="counts_for_measurement",
        help_text="Of deze poging meetelt voor de meting van de organisatie (alleen de eerste "
        "ingeleverde meting in een venster telt).",
    )
    perOnderwerp = serializers.SerializerMethodField()
    vragen = serializers.SerializerMethodField()

    @extend_schema_field(OnderwerpResultaatSerializer(many=True))
    def get_perOnderwerp(self, attempt):
        return OnderwerpResultaatSerializer(results_per_topic(attempt), many=True).data

    @extend_schema_field(VraagUitslagSerializer(many=True))
    def get_vragen(self, attempt):
        return VraagUitslagSerializer(
            attempt.test.questions.all(), many=True, context=self.context
        ).data


class ToetspogingSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    toets = serializers.UUIDField(source="test.uuid")
    soort = serializers.ChoiceField(source="kind", choices=KnowledgeTestAttempt.Kind.choices)
    meetvenster = MeetvensterSerializer(source="window", allow_null=True)
    gestartOp = UTCDateTimeField(source="started_at")
    ingeleverdOp = UTCDateTimeField(source="submitted_at", allow_null=True)
    vragen = serializers.SerializerMethodField()
    uitslag = serializers.SerializerMethodField(
        help_text="Pas na het inleveren: de score per onderwerp en per vraag wat juist was."
    )

    def _answers_context(self, attempt):
        return {"answers": {answer.question_id: answer for answer in attempt.answers.all()}}

    @extend_schema_field(ToetsvraagSerializer(many=True))
    def get_vragen(self, attempt):
        return ToetsvraagSerializer(
            attempt.test.questions.all(), many=True, context=self._answers_context(attempt)
        ).data

    @extend_schema_field(ToetsuitslagSerializer(allow_null=True))
    def get_uitslag(self, attempt):
        if not attempt.is_submitted:
            return None
        return ToetsuitslagSerializer(attempt, context=self._answers_context(attempt)).data


class ToetsantwoordSerializer(serializers.Serializer):
    """Bij oefenen meteen of het juist is, met feedback; bij een meting alleen dat het
    antwoord is opgeslagen (de rest volgt na het inleveren)."""

    vraag = serializers.UUIDField(source="question.uuid")
    gekozenOpties = serializers.ListField(source="chosen_options", child=serializers.UUIDField())
    opgeslagen = serializers.BooleanField(default=True)
    juist = serializers.SerializerMethodField()
    feedback = serializers.SerializerMethodField()
    uitleg = serializers.SerializerMethodField()

    def _practice(self):
        return self.context["attempt"].kind == KnowledgeTestAttempt.Kind.PRACTICE

    def get_juist(self, answer) -> bool | None:
        return answer.is_correct if self._practice() else None

    def get_feedback(self, answer) -> list[str] | None:
        if not self._practice():
            return None
        chosen = set(answer.chosen_options)
        return [o.feedback for o in answer.question.options.all() if str(o.uuid) in chosen]

    def get_uitleg(self, answer) -> str | None:
        return answer.question.explanation if self._practice() else None


# --- input ----------------------------------------------------------------------------------


class ToetspogingInvoerSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(
        help_text="Door het apparaat gemaakt; maakt opnieuw versturen veilig."
    )
    toets = serializers.UUIDField()
    soort = serializers.ChoiceField(
        choices=KnowledgeTestAttempt.Kind.choices,
        help_text="`oefenen` kan altijd; `meting` alleen als het meetvenster open is.",
    )


class ToetsantwoordInvoerSerializer(serializers.Serializer):
    vraag = serializers.UUIDField()
    gekozenOpties = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, max_length=20, allow_empty=False
    )
