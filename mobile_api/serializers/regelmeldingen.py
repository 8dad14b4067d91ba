"""Rule reports in the API. Two shapes: what coaches see (everything, with internal notes
and, except for anonymous reports, who reported) and what reporters, followers and owners
see (public states and public messages only)."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from campaigns.rule_reports.models import MESSAGE_MAX_LENGTH, TEXT_MAX_LENGTH, RuleReport
from campaigns.rule_reports.workflow import PUBLIC_STATE, Action, Resolution, State
from mobile_api.fields import StrictCharField, StrictUUIDField, UTCDateTimeField

PUBLIC_STATES = sorted(set(PUBLIC_STATE.values()))


class RegelmeldingInvoerSerializer(serializers.Serializer):
    regel = StrictCharField(max_length=TEXT_MAX_LENGTH, help_text="Welke regel het is.")
    waarTegengekomen = StrictCharField(
        max_length=TEXT_MAX_LENGTH, help_text="In welk proces of product je de regel tegenkwam."
    )
    afdeling = StrictUUIDField(required=False, allow_null=True)
    gevolg = StrictCharField(
        max_length=TEXT_MAX_LENGTH,
        help_text="Wat de regel doet met inwoners of de dienstverlening.",
    )
    beter = StrictCharField(
        max_length=TEXT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Wat beter zou zijn.",
    )
    herkomst = serializers.ChoiceField(choices=RuleReport.Origin.choices)
    privacy = serializers.ChoiceField(
        choices=RuleReport.Privacy.choices,
        help_text="`met_naam`; `vertrouwelijk` (alleen ontregelcoaches zien wie); `anoniem` (er "
        "wordt niets bewaard dat naar jou leidt; je krijgt één keer een volgcode).",
    )


class PubliekeStapSerializer(serializers.Serializer):
    actie = serializers.CharField(source="action")
    op = UTCDateTimeField(source="created_at")
    bericht = serializers.CharField(source="public_message")


class InterneStapSerializer(PubliekeStapSerializer):
    van = serializers.CharField(source="from_state")
    naar = serializers.CharField(source="to_state")
    afhandeling = serializers.CharField(source="resolution")
    door = serializers.SerializerMethodField()
    doorMelder = serializers.BooleanField(source="by_reporter")
    interneNotitie = serializers.CharField(source="internal_note")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_door(self, step):
        if step.by_reporter and self.context.get("hide_reporter"):
            return None
        return step.actor.full_name if step.actor else None


class MeldingBasisSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    nummer = serializers.IntegerField(source="number")
    regel = serializers.CharField(source="rule")
    waarTegengekomen = serializers.CharField(source="where_met")
    gevolg = serializers.CharField(source="impact")
    beter = serializers.CharField(source="better")
    herkomst = serializers.CharField(source="origin")
    privacy = serializers.CharField()
    publiekeStatus = serializers.SerializerMethodField()
    afhandeling = serializers.SerializerMethodField(help_text="Leeg zolang de melding open is.")
    ingediendOp = UTCDateTimeField(source="submitted_at")
    afgerondOp = UTCDateTimeField(source="closed_at", allow_null=True)
    volgers = serializers.IntegerField(source="follower_count")

    @extend_schema_field({"type": "string", "enum": PUBLIC_STATES})
    def get_publiekeStatus(self, report) -> str:
        return PUBLIC_STATE[State(report.state)]

    @extend_schema_field(
        {"type": "string", "enum": [r.value for r in Resolution], "nullable": True}
    )
    def get_afhandeling(self, report):
        return report.resolution or None


class MeldingPubliekSerializer(MeldingBasisSerializer):
    """Voor melder, volgers en eigenaar: alleen publieke berichten."""

    weergave = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "enum": ["publiek"]})
    def get_weergave(self, report) -> str:
        return "publiek"

    verantwoordelijk = serializers.SerializerMethodField(
        help_text="Wie er nu over gaat: het team, of bij doorzetten de landelijke instantie."
    )
    stappen = serializers.SerializerMethodField()

    def get_verantwoordelijk(self, report) -> str | None:
        escalation = getattr(report, "escalation", None)
        if (
            report.state in (State.ESCALATED,)
            or report.resolution == Resolution.ESCALATED_NATIONALLY
        ):
            return escalation.recipient_body if escalation else None
        return report.owner_department.name if report.owner_department else None

    @extend_schema_field(PubliekeStapSerializer(many=True))
    def get_stappen(self, report):
        public = [step for step in report.transitions.all() if step.public_message]
        return PubliekeStapSerializer(public, many=True).data


class MeldingCoachSerializer(MeldingBasisSerializer):
    """Voor ontregelcoaches: alles, met wie meldde (niet bij anoniem)."""

    weergave = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "enum": ["coach"]})
    def get_weergave(self, report) -> str:
        return "coach"

    status = serializers.ChoiceField(source="state", choices=[s.value for s in State])
    melder = serializers.SerializerMethodField()
    afdeling = serializers.CharField(source="department.name", default=None, allow_null=True)
    eigenaarAfdeling = serializers.CharField(
        source="owner_department.name", default=None, allow_null=True
    )
    eigenaar = serializers.CharField(source="owner.full_name", default=None, allow_null=True)
    triageVoor = serializers.DateField(source="triage_by", allow_null=True)
    deadline = serializers.DateField(source="due_on", allow_null=True)
    volgendeUpdateVoor = serializers.DateField(source="next_update_due", allow_null=True)
    uitgesteld = serializers.IntegerField(source="defer_count")
    gemarkeerd = serializers.BooleanField(source="is_flagged", help_text="Twee keer uitgesteld.")
    dubbelVan = serializers.UUIDField(source="duplicate_of.uuid", default=None, allow_null=True)
    onderbouwing = serializers.CharField(source="rule_owner_justification")
    stappen = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_melder(self, report):
        return report.reporter.full_name if report.reporter else None

    @extend_schema_field(InterneStapSerializer(many=True))
    def get_stappen(self, report):
        return InterneStapSerializer(
            report.transitions.all(), many=True, context={"hide_reporter": report.reporter is None}
        ).data


class IngediendeMeldingSerializer(serializers.Serializer):
    melding = MeldingPubliekSerializer()
    volgcode = serializers.CharField(
        allow_null=True,
        help_text="Alleen bij anoniem, alleen nu: hiermee volg je je melding. Bewaar hem goed.",
    )


class StapInvoerSerializer(serializers.Serializer):
    actie = serializers.ChoiceField(choices=[a.value for a in Action])
    verwachteStatus = serializers.ChoiceField(
        choices=[s.value for s in State],
        required=False,
        help_text="De status zoals jij die zag; is die intussen anders, dan 409.",
    )
    publiekBericht = StrictCharField(
        max_length=MESSAGE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    interneNotitie = StrictCharField(
        max_length=MESSAGE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    afhandeling = serializers.ChoiceField(choices=[r.value for r in Resolution], required=False)
    eigenaarAfdeling = StrictUUIDField(required=False, allow_null=True)
    eigenaar = StrictUUIDField(required=False, allow_null=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    dubbelVan = StrictUUIDField(required=False, allow_null=True)
    ontvanger = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    samenvatting = StrictCharField(
        max_length=MESSAGE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    onderbouwing = StrictCharField(
        max_length=MESSAGE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    volgcode = StrictCharField(max_length=100, required=False, allow_blank=True, default="")


def follow_code_field(**kwargs) -> StrictCharField:
    """The one-time code an anonymous reporter follows their report with (URL-safe base64)."""
    return StrictCharField(
        max_length=100,
        validators=[RegexValidator(r"^[A-Za-z0-9_-]*$", _("This is not a follow-up code."))],
        **kwargs,
    )


class VolgcodeInvoerSerializer(serializers.Serializer):
    volgcode = follow_code_field()


class SuggestieSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    nummer = serializers.IntegerField(source="number")
    regel = serializers.CharField(source="rule")
    publiekeStatus = serializers.SerializerMethodField()
    volgers = serializers.IntegerField(source="follower_count")

    @extend_schema_field({"type": "string", "enum": PUBLIC_STATES})
    def get_publiekeStatus(self, report) -> str:
        return PUBLIC_STATE[State(report.state)]


MeldingSerializer = PolymorphicProxySerializer(
    component_name="Regelmelding",
    serializers={"coach": MeldingCoachSerializer, "publiek": MeldingPubliekSerializer},
    resource_type_field_name="weergave",
)
