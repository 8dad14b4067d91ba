"""The catalogue of push kinds: what each one is called in the API, how it is rationed and where
it comes from. Internal values are English (database); ``api_value`` is what the API shows (Dutch).

No kind is urgent: every push waits for the end of the employee's quiet hours.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """Internal values (English)."""

    DAILY_LESSON = "daily_lesson", _("Daily lesson ready")
    REVIEWS_DUE = "reviews_due", _("Reviews due")
    STREAK_AT_RISK = "streak_at_risk", _("Streak at risk")
    COMPLIMENT_RECEIVED = "compliment_received", _("Compliment received")
    CITIZEN_COMPLIMENT_RECEIVED = "citizen_compliment_received", _("Citizen's compliment received")
    CAMPAIGN_STARTED = "campaign_started", _("Campaign started")
    CAMPAIGN_CLOSING = "campaign_closing", _("Campaign closing")
    RULE_REPORT_UPDATE = "rule_report_update", _("Rule report update")
    TRIAGE_REMINDER = "triage_reminder", _("Triage session reminder")


class Ration(StrEnum):
    """How a kind counts against the frequency caps (internal values)."""

    ENGAGEMENT = "engagement"  # at most a few per local day, backs off when ignored
    CAMPAIGN = "campaign"  # engagement, and at most a few per rolling week
    STATUS = "status"  # something happened to the employee: never capped


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    api_value: str  # the Dutch value the API shows
    ration: Ration
    skipped_when_practised: bool  # pointless once the employee practised that local day
    expires_after_hours: int | None  # None: at the end of the local day (or quiet hours)
    link: str  # the app screen a tap opens; "{subject}" is the subject's UUID


CATALOGUE: dict[Kind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(Kind.DAILY_LESSON, "dagelijkse_les", Ration.ENGAGEMENT, True, None, "/vandaag"),
        KindSpec(Kind.REVIEWS_DUE, "herhalingen_klaar", Ration.ENGAGEMENT, True, None, "/vandaag"),
        KindSpec(Kind.STREAK_AT_RISK, "reeks_in_gevaar", Ration.ENGAGEMENT, True, None, "/vandaag"),
        KindSpec(
            Kind.COMPLIMENT_RECEIVED,
            "compliment_ontvangen",
            Ration.STATUS,
            False,
            7 * 24,
            "/complimenten/ontvangen",
        ),
        KindSpec(
            Kind.CITIZEN_COMPLIMENT_RECEIVED,
            "publiekscompliment_ontvangen",
            Ration.STATUS,
            False,
            7 * 24,
            "/publiekscomplimenten",
        ),
        KindSpec(
            Kind.CAMPAIGN_STARTED,
            "campagne_gestart",
            Ration.CAMPAIGN,
            False,
            None,
            "/complimentcampagnes/{subject}",
        ),
        KindSpec(
            Kind.CAMPAIGN_CLOSING,
            "campagne_sluit",
            Ration.CAMPAIGN,
            False,
            None,
            "/complimentcampagnes/{subject}",
        ),
        KindSpec(
            Kind.RULE_REPORT_UPDATE,
            "regelmelding_bijgewerkt",
            Ration.STATUS,
            False,
            7 * 24,
            "/regelmeldingen/{subject}",
        ),
        KindSpec(
            Kind.TRIAGE_REMINDER, "triageherinnering", Ration.STATUS, False, None, "/triagesessies"
        ),
    )
}

API_VALUE = {spec.kind: spec.api_value for spec in CATALOGUE.values()}
KIND_OF_API_VALUE = {spec.api_value: spec.kind for spec in CATALOGUE.values()}
# The daily slot: one of these per employee and local day, whichever today's session holds.
DAILY_SLOT_KINDS = (Kind.DAILY_LESSON, Kind.REVIEWS_DUE)
