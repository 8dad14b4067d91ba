"""The learner's side of microlessons: content, today's session, answers, sync."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from microlessons.image_uploads import image_variant_urls
from microlessons.models import Block, Question
from microlessons.option_order import options_in_learner_order
from microlessons.spaced_repetition import STATE_NAMES
from mobile_api.fields import StrictCharField, UTCDateTimeField
from mobile_api.schema import OngeldigeParameterSerializer
from mobile_api.serializers.gedeeld import ModuleVerwijzingSerializer
from mobile_api.serializers.simulaties import SimulatieGesprekSerializer


def learner_of(context):
    """The employee the response is for (options are ordered for them)."""
    if "learner" in context:
        return context["learner"]
    request = context.get("request")
    user = getattr(request, "user", None)
    return getattr(user, "employee", None)


class AfbeeldingVariantSerializer(serializers.Serializer):
    breedte = serializers.IntegerField()
    hoogte = serializers.IntegerField()
    mediatype = serializers.CharField(help_text="`image/webp` of de terugval `image/jpeg`.")
    url = serializers.URLField()


class AfbeeldingSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    beschrijving = serializers.CharField(source="description")
    breedte = serializers.IntegerField(source="width")
    hoogte = serializers.IntegerField(source="height")
    varianten = serializers.SerializerMethodField()

    @extend_schema_field(AfbeeldingVariantSerializer(many=True))
    def get_varianten(self, image):
        request = self.context.get("request")
        return [
            {
                "breedte": variant["width"],
                "hoogte": variant["height"],
                "mediatype": variant["mediaType"],
                "url": request.build_absolute_uri(variant["url"]) if request else variant["url"],
            }
            for variant in image_variant_urls(image)
        ]


class OptieSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    tekst = serializers.CharField(source="text")
    juist = serializers.BooleanField(source="is_correct")
    feedback = serializers.CharField()


class VraagSerializer(serializers.Serializer):
    """Een vraag met per optie of die juist is en de feedback, zodat de app ook offline werkt."""

    uuid = serializers.UUIDField()
    sleutel = serializers.CharField(source="key")
    soort = serializers.ChoiceField(source="kind", choices=Question.Kind.choices)
    tekst = serializers.CharField(source="prompt")
    uitleg = serializers.CharField(source="explanation")
    opties = serializers.SerializerMethodField(
        help_text="In een volgorde per medewerker en vraag: gehusseld, maar voor deze "
        "medewerker steeds dezelfde. Antwoorden noemen opties bij hun uuid."
    )

    @extend_schema_field(OptieSerializer(many=True))
    def get_opties(self, question):
        learner = learner_of(self.context)
        options = question.options.all()
        if learner is not None:
            options = options_in_learner_order(
                options, learner_uuid=learner.uuid, question_uuid=question.uuid
            )
        return OptieSerializer(options, many=True).data


class BlokSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(source="kind", choices=Block.Kind.choices)
    tekst = serializers.CharField(source="text")
    afbeelding = AfbeeldingSerializer(source="image", allow_null=True)
    alternatieveTekst = serializers.SerializerMethodField()
    vraag = serializers.SerializerMethodField()

    def get_alternatieveTekst(self, block) -> str:
        if block.image_id is None:
            return ""
        return block.alt_text or block.image.description

    def get_vraag(self, block) -> VraagSerializer(allow_null=True):
        if block.kind != Block.Kind.QUESTION:
            return None
        return VraagSerializer(block.question, context=self.context).data


class LeerdoelSerializer(serializers.Serializer):
    sleutel = serializers.CharField(source="key")
    titel = serializers.CharField(source="title")


class LesSerializer(serializers.Serializer):
    """Een les in de gepubliceerde versie die de medewerker krijgt, met alle blokken."""

    uuid = serializers.UUIDField()
    sleutel = serializers.CharField(source="key")
    module = ModuleVerwijzingSerializer()
    versie = serializers.IntegerField(source="published_version.number")
    titel = serializers.CharField(source="published_version.title")
    samenvatting = serializers.CharField(source="published_version.summary")
    geschatteDuurSeconden = serializers.IntegerField(source="published_version.estimated_seconds")
    gepubliceerdOp = UTCDateTimeField(source="published_version.published_at")
    leerdoelen = LeerdoelSerializer(source="learning_goals", many=True)
    blokken = BlokSerializer(source="published_version.blocks", many=True)


class LesKortSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    titel = serializers.CharField(source="published_version.title")
    samenvatting = serializers.CharField(source="published_version.summary")
    geschatteDuurSeconden = serializers.IntegerField(source="published_version.estimated_seconds")
    versie = serializers.IntegerField(source="published_version.number")
    voltooid = serializers.SerializerMethodField()

    def get_voltooid(self, lesson) -> bool:
        return lesson.pk in self.context.get("completed_lesson_ids", set())


class ModuleSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    sleutel = serializers.CharField(source="key")
    titel = serializers.CharField(source="title")
    beschrijving = serializers.CharField(source="description")
    gedeeld = serializers.BooleanField(
        source="is_shared", help_text="Gedeeld met alle organisaties (niet van de eigen)."
    )
    lessen = serializers.SerializerMethodField()

    def get_lessen(self, module) -> LesKortSerializer(many=True):
        lessons = self.context["lessons_by_module"].get(module.pk, [])
        return LesKortSerializer(lessons, many=True, context=self.context).data


class OfflineModuleSerializer(serializers.Serializer):
    """Alles van een module voor offline gebruik: lessen met blokken, vragen en afbeeldingen."""

    uuid = serializers.UUIDField()
    sleutel = serializers.CharField(source="key")
    titel = serializers.CharField(source="title")
    beschrijving = serializers.CharField(source="description")
    lessen = serializers.SerializerMethodField()

    simulaties = serializers.SerializerMethodField()

    def get_lessen(self, module) -> LesSerializer(many=True):
        return LesSerializer(self.context["lessons"], many=True, context=self.context).data

    @extend_schema_field(SimulatieGesprekSerializer(many=True))
    def get_simulaties(self, module):
        return SimulatieGesprekSerializer(self.context["simulations"], many=True).data


class ReeksSerializer(serializers.Serializer):
    huidig = serializers.IntegerField(
        source="current", help_text="Dagen op rij, tot en met vandaag of gisteren."
    )
    langste = serializers.IntegerField(source="longest")
    bevriezingenBeschikbaar = serializers.IntegerField(
        source="freezes_available",
        help_text="Elke 7 dagen reeks levert een bevriezing op (hoogstens 2); een gemiste dag "
        "gebruikt er een in plaats van de reeks te breken.",
    )
    vandaagActief = serializers.BooleanField(source="active_today")
    bevrorenDagen = serializers.ListField(source="frozen_days", child=serializers.DateField())


class KaartSerializer(serializers.Serializer):
    """De herhaalplanning (FSRS) van één vraag voor deze medewerker."""

    uuid = serializers.UUIDField()
    les = serializers.UUIDField(source="lesson.uuid")
    vraagSleutel = serializers.CharField(source="question_key")
    fase = serializers.SerializerMethodField()
    vervaltOp = UTCDateTimeField(source="due")
    laatsteHerhaling = UTCDateTimeField(source="last_review", allow_null=True)
    aantalHerhalingen = serializers.IntegerField(source="review_count")
    aantalTerugvallen = serializers.IntegerField(source="lapse_count")

    def get_fase(self, card) -> str:
        from fsrs import State

        return STATE_NAMES[State(card.state)]


class HerhalingSerializer(serializers.Serializer):
    kaart = KaartSerializer(source="card")
    lesTitel = serializers.CharField(source="question.version.title")
    vraag = VraagSerializer(source="question")


class VandaagSerializer(serializers.Serializer):
    datum = serializers.DateField(
        source="date", help_text="Vandaag in de tijdzone van de medewerker."
    )
    tijdbudgetSeconden = serializers.IntegerField(source="budget_seconds")
    geplandeSeconden = serializers.IntegerField(source="planned_seconds")
    les = LesSerializer(
        source="next_lesson",
        allow_null=True,
        help_text="De volgende nieuwe les in het leerpad, als die in het budget past.",
    )
    herhalingen = HerhalingSerializer(source="reviews", many=True)
    openstaandeHerhalingen = serializers.IntegerField(
        source="reviews_due_total", help_text="Alle herhalingen die vandaag aan de beurt zijn."
    )
    lessenVandaagVoltooid = serializers.IntegerField(source="lessons_completed_today")
    reeks = ReeksSerializer(source="streak")
    simulatie = SimulatieGesprekSerializer(
        source="simulation",
        allow_null=True,
        help_text="Een korte gesprekssimulatie (twee tot vier stappen) als er een aan de beurt "
        "is en die in het budget past, met het hele gesprek om te spelen.",
    )


class VoltooiingSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    les = serializers.UUIDField(source="lesson.uuid")
    versie = serializers.IntegerField(source="version.number")
    titel = serializers.CharField(source="version.title")
    voltooidOp = UTCDateTimeField(source="occurred_at")
    duurSeconden = serializers.IntegerField(source="duration_seconds", allow_null=True)


class OptieFeedbackSerializer(serializers.Serializer):
    optie = serializers.UUIDField(source="uuid")
    juist = serializers.BooleanField(source="is_correct")
    feedback = serializers.CharField()


class AntwoordResultaatSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    vraag = serializers.UUIDField(source="question.uuid")
    beantwoordOp = UTCDateTimeField(source="occurred_at")
    juist = serializers.BooleanField(source="is_correct")
    juisteOpties = serializers.SerializerMethodField()
    feedback = serializers.SerializerMethodField()
    uitleg = serializers.CharField(source="question.explanation")
    kaart = KaartSerializer(source="card", allow_null=True)

    def _options(self, answer):
        return list(answer.question.options.all())

    def get_juisteOpties(self, answer) -> list[str]:
        return [str(option.uuid) for option in self._options(answer) if option.is_correct]

    def get_feedback(self, answer) -> OptieFeedbackSerializer(many=True):
        chosen = set(answer.chosen_options)
        options = [option for option in self._options(answer) if str(option.uuid) in chosen]
        return OptieFeedbackSerializer(options, many=True).data


# --- input ----------------------------------------------------------------------------------


class AntwoordInvoerSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(
        help_text="Door het apparaat gemaakt; maakt opnieuw versturen veilig."
    )
    vraag = serializers.UUIDField()
    gekozenOpties = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, max_length=20, allow_empty=False
    )
    beantwoordOp = serializers.DateTimeField(
        help_text="Wanneer beantwoord, met tijdzone; niet in de toekomst."
    )
    duurMs = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=3_600_000
    )


class VoltooiingInvoerSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(
        help_text="Door het apparaat gemaakt; maakt opnieuw versturen veilig."
    )
    les = serializers.UUIDField()
    versie = serializers.IntegerField(min_value=1)
    voltooidOp = serializers.DateTimeField()
    duurSeconden = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=86_400
    )


BATCH_ITEM_SCHEMA = {
    "type": "object",
    "additionalProperties": True,
    "description": (
        "Een antwoord (de velden van AntwoordInvoerRequest, met `soort: antwoord`) of een "
        "voltooiing (de velden van VoltooiingInvoerRequest, met `soort: voltooiing`). Elk "
        "item wordt apart gecontroleerd: een item met ontbrekende of foute velden krijgt een "
        "resultaat `afgewezen` met invalidParams, de rest van de batch wordt gewoon verwerkt."
    ),
}


@extend_schema_field({"type": "array", "minItems": 1, "maxItems": 500, "items": BATCH_ITEM_SCHEMA})
class GebeurtenissenField(serializers.ListField):
    """Items are checked one by one later, so one bad item never sinks the batch."""


class SynchronisatieInvoerSerializer(serializers.Serializer):
    gebeurtenissen = GebeurtenissenField(
        child=serializers.DictField(),
        min_length=1,
        max_length=500,
        help_text="Antwoorden en voltooiingen die offline zijn vastgelegd (hoogstens 500). "
        "Een fout item wordt apart gemeld.",
    )


class GebeurtenisResultaatSerializer(serializers.Serializer):
    uuid = serializers.CharField(allow_null=True)
    soort = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["verwerkt", "dubbel", "afgewezen"])
    code = serializers.CharField(allow_null=True)
    invalidParams = OngeldigeParameterSerializer(many=True)
    antwoord = AntwoordResultaatSerializer(allow_null=True)
    voltooiing = VoltooiingSerializer(allow_null=True)


class SynchronisatieResultaatSerializer(serializers.Serializer):
    verwerkt = serializers.IntegerField()
    dubbel = serializers.IntegerField()
    afgewezen = serializers.IntegerField()
    resultaten = GebeurtenisResultaatSerializer(many=True)


class WijzigingenSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Geef deze mee bij de volgende keer ophalen.")
    kaarten = KaartSerializer(many=True)
    voltooiingen = VoltooiingSerializer(many=True)
    reeks = ReeksSerializer()


class AfbeeldingUploadSerializer(serializers.Serializer):
    bestand = serializers.FileField(help_text="JPEG, PNG, WebP of GIF; hoogstens 10 MB.")
    beschrijving = StrictCharField(max_length=300, help_text="Standaard alternatieve tekst.")


class InhoudspakketUploadSerializer(serializers.Serializer):
    pakket = serializers.FileField(help_text="Een inhoudspakket (JSON), hoogstens 50 MB.")
