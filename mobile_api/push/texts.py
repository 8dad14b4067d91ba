"""The texts of every push kind, Dutch and English, several per kind in rotation.

Texts never name a sender, a reporter or the content of a rule report: a push shows on a lock
screen. ``{count}`` and ``{name}`` are filled in where the kind has them.
"""

import datetime
from dataclasses import dataclass

from mobile_api.push.fatigue import PAUSE_NOTICE_TEMPLATE
from mobile_api.push.kinds import Kind


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    body: str


def _t(id_, title, body):
    return Template(id_, title, body)


TEMPLATES: dict[str, dict[Kind, tuple[Template, ...]]] = {
    "nl": {
        Kind.DAILY_LESSON: (
            _t("les-1", "Je les van vandaag staat klaar", "Drie minuten, dan ben je weer bij."),
            _t(
                "les-2",
                "Even tijd tussen twee klussen?",
                "Je volgende les duurt maar drie minuten.",
            ),
            _t("les-3", "Nieuwe les voor je klaar", "Kort, praktisch en zo gedaan."),
        ),
        Kind.REVIEWS_DUE: (
            _t(
                "herhaling-1",
                "Tijd om te herhalen",
                "{count} vragen wachten op een korte herhaling.",
            ),
            _t("herhaling-2", "Houd het vers", "Herhaal {count} vragen, dan blijft het hangen."),
            _t(
                "herhaling-3",
                "Je herhalingen staan klaar",
                "{count} korte vragen, een paar minuten.",
            ),
        ),
        Kind.STREAK_AT_RISK: (
            _t(
                "reeks-1",
                "Je reeks loopt bijna af",
                "Eén korte les vandaag en je reeks blijft staan.",
            ),
            _t("reeks-2", "Nog even je reeks redden?", "Een paar minuten oefenen is genoeg."),
            _t("reeks-3", "Vandaag nog niet geoefend", "Houd je reeks vast met één korte les."),
        ),
        Kind.COMPLIMENT_RECEIVED: (
            _t(
                "compliment-1",
                "Je hebt een compliment gekregen",
                "Een collega waardeert je. Kijk maar.",
            ),
            _t(
                "compliment-2",
                "Er is een compliment voor je",
                "Open de app en lees wat een collega schreef.",
            ),
            _t("compliment-3", "Iemand zag wat je doet", "Je hebt een compliment ontvangen."),
        ),
        Kind.CITIZEN_COMPLIMENT_RECEIVED: (
            _t("publiek-1", "Een compliment van een inwoner", "Een inwoner was blij met je hulp."),
            _t("publiek-2", "Een inwoner bedankt je", "Lees het compliment in de app."),
            _t(
                "publiek-3",
                "Compliment van buiten",
                "Iemand die je hielp, liet een compliment achter.",
            ),
        ),
        Kind.CAMPAIGN_STARTED: (
            _t("gestart-1", "{name} is begonnen", "Wie verdient een compliment? Stuur het nu."),
            _t("gestart-2", "Tijd voor complimenten", "{name} is open: maak een collega blij."),
            _t("gestart-3", "{name}: doe je mee?", "Stuur een collega een compliment."),
        ),
        Kind.CAMPAIGN_CLOSING: (
            _t("sluit-1", "Laatste dag: {name}", "Vandaag kun je nog een compliment sturen."),
            _t("sluit-2", "{name} sluit vandaag", "Wie wilde je nog bedanken?"),
            _t("sluit-3", "Nog één dag voor {name}", "Stuur vandaag nog je compliment."),
        ),
        Kind.RULE_REPORT_UPDATE: (
            _t(
                "melding-1",
                "Nieuws over een regelmelding",
                "Er is een nieuwe stap gezet. Kijk in de app.",
            ),
            _t("melding-2", "Je regelmelding is bijgewerkt", "Open de app voor de nieuwe stap."),
            _t(
                "melding-3",
                "Update over een melding",
                "Er is iets veranderd aan een melding die je volgt.",
            ),
        ),
        Kind.TRIAGE_REMINDER: (
            _t("triage-1", "Vandaag is de triage", "{count} meldingen wachten op een besluit."),
            _t("triage-2", "Triage vandaag", "Er liggen {count} nieuwe meldingen klaar."),
            _t("triage-3", "Klaar voor de triage?", "{count} meldingen staan op de agenda."),
        ),
    },
    "en": {
        Kind.DAILY_LESSON: (
            _t("les-1", "Today's lesson is ready", "Three minutes and you're up to date."),
            _t("les-2", "A moment between two jobs?", "Your next lesson takes only three minutes."),
            _t("les-3", "A new lesson for you", "Short, practical and done in no time."),
        ),
        Kind.REVIEWS_DUE: (
            _t(
                "herhaling-1", "Time to review", "{count} questions are waiting for a quick review."
            ),
            _t("herhaling-2", "Keep it fresh", "Review {count} questions so it sticks."),
            _t("herhaling-3", "Your reviews are ready", "{count} short questions, a few minutes."),
        ),
        Kind.STREAK_AT_RISK: (
            _t("reeks-1", "Your streak is about to end", "One short lesson today keeps it going."),
            _t("reeks-2", "Save your streak?", "A few minutes of practice is enough."),
            _t("reeks-3", "No practice yet today", "Keep your streak with one short lesson."),
        ),
        Kind.COMPLIMENT_RECEIVED: (
            _t(
                "compliment-1",
                "You received a compliment",
                "A colleague appreciates you. Take a look.",
            ),
            _t(
                "compliment-2",
                "There's a compliment for you",
                "Open the app to read what a colleague wrote.",
            ),
            _t("compliment-3", "Someone noticed your work", "You received a compliment."),
        ),
        Kind.CITIZEN_COMPLIMENT_RECEIVED: (
            _t("publiek-1", "A compliment from a resident", "A resident was happy with your help."),
            _t("publiek-2", "A resident thanks you", "Read the compliment in the app."),
            _t("publiek-3", "A compliment from outside", "Someone you helped left a compliment."),
        ),
        Kind.CAMPAIGN_STARTED: (
            _t("gestart-1", "{name} has started", "Who deserves a compliment? Send it now."),
            _t("gestart-2", "Time for compliments", "{name} is open: make a colleague's day."),
            _t("gestart-3", "{name}: will you join?", "Send a colleague a compliment."),
        ),
        Kind.CAMPAIGN_CLOSING: (
            _t("sluit-1", "Last day: {name}", "You can still send a compliment today."),
            _t("sluit-2", "{name} closes today", "Who did you still want to thank?"),
            _t("sluit-3", "One day left for {name}", "Send your compliment today."),
        ),
        Kind.RULE_REPORT_UPDATE: (
            _t(
                "melding-1",
                "News about a rule report",
                "A new step was taken. Have a look in the app.",
            ),
            _t("melding-2", "Your rule report was updated", "Open the app to see the new step."),
            _t("melding-3", "An update on a report", "Something changed on a report you follow."),
        ),
        Kind.TRIAGE_REMINDER: (
            _t("triage-1", "Triage is today", "{count} reports are waiting for a decision."),
            _t("triage-2", "Triage today", "{count} new reports are ready."),
            _t("triage-3", "Ready for triage?", "{count} reports are on the agenda."),
        ),
    },
}

PAUSE_NOTICES = {
    "nl": _t(
        PAUSE_NOTICE_TEMPLATE,
        "We laten je even met rust",
        "Je krijgt geen herinneringen meer tot je de app weer opent.",
    ),
    "en": _t(
        PAUSE_NOTICE_TEMPLATE,
        "We'll leave you be for now",
        "No more reminders until you open the app again.",
    ),
}


@dataclass(frozen=True)
class Text:
    template: str
    title: str
    body: str


def _language(locale: str) -> str:
    return locale if locale in TEMPLATES else "nl"


def text_for(kind: Kind, *, locale: str, rotation: int, **values) -> Text:
    """A template in rotation: consecutive ``rotation`` numbers (days, events) never repeat the
    same template; the same one returns only after all of the kind's templates were used."""
    templates = TEMPLATES[_language(locale)][kind]
    template = templates[rotation % len(templates)]
    return Text(template.id, template.title.format(**values), template.body.format(**values))


def pause_notice(*, locale: str) -> Text:
    template = PAUSE_NOTICES[_language(locale)]
    return Text(template.id, template.title, template.body)


def day_rotation(day: datetime.date, employee_id: int) -> int:
    """Daily kinds rotate by date, offset per employee so colleagues get different texts."""
    return day.toordinal() + employee_id
