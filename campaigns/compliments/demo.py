"""Demo compliment campaign for Zeventerpen: "Valentijn 2027", open for nominations on the day
the demo is loaded, with a few hundred compliments between colleagues at every location,
volunteers who hand out the cards, and compliments from citizens.

Every compliment goes through ``compliment_send`` and ``compliment_moderate`` (card numbers,
digests and outbox events as in real use). Who sends what to whom follows from a fixed seed,
and every compliment's uuid and content follow from its key, so loading again finds the same
compliments (a retry of the service) and creates nothing twice.

The story in the data: most compliments are approved, the most recent ones still await the
organiser (demo-organisator), and three were rejected with a reason the sender sees; two of
those senders sent a better version. The demo learner (demo-medewerker) sent five, one of them
rejected, so that account has one compliment left to send.
"""

import datetime
import io
import random
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from backend.common.fonts import load_font
from backend.organisations.models import Department, Employee, Location, Organisation
from backend.organisations.roles import Role
from campaigns.compliments.citizen_compliments import (
    citizen_compliment_moderate,
    citizen_compliment_submit,
)
from campaigns.compliments.logos import normalised_logo
from campaigns.compliments.models import (
    Campaign,
    CitizenCompliment,
    Compliment,
    GiftOption,
    ModerationStatus,
    PublicComplimentSettings,
    Volunteer,
)
from campaigns.compliments.services import (
    campaign_delivery_rescheduled,
    campaign_values_default_add,
    compliment_moderate,
    compliment_send,
)

SEED = 20270214
NAMESPACE = uuid.UUID("3c5e9a71-2b4d-4f60-9d8e-7a1b2c3d4e5f")
ORGANISATION = "zeventerpen"
CAMPAIGN_NAME = "Valentijn 2027"
ORGANISER = "demo-organisator"
DEMO_LEARNER = "demo-medewerker"
LOGO_NAME = "zeventerpen-logo.png"

CAMPAIGN_FIELDS = {
    "sender_limit": 5,
    "moderation_required": True,
    "card_heading": "Een compliment voor",
    "primary_colour": "#B0123A",
    "accent_colour": "#FBE3EA",
    "text_colour": "#1F1F1F",
}
GIFTS = ["roos", "muffin (sociale werkplaats)"]
NOMINATION_DAYS_BEFORE = 10  # nominations opened this many days before the load ...
NOMINATION_DAYS_AFTER = 10  # ... and close this many days after it
DELIVERY_DAYS_AFTER = 14
PENDING = 25  # the most recent compliments still await moderation
ANONYMOUS_SHARE = 0.15

# What colleagues write, by the department of the one they compliment.
REASONS_BY_DEPARTMENT = {
    "Publiekszaken/KCC": [
        "Je bleef zo rustig aan de balie toen die meneer boos werd over zijn paspoort. Je "
        "legde uit wat wel kon en hij ging weg met een afspraak en een glimlach.",
        "Een inwoner belde voor de derde keer over dezelfde vraag. Jij nam de tijd, zocht het "
        "echt uit en belde haar terug, precies zoals je had beloofd.",
        "Je legde een oudere meneer aan de telefoon stap voor stap uit hoe hij online een "
        "afspraak maakt. Geduldig en zonder vakjargon, echt knap.",
        "Toen het systeem bij de balie uitviel, hield jij de wachtrij rustig en hielp je "
        "inwoners met pen en papier verder. Wat een initiatief!",
        "Je zag dat een moeder met drie kinderen lang stond te wachten en hielp haar even "
        "tussendoor met haar korte vraag. Klein gebaar, groot verschil.",
    ],
    "Sociaal Domein": [
        "Als Wmo-consulent ging je bij een mevrouw thuis langs en luisterde je eerst naar haar "
        "verhaal voordat je over regels begon. Ze voelde zich eindelijk gehoord.",
        "Je schreef de beschikking in gewone taal, zodat de inwoner meteen begreep wat hij "
        "krijgt en wat hij kan doen als hij het er niet mee eens is.",
        "Jij hebt samen met het wijkteam een gezin op weg geholpen dat tussen wal en schip "
        "dreigde te vallen. Doortastend en met veel aandacht.",
        "Je belde de inwoner terug op de dag die je had genoemd, ook al had je nog niet alle "
        "antwoorden. Dat vertrouwen is goud waard.",
    ],
    "Handhaving": [
        "Als handhaver sprak je een groep jongeren bij het station aan op een manier die ze "
        "snapten en respecteerden. Geen gedoe, wel duidelijkheid.",
        "Je legde een ondernemer uit waarom zijn terras te groot was en dacht mee over een "
        "oplossing, in plaats van meteen een boete te schrijven.",
        "Jij bleef vriendelijk en duidelijk tegen een boze automobilist, en lette er ook nog "
        "op dat je nieuwe collega veilig stond.",
    ],
    "Vergunningen": [
        "Je belde een aanvrager zelf op omdat er een stuk ontbrak, in plaats van de aanvraag "
        "buiten behandeling te stellen. Zo kon de verbouwing toch op tijd beginnen.",
        "Als vergunningverlener legde je de buren uit wat er gebouwd gaat worden en waar ze "
        "terechtkunnen met een bezwaar. Helder en eerlijk.",
        "Je hebt de checklist voor evenementenvergunningen herschreven. Organisatoren weten "
        "nu in één keer wat ze moeten aanleveren.",
    ],
    "Juridische Zaken": [
        "Je maakte van een ingewikkeld bezwaar een heldere notitie waar het hele team mee "
        "verder kon. Duidelijker kan het niet.",
        "Je leidde de hoorzitting zo rustig en respectvol dat de bezwaarmaker zei dat hij "
        "zich serieus genomen voelde, ook al kreeg hij geen gelijk.",
        "Jij belde de inwoner op voordat de brief over zijn bezwaar de deur uitging, zodat "
        "het nieuws niet als een verrassing kwam.",
    ],
    "Openbare Ruimte": [
        "Binnen een dag na de melding lag de losse stoeptegel weer recht. De inwoner die "
        "erover gevallen was, belde speciaal om te bedanken.",
        "Je hebt tijdens de storm tot 's avonds laat omgewaaide takken opgeruimd, zodat de "
        "kinderen de volgende ochtend veilig naar school konden.",
        "Je nam de tijd om een bewoner uit te leggen waarom de boom in zijn straat gekapt "
        "moest worden, en wanneer er een nieuwe komt.",
    ],
    "Belastingen": [
        "Je hielp een inwoner met een betalingsachterstand aan een betalingsregeling en wees "
        "haar op de schuldhulp. Menselijk en duidelijk tegelijk.",
        "Je legde de WOZ-waarde zo helder uit dat de inwoner zijn bezwaar introk en je "
        "bedankte voor de uitleg.",
    ],
    "Informatievoorziening": [
        "Toen mijn laptop het op de ochtend van de raadsvergadering opgaf, had jij binnen "
        "tien minuten een nieuwe voor me klaarstaan. Held!",
        "Je legde de nieuwe werkwijze in het zaaksysteem zo uit dat zelfs ik het snap. "
        "Geduldig en zonder één zucht.",
        "Je bleef na de storing doorwerken tot alle balies weer konden inloggen, en hield "
        "ons ondertussen steeds op de hoogte.",
    ],
    "Communicatie": [
        "Je herschreef de brief over de afvalinzameling in begrijpelijke taal. Daarna kwamen "
        "er veel minder vragen binnen bij het KCC.",
        "Je hield op zaterdag de berichten op sociale media bij tijdens de wateroverlast. "
        "Inwoners wisten steeds waar ze aan toe waren.",
    ],
    "Bedrijfsvoering": [
        "Jij regelde in één middag een werkplek voor onze nieuwe collega, met pasje en "
        "laptop. Zo voelde hij zich meteen welkom.",
        "Je dacht mee over mijn rooster toen ik mantelzorger werd voor mijn vader. Dat heeft "
        "me enorm geholpen.",
    ],
}
REASONS_FOR_ANYONE = [
    "Je hebt onze nieuwe collega zo goed ingewerkt. Ze weet na twee weken al de weg en durft "
    "overal vragen over te stellen.",
    "Je zegt wat je doet en je doet wat je zegt. Als jij zegt dat je terugbelt, dan gebeurt "
    "dat ook.",
    "Jij durfde in het overleg te zeggen dat het anders moest, en kwam meteen met een "
    "voorstel. Dat vraagt lef.",
    "Altijd een luisterend oor, ook als je zelf druk bent. Na een lastig gesprek met een "
    "inwoner kan ik altijd even bij je terecht.",
    "Je legt dingen zo duidelijk uit, zonder vakjargon. Inwoners en collega's begrijpen je meteen.",
    "Je nam spontaan een deel van mijn dossiers over toen ik ziek thuis zat. Ik kwam terug in "
    "een opgeruimde inbox.",
    "Je maakt van elke maandagochtend iets gezelligs, met koffie en de vraag hoe het met "
    "iedereen gaat. Dat maakt ons team sterker.",
    "Je zag dat een inwoner de weg kwijt was in het stadskantoor en liep gewoon even met hem "
    "mee naar de juiste balie.",
    "Je gaf me eerlijke en vriendelijke feedback op mijn eerste presentatie. Daar heb ik nog "
    "elke dag wat aan.",
    "Je blijft positief, ook als het tegenzit, en daarmee trek je het hele team mee.",
    "Dank je wel voor je hulp bij de verhuizing van onze afdeling. Je dacht overal aan, tot "
    "de plantjes toe.",
    "Jij hielp een inwoner die nog weinig Nederlands spreekt met plaatjes en eenvoudige "
    "woorden. Zo hoort het.",
]
CLOSINGS = [
    " Dank je wel!",
    " Ga zo door!",
    " Echt top.",
    " Fijn dat je mijn collega bent.",
    " Je bent een aanwinst voor Zeventerpen.",
]

# Three compliments the organiser rejected: (what was sent, why it was rejected, the better
# version the sender sent afterwards, or None). The first is the demo learner's.
REJECTED = [
    (
        "Top dat je die lastige meneer van de Molenstraat 14 eindelijk een boete hebt gegeven, "
        "die had hij echt verdiend!",
        "Er staat een adres van een inwoner in, en een compliment gaat niet over wie een boete "
        "verdient. Wil je het opnieuw sturen over wat je collega goed deed?",
        None,  # the demo learner can send a better one in the app
    ),
    (
        "Jij bent de enige op de afdeling die echt doorwerkt, de rest kan nog wat van je leren.",
        "Mooi dat je je collega wilt bedanken, maar zo komt het kwetsend over voor de rest "
        "van het team. Stuur je het opnieuw zonder de vergelijking?",
        "Je werkt zo gestaag en geconcentreerd door, ook als het druk is. Daar word ik zelf "
        "rustig van, en de inwoners merken het ook.",
    ),
    (
        "Bedankt dat je mevrouw Pietersen van de Lindelaan zo goed hebt geholpen met haar "
        "aanvraag voor bijzondere bijstand.",
        "Er staan gegevens van een inwoner in (naam en straat). Wil je het compliment opnieuw "
        "sturen zonder die gegevens?",
        "Je hielp een inwoner met een ingewikkelde aanvraag voor bijzondere bijstand en nam er "
        "echt de tijd voor. Ze ging opgelucht naar huis.",
    ),
]

# Compliments from citizens: message, named employee (by department: the first colleague
# there), chosen team, contact details, and who gets it when approved ("medewerker": the
# named colleague, "team": the team; None: still awaiting moderation).
CITIZEN_COMPLIMENTS = [
    {
        "message": "Ik kwam vorige week bij de Stadswinkel voor een nieuw paspoort en was mijn "
        "oude kwijt. De medewerker aan de balie bleef heel rustig en regelde alles. "
        "Hartelijk dank!",
        "colleague_in": "Publiekszaken/KCC",
        "department": "Publiekszaken/KCC",
        "contact_name": "M. Jansen",
        "contact_email": "m.jansen@example.org",
        "deliver_to": "medewerker",
    },
    {
        "message": "De stoeptegels voor ons huis lagen al maanden scheef. Een dag na mijn "
        "melding was het gemaakt. Complimenten voor de mensen van de buitendienst!",
        "department": "Openbare Ruimte",
        "deliver_to": "team",
    },
    {
        "message": "Mijn moeder kreeg na een lang gesprek met de Wmo-consulent eindelijk de hulp "
        "die ze nodig had. Wat fijn dat er zo goed naar haar werd geluisterd.",
        "colleague_in": "Sociaal Domein",
        "contact_name": "R. de Boer",
        "contact_email": "r.deboer@example.org",
        "contact_phone": "0570 000 111",
        "deliver_to": "medewerker",
    },
    {
        "message": "Dank aan de handhaver bij het station die mijn zoon hielp toen zijn fiets "
        "gestolen was. Hij heeft zelfs samen met hem aangifte gedaan.",
        "department": "Handhaving",
        "contact_name": "K. de Vries",
        "contact_email": "k.devries@example.net",
    },
    {
        "message": "Ik belde over mijn aanslag gemeentelijke belastingen en werd vriendelijk en "
        "duidelijk geholpen. Ik kreeg zelfs een betalingsregeling. Dank u wel.",
        "department": "Belastingen",
        "contact_name": "A. Bakker",
    },
    {
        "message": "Een compliment voor de medewerker van de milieustraat die mijn oude buurman "
        "hielp met het uitladen van zijn aanhanger. Heel attent!",
        "employee_name": "de man met de oranje jas",
    },
]


def _id(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts))


def _today(organisation: Organisation) -> datetime.date:
    return organisation.local_date(timezone.now())


def logo_png() -> bytes:
    """A simple Zeventerpen logo: a red rounded square with a white Z."""
    size = 512
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        [16, 16, size - 17, size - 17], radius=96, fill=CAMPAIGN_FIELDS["primary_colour"]
    )
    draw.rounded_rectangle(
        [56, 56, size - 57, size - 57],
        radius=64,
        outline=CAMPAIGN_FIELDS["accent_colour"],
        width=10,
    )
    draw.text((size / 2, size / 2), "Z", font=load_font("bold", 320), fill="#FFFFFF", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return normalised_logo(buffer.getvalue())


def _campaign(organisation: Organisation, today: datetime.date) -> Campaign:
    """The campaign, brought up to date; its period always contains ``today``."""
    fields = {
        **CAMPAIGN_FIELDS,
        "nomination_starts_on": today - datetime.timedelta(days=NOMINATION_DAYS_BEFORE),
        "nomination_ends_on": today + datetime.timedelta(days=NOMINATION_DAYS_AFTER),
        "delivery_date": today + datetime.timedelta(days=DELIVERY_DAYS_AFTER),
    }
    campaign, _created = Campaign.objects.get_or_create(
        organisation=organisation, name=CAMPAIGN_NAME, defaults=fields
    )
    changed = [name for name, value in fields.items() if getattr(campaign, name) != value]
    if changed:
        delivery_moved = "delivery_date" in changed
        for name in changed:
            setattr(campaign, name, fields[name])
        campaign.save(update_fields=[*changed, "updated_at"])
        if delivery_moved:
            campaign_delivery_rescheduled(campaign=campaign)
    campaign_values_default_add(campaign=campaign)
    for position, name in enumerate(GIFTS):
        GiftOption.objects.update_or_create(
            campaign=campaign, name=name, defaults={"position": position}
        )
    if not campaign.logo or not campaign.logo.storage.exists(campaign.logo.name):
        campaign.logo.save(LOGO_NAME, ContentFile(logo_png()), save=True)
    return campaign


def _colleagues(organisation: Organisation) -> list[Employee]:
    return list(
        Employee.objects.filter(organisation=organisation, user__is_active=True)
        .select_related("user", "department", "location")
        .prefetch_related("roles")
        .order_by("employee_number")
    )


def _organisers(colleagues: list[Employee]) -> list[Employee]:
    """Campaign organisers, the demo organiser first."""
    organisers = [e for e in colleagues if e.has_role(Role.CAMPAIGN_ORGANISER)]
    return sorted(organisers, key=lambda e: (e.user.username != ORGANISER, e.employee_number))


def _moment(organisation, day: datetime.date, minutes: int) -> datetime.datetime:
    return organisation.start_of_day(day) + datetime.timedelta(minutes=minutes)


def _recipients(rng: random.Random, sender: Employee, colleagues, popularity, count: int):
    """``count`` different colleagues, mostly from the sender's own location or team."""
    others = [e for e in colleagues if e.pk != sender.pk]
    weights = [
        popularity[e.pk]
        * (3 if e.location_id == sender.location_id else 1)
        * (2 if e.department_id == sender.department_id else 1)
        for e in others
    ]
    chosen = []
    while len(chosen) < min(count, len(others)):
        pick = rng.choices(others, weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def _content(key: str, recipient: Employee) -> dict:
    """What the compliment with ``key`` says: the same on every load."""
    rng = random.Random(f"{SEED}/{key}")
    own = REASONS_BY_DEPARTMENT.get(recipient.department.name if recipient.department else "")
    reason = rng.choice(own if own and rng.random() < 0.6 else REASONS_FOR_ANYONE)
    if rng.random() < 0.3:
        reason = f"{recipient.first_name}, {reason[0].lower()}{reason[1:]}"
    if rng.random() < 0.3:
        reason += rng.choice(CLOSINGS)
    return {
        "reason": reason,
        "values": rng.sample(range(6), rng.choice([1, 1, 2, 2, 2, 3])),
        "gift": 0 if rng.random() < 0.6 else 1,
        "anonymous": rng.random() < ANONYMOUS_SHARE,
    }


def _plan(organisation, colleagues, campaign, today):
    """Every compliment to send, in the order it was sent: dicts with key, sender,
    recipient, moment, content and what the organiser did with it."""
    rng = random.Random(SEED)
    popularity = {e.pk: rng.uniform(0.4, 2.0) for e in colleagues}
    limit = campaign.sender_limit
    plan = []
    for sender in colleagues:
        for recipient in _recipients(rng, sender, colleagues, popularity, limit):
            key = f"{sender.user.username}/{recipient.user.username}"
            day = today - datetime.timedelta(days=rng.randint(1, NOMINATION_DAYS_BEFORE))
            plan.append(
                {
                    "key": key,
                    "sender": sender,
                    "recipient": recipient,
                    "moment": _moment(organisation, day, rng.randint(8 * 60, 17 * 60)),
                    "content": _content(key, recipient),
                    "verdict": "approve",
                }
            )
    plan.sort(key=lambda item: (item["moment"], item["key"]))
    learner = [item for item in plan if item["sender"].user.username == DEMO_LEARNER]
    # Two colleagues (no demo logins) had an older compliment rejected, and sent it again.
    others = [
        item
        for item in plan[: len(plan) // 2]
        if not item["sender"].user.username.startswith("demo-")
    ]
    rng.shuffle(others)
    rejected = learner[1:2]
    for item in others:
        people = {
            person for chosen in rejected for person in (chosen["sender"], chosen["recipient"])
        }
        if len(rejected) < len(REJECTED) and not {item["sender"], item["recipient"]} & people:
            rejected.append(item)
    resent = []
    for item, (reason, why, better) in zip(rejected, REJECTED, strict=False):
        item["content"] = {**item["content"], "reason": reason, "anonymous": False}
        item["verdict"] = "reject"
        item["rejection"] = why
        if better is not None:
            again = item["moment"] + datetime.timedelta(days=2, hours=1)
            resent.append(
                {
                    **item,
                    "key": f"{item['key']}/opnieuw",
                    "moment": min(again, _moment(organisation, today, 8 * 60)),
                    "content": {**item["content"], "reason": better},
                    "verdict": "approve",
                    "rejection": "",
                }
            )
    plan = sorted(plan + resent, key=lambda item: (item["moment"], item["key"]))
    # The most recent ones wait for the organiser, one of them from the demo learner.
    waiting = [item for item in reversed(plan) if item["verdict"] == "approve"][:PENDING]
    approved = [item for item in learner if item["verdict"] == "approve"]
    if approved and not any(item["sender"].user.username == DEMO_LEARNER for item in waiting):
        waiting[-1] = approved[-1]
    for item in waiting:
        item["verdict"] = None
    return plan


def _send(campaign, item, values, gifts):
    content = item["content"]
    compliment, created = compliment_send(
        sender=item["sender"],
        compliment_uuid=_id("compliment", campaign.name, item["key"]),
        campaign_uuid=campaign.uuid,
        recipient_uuid=item["recipient"].uuid,
        value_uuids=[values[index].uuid for index in content["values"]],
        reason=content["reason"],
        gift_uuid=gifts[content["gift"]].uuid,
        is_anonymous=content["anonymous"],
        now=item["moment"],
    )
    return compliment, created


def _compliments(organisation, campaign, colleagues, organisers, today) -> None:
    values = list(campaign.values.order_by("position"))
    gifts = list(campaign.gifts.order_by("position"))
    if len(values) < 6 or len(gifts) < 2:
        return
    now = timezone.now()
    backdated = []
    for item in _plan(organisation, colleagues, campaign, today):
        compliment, created = _send(campaign, item, values, gifts)
        if created:
            compliment.created_at = item["moment"]
            backdated.append(compliment)
        if item["verdict"] is None or compliment.status != ModerationStatus.PENDING:
            continue
        # Organisers do not judge their own compliments.
        moderator = next((o for o in organisers if o.pk != item["sender"].pk), None)
        if moderator is None:
            continue
        hours = random.Random(f"{SEED}/moderated/{item['key']}").randint(2, 30)
        compliment_moderate(
            moderator=moderator,
            compliment_uuid=compliment.uuid,
            approve=item["verdict"] == "approve",
            reason=item.get("rejection", ""),
            now=min(item["moment"] + datetime.timedelta(hours=hours), now),
        )
    # "Sent on" is the moment in the story, not the moment of loading.
    Compliment.objects.bulk_update(backdated, ["created_at"], batch_size=500)


def _volunteers(campaign, colleagues) -> None:
    """One or two colleagues per location hand out the cards there; the demo learner too."""
    locations = Location.objects.filter(organisation=campaign.organisation).order_by("name")
    for location in locations:
        here = [e for e in colleagues if e.location_id == location.pk]
        if not here:
            continue
        rng = random.Random(f"{SEED}/valentijns/{location.name}")
        learner = [e for e in here if e.user.username == DEMO_LEARNER]
        rest = [e for e in here if e not in learner and not e.has_role(Role.CAMPAIGN_ORGANISER)]
        wanted = 2 if len(here) >= 4 else 1
        chosen = learner + rng.sample(rest, min(len(rest), wanted - len(learner)))
        for employee in chosen:
            Volunteer.objects.get_or_create(campaign=campaign, employee=employee, location=location)


def _citizens(organisation, colleagues, organisers, today) -> None:
    PublicComplimentSettings.objects.update_or_create(
        organisation=organisation,
        defaults={
            "accepts_citizen_compliments": True,
            "website_origins": "https://www.zeventerpen.nl",
        },
    )
    departments = {d.name: d for d in Department.objects.filter(organisation=organisation)}
    moderator = organisers[0] if organisers else None
    now = timezone.now()
    for number, spec in enumerate(CITIZEN_COMPLIMENTS):
        colleague = next(
            (
                e
                for e in colleagues
                if e.department and e.department.name == spec.get("colleague_in")
            ),
            None,
        )
        department = departments.get(spec.get("department", ""))
        compliment = CitizenCompliment.objects.filter(
            organisation=organisation, message=spec["message"]
        ).first()
        sent = _moment(organisation, today - datetime.timedelta(days=9 - number), 10 * 60)
        if compliment is None:
            compliment = citizen_compliment_submit(
                organisation=organisation,
                message=spec["message"],
                employee_name=colleague.first_name if colleague else spec.get("employee_name", ""),
                department_uuid=department.uuid if department else None,
                contact_name=spec.get("contact_name", ""),
                contact_email=spec.get("contact_email", ""),
                contact_phone=spec.get("contact_phone", ""),
            )
            CitizenCompliment.objects.filter(pk=compliment.pk).update(created_at=sent)
        deliver_to = spec.get("deliver_to")
        if deliver_to is None or moderator is None or compliment.status != ModerationStatus.PENDING:
            continue
        recipient = colleague if deliver_to == "medewerker" else None
        team = department if deliver_to == "team" else None
        if recipient is None and team is None:
            continue
        citizen_compliment_moderate(
            moderator=moderator,
            citizen_compliment=compliment,
            approve=True,
            recipient=recipient,
            recipient_department=team,
            note="Doorgestuurd; de inwoner heeft geen reactie gevraagd.",
            now=min(sent + datetime.timedelta(days=1), now),
        )


@transaction.atomic
def load(stdout=None):
    organisation = Organisation.objects.filter(slug=ORGANISATION).first()
    if organisation is None:
        return
    today = _today(organisation)
    colleagues = _colleagues(organisation)
    organisers = _organisers(colleagues)
    campaign = _campaign(organisation, today)
    if len(colleagues) > 1:
        _compliments(organisation, campaign, colleagues, organisers, today)
    _volunteers(campaign, colleagues)
    _citizens(organisation, colleagues, organisers, today)
    if stdout is not None:
        compliments = campaign.compliments
        stdout.write(
            f"Compliments: {campaign.name} with {compliments.count()} compliments "
            f"({compliments.filter(status=ModerationStatus.PENDING).count()} awaiting "
            f"moderation), {campaign.volunteers.count()} volunteers, "
            f"{CitizenCompliment.objects.filter(organisation=organisation).count()} "
            "from citizens"
        )
