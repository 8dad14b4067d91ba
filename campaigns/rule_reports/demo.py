"""Demo rule reports ("ontregelen") for Zeventerpen: thirty reports about rules colleagues
run into, in every state and every privacy mode, with a closed triage session of about a
week ago (every item decided) and the next one open with its agenda waiting for the coach.

Every report is walked through the real services (report_submit, report_follow,
report_transition and the triage session services), so the steps, escalation, followers and
notifications are what real use would leave. Dates are relative to the day of loading.
Loading again changes nothing: an organisation that already has reports is left alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from backend.organisations.models import Department, Employee, Organisation
from backend.organisations.roles import Role
from campaigns.rule_reports import triage
from campaigns.rule_reports.models import RuleReport, TriageSession
from campaigns.rule_reports.services import (
    next_triage_day,
    programme_for,
    report_follow,
    report_submit,
    report_transition,
)
from campaigns.rule_reports.workflow import Action, Resolution

ORGANISATION = "zeventerpen"
COACH = "demo-coach"
DEMO_LEARNER = "demo-medewerker"
PROGRAMME_DEPARTMENT = "Juridische Zaken"
NATIONAL_BODY = "Ministerie van BZK"

NAMED, CONFIDENTIAL, ANONYMOUS = "met_naam", "vertrouwelijk", "anoniem"
OWN, NATIONAL, UNKNOWN = "eigen_organisatie", "landelijk", "onbekend"

# key -> (day relative to the past session, privacy, origin, department, rule, where met,
# what it does, what would be better). Days before -12 were handled before that session;
# -12..-1 were on its agenda; after it, the reports wait for the next session.
REPORTS = {
    "brp-uittreksel": (
        -70,
        NAMED,
        OWN,
        "Vergunningen",
        "Voor een parkeervergunning moet een inwoner een papieren uittreksel uit de BRP "
        "meebrengen.",
        "Aanvraag parkeervergunning aan de balie van de Stadswinkel",
        "Inwoners komen twee keer en betalen leges voor een uittreksel, terwijl wij de BRP "
        "zelf kunnen raadplegen.",
        "Zelf de BRP raadplegen bij de aanvraag.",
    ),
    "dubbele-handtekening": (
        -66,
        CONFIDENTIAL,
        OWN,
        "Bedrijfsvoering",
        "Elke inkoopfactuur boven de 500 euro heeft twee handtekeningen op papier nodig.",
        "Facturen van de gemeentewerf",
        "Facturen liggen weken op een bureau; leveranciers krijgen te laat betaald.",
        "Digitaal accorderen in het financiële systeem, één budgethouder.",
    ),
    "wmo-herindicatie": (
        -62,
        NAMED,
        OWN,
        "Sociaal Domein",
        "Iedereen met een Wmo-voorziening moet elk jaar opnieuw worden geïndiceerd, ook bij "
        "een blijvende beperking.",
        "Keukentafelgesprekken in Wijkteam Oost",
        "Mensen met een blijvende beperking moeten elk jaar hun verhaal opnieuw doen; het "
        "wijkteam heeft minder tijd voor nieuwe vragen.",
        "Een indicatie voor onbepaalde tijd bij een blijvende beperking.",
    ),
    "parkeerontheffing-kwartaal": (
        -58,
        ANONYMOUS,
        OWN,
        "Vergunningen",
        "Een parkeerontheffing voor mantelzorgers geldt één kwartaal en moet daarna opnieuw "
        "worden aangevraagd.",
        "Telefoontjes van mantelzorgers bij het KCC",
        "Mantelzorgers vragen vier keer per jaar hetzelfde aan en krijgen soms een boete "
        "in de tussentijd.",
        "Een ontheffing voor een jaar, zolang de zorg duurt.",
    ),
    "legitimatie-telefoon": (
        -55,
        NAMED,
        OWN,
        "Publiekszaken/KCC",
        "Aan de telefoon moeten inwoners hun BSN en geboortedatum noemen, ook voor een "
        "algemene vraag over openingstijden.",
        "Klantcontactcentrum",
        "Gesprekken duren langer en inwoners voelen zich gewantrouwd.",
        "Alleen legitimeren als het over iemands eigen gegevens gaat.",
    ),
    "afvalpas-kwijt": (
        -52,
        NAMED,
        OWN,
        "Openbare Ruimte",
        "Een nieuwe afvalpas kan alleen aan de balie worden aangevraagd, met legitimatie.",
        "Milieustraat",
        "Inwoners zonder pas worden weggestuurd bij de milieustraat.",
        "De pas online aanvragen en thuis laten bezorgen.",
    ),
    "hondenbelasting-formulier": (
        -49,
        CONFIDENTIAL,
        OWN,
        "Belastingen",
        "Het afmelden van een hond voor de hondenbelasting kan alleen met een papieren formulier.",
        "Vragen over aanslagen bij Belastingen",
        "Inwoners blijven betalen voor een hond die er niet meer is.",
        "Afmelden via Mijn Zeventerpen.",
    ),
    "id-kopie": (
        -46,
        ANONYMOUS,
        NATIONAL,
        "Sociaal Domein",
        "Bij elke aanvraag voor bijzondere bijstand moet een kopie van het identiteitsbewijs.",
        "Aanvragen bijzondere bijstand",
        "Wij bewaren onnodig veel kopieën van paspoorten; inwoners moeten naar een copyshop.",
        "Eén keer identificeren aan het begin, daarna niet meer.",
    ),
    "meldingen-openbare-ruimte": (
        -43,
        NAMED,
        OWN,
        "Openbare Ruimte",
        "Een melding over een losliggende stoeptegel moet eerst naar het KCC, dat haar "
        "daarna doorzet naar de wijkbeheerder.",
        "Wijkpost Noord",
        "Inwoners die de wijkbeheerder op straat aanspreken moeten toch eerst bellen.",
        "De wijkbeheerder mag zelf een melding aanmaken.",
    ),
    "bouwtekening-drievoud": (
        -40,
        NAMED,
        NATIONAL,
        "Vergunningen",
        "Bij een melding voor een dakkapel vragen wij de bouwtekening in drievoud op papier.",
        "Omgevingsloket",
        "Aanvragers printen tekeningen die wij daarna scannen.",
        "Alleen de digitale tekening uit het Omgevingsloket.",
    ),
    "handhaving-foto": (
        -36,
        CONFIDENTIAL,
        OWN,
        "Handhaving",
        "Een handhaver mag een foto van een fout geparkeerde auto pas gebruiken als een "
        "tweede handhaver die heeft bekeken.",
        "Handhavingspost Station",
        "Bonnen worden dagen later verstuurd; inwoners herinneren zich de situatie niet meer.",
        "Vier ogen alleen bij twijfel.",
    ),
    "verhuizing-termijn": (
        -33,
        NAMED,
        NATIONAL,
        "Publiekszaken/KCC",
        "Een verhuizing mag pas vier weken van tevoren worden doorgegeven.",
        "Stadswinkel Centrum",
        "Inwoners die ruim op tijd zijn worden weggestuurd en vergeten het daarna.",
        "",
    ),
    "jeugdhulp-beschikking": (
        -30,
        NAMED,
        OWN,
        "Sociaal Domein",
        "Voor elke verlenging van jeugdhulp wordt een nieuwe beschikking per post gestuurd, "
        "ook als er niets verandert.",
        "Sociaal Wijkteam West",
        "Ouders schrikken van brieven die er officieel uitzien.",
        "Eén beschikking voor de hele looptijd.",
    ),
    "evenement-klein": (
        -27,
        ANONYMOUS,
        OWN,
        "Vergunningen",
        "Voor een straatfeest met twintig buren is dezelfde evenementenvergunning nodig als "
        "voor een festival.",
        "Vragen van inwoners aan de balie",
        "Buren zien af van een straatfeest; de aanvraag kost ons net zoveel tijd.",
        "Een melding in plaats van een vergunning voor kleine buurtfeesten.",
    ),
    # On the agenda of the past session.
    "brp-uittreksel-2": (
        -12,
        NAMED,
        UNKNOWN,
        "Publiekszaken/KCC",
        "Bij de aanvraag van een parkeervergunning vragen we een uittreksel uit de BRP, op papier.",
        "Balie Stadswinkel",
        "Inwoners moeten terugkomen met een papiertje dat wij zelf kunnen opzoeken.",
        "",
    ),
    "kwijtschelding-bankafschriften": (
        -11,
        NAMED,
        OWN,
        "Belastingen",
        "Voor kwijtschelding moeten inwoners bankafschriften van drie maanden op papier inleveren.",
        "Kwijtscheldingsverzoeken",
        "Inwoners met schulden lopen naar de bibliotheek om afschriften te printen.",
        "Een digitale inkijk met toestemming, zoals andere gemeenten doen.",
    ),
    "wob-verzoek-email": (
        -10,
        CONFIDENTIAL,
        OWN,
        "Juridische Zaken",
        "Een Woo-verzoek per e-mail wordt pas in behandeling genomen als het ook per post "
        "binnenkomt.",
        "Postkamer",
        "De termijn begint later; inwoners denken dat we traineren.",
        "Een e-mail is genoeg.",
    ),
    "rijbewijs-pasfoto": (
        -9,
        ANONYMOUS,
        NATIONAL,
        "Publiekszaken/KCC",
        "Een pasfoto voor een rijbewijs mag niet ouder zijn dan zes maanden, ook als iemand "
        "er precies hetzelfde uitziet.",
        "Balie Stadswinkel",
        "Inwoners worden teruggestuurd voor een nieuwe foto.",
        "",
    ),
    "digid-machtiging": (
        -8,
        NAMED,
        NATIONAL,
        "Sociaal Domein",
        "Een mantelzorger kan niet namens zijn moeder inloggen om haar Wmo-aanvraag te doen; "
        "daarvoor moet eerst een DigiD-machtiging op papier worden aangevraagd.",
        "Wmo-loket",
        "Oudere inwoners zonder computer kunnen niet geholpen worden door hun kinderen.",
        "Landelijk een eenvoudige machtiging voor mantelzorgers.",
    ),
    "containerpas-huurders": (
        -7,
        NAMED,
        OWN,
        "Openbare Ruimte",
        "Huurders krijgen pas een containerpas als de verhuurder een formulier tekent.",
        "Milieustraat",
        "Nieuwe huurders zetten hun afval naast de container.",
        "De inschrijving op het adres is genoeg.",
    ),
    "vergaderzaal-reserveren": (
        -6,
        CONFIDENTIAL,
        OWN,
        "Bedrijfsvoering",
        "Een vergaderzaal in het stadskantoor moet een week van tevoren worden gereserveerd "
        "via het secretariaat.",
        "Stadskantoor",
        "Spontaan overleg met een inwoner gebeurt in de gang.",
        "Zelf reserveren in de agenda, ook op de dag zelf.",
    ),
    "bewonersbrief-goedkeuring": (
        -5,
        NAMED,
        OWN,
        "Communicatie",
        "Elke bewonersbrief over werk in de straat moet langs drie afdelingen voor akkoord.",
        "Openbare Ruimte en Communicatie",
        "De brief komt pas als de straat al open ligt.",
        "Een vaste tekst die de projectleider zelf mag versturen.",
    ),
    "laptop-thuiswerken": (
        -4,
        ANONYMOUS,
        UNKNOWN,
        "Informatievoorziening",
        "Een tweede beeldscherm voor thuis moet via drie formulieren worden aangevraagd.",
        "Servicedesk",
        "Collega's kopen er zelf een.",
        "",
    ),
    "sportsubsidie-jaarverslag": (
        -3,
        NAMED,
        OWN,
        "Sociaal Domein",
        "Een sportvereniging moet voor 500 euro subsidie een volledig jaarverslag met "
        "accountantsverklaring inleveren.",
        "Subsidieloket",
        "Kleine verenigingen vragen geen subsidie meer aan.",
        "Een verantwoording op één A4 voor kleine bedragen.",
    ),
    # After the past session: on the agenda of the next one.
    "gehandicaptenparkeerkaart-keuring": (
        1,
        NAMED,
        OWN,
        "Vergunningen",
        "Voor het verlengen van een gehandicaptenparkeerkaart is altijd een nieuwe medische "
        "keuring nodig.",
        "Wmo-loket",
        "Mensen met een blijvende beperking betalen elke vijf jaar voor een keuring.",
        "Verlengen zonder keuring bij een blijvende beperking.",
    ),
    "naturalisatie-afspraak": (
        2,
        CONFIDENTIAL,
        NATIONAL,
        "Publiekszaken/KCC",
        "Voor de naturalisatieceremonie moet een inwoner eerst een afspraak maken om een "
        "afspraak te maken.",
        "Stadswinkel Centrum",
        "Nieuwe Nederlanders bellen drie keer.",
        "Direct een datum voor de ceremonie aanbieden.",
    ),
    "boom-kap-melding": (
        3,
        ANONYMOUS,
        OWN,
        "Openbare Ruimte",
        "Een zieke boom in de eigen tuin mag pas worden gekapt na een vergunning, ook als de "
        "boomdeskundige hem gevaarlijk vindt.",
        "Wijkpost Zuid",
        "Inwoners wachten zes weken met een gevaarlijke boom.",
        "Een spoedmelding bij gevaar.",
    ),
    "vrijwilliger-vog": (
        4,
        NAMED,
        NATIONAL,
        "Sociaal Domein",
        "Een vrijwilliger bij het taalcafé moet elk jaar een nieuwe VOG aanvragen.",
        "Servicepunt Bibliotheek",
        "Vrijwilligers haken af; de gemeente betaalt elk jaar de leges.",
        "Een VOG voor drie jaar.",
    ),
    "uitkering-inkomstenopgave": (
        5,
        NAMED,
        OWN,
        "Sociaal Domein",
        "Wie een paar uur werkt naast de bijstand moet elke maand de loonstrook op papier "
        "inleveren, ook als het loon gelijk blijft.",
        "Werkplein Zeventerpen",
        "Inwoners krijgen een korting als de strook te laat is.",
        "Gegevens uit de polisadministratie gebruiken.",
    ),
    "jongerenwerk-toestemming": (
        6,
        CONFIDENTIAL,
        OWN,
        "Sociaal Domein",
        "Voor elk uitje van het jongerencentrum moet een ouder een papieren toestemmingsbrief "
        "tekenen, ook voor 18-plussers.",
        "Jongerencentrum De Vonk",
        "Volwassen jongeren kunnen niet mee omdat hun ouders niet tekenen.",
        "Toestemming alleen voor minderjarigen.",
    ),
}


class _Demo:
    def __init__(self, organisation: Organisation, today: datetime.date):
        self.organisation = organisation
        self.today = today
        self.programme = programme_for(organisation)
        upcoming = next_triage_day(self.programme, today)
        self.upcoming_day = upcoming
        self.past_day = upcoming - datetime.timedelta(days=14)  # 7 to 13 days ago
        people = list(
            Employee.objects.filter(organisation=organisation, user__is_active=True)
            .select_related("user", "organisation")
            .prefetch_related("roles")
            .order_by("employee_number")
        )
        self.coach = next(e for e in people if e.user.username == COACH)
        self.coaches = [e for e in people if e.has_role(Role.RULE_COACH)]
        self.colleagues = [e for e in people if not e.has_role(Role.RULE_COACH)]
        self.departments = {d.name: d for d in Department.objects.filter(organisation=organisation)}
        self.reports: dict[str, RuleReport] = {}
        self.codes: dict[str, str] = {}

    def at(self, day: int, hour: int = 10) -> datetime.datetime:
        """``hour`` o'clock on the day ``day`` days after the past session."""
        moment = self.organisation.start_of_day(self.past_day + datetime.timedelta(days=day))
        return moment + datetime.timedelta(hours=hour)

    def reporter(self, index: int) -> Employee:
        learner = [e for e in self.colleagues if e.user.username == DEMO_LEARNER]
        if index % 7 == 0 and learner:
            return learner[0]
        return self.colleagues[(index * 5 + 3) % len(self.colleagues)]

    def submit_all(self, keys):
        for key in keys:
            index = list(REPORTS).index(key)
            day, privacy, origin, department, rule, where, impact, better = REPORTS[key]
            report, code = report_submit(
                reporter=self.reporter(index),
                rule=rule,
                where_met=where,
                impact=impact,
                better=better,
                origin=origin,
                privacy=privacy,
                department_uuid=self.departments[department].uuid
                if department in self.departments
                else None,
                now=self.at(day, 9 + index % 7),
            )
            self.reports[key] = report
            if code:
                self.codes[key] = code

    def step(self, key, action, day, *, by=None, hour=11, **fields):
        report = self.reports[key]
        department = fields.pop("department", None)
        if fields.pop("owner", False):
            fields["owner_uuid"] = self.colleague_in(department).uuid
        if department:
            fields["owner_department_uuid"] = self.departments[department].uuid
        original = fields.pop("duplicate_of", None)
        if original:
            fields["duplicate_of_uuid"] = self.reports[original].uuid
        employee = self.coach
        if by == "reporter":
            employee = report.reporter  # None for an anonymous report: its code instead
            if employee is None:
                fields["follow_code"] = self.codes[key]
        report_transition(
            organisation_id=self.organisation.pk,
            report_uuid=report.uuid,
            action=action,
            employee=employee,
            now=self.at(day, hour),
            **fields,
        )

    def colleague_in(self, department_name: str) -> Employee:
        department = self.departments[department_name]
        return next(e for e in self.colleagues if e.department_id == department.pk)

    def follow(self, key, *indexes):
        for index in indexes:
            report_follow(
                employee=self.colleagues[index % len(self.colleagues)],
                report_uuid=self.reports[key].uuid,
            )


def _handled_before_the_session(demo: _Demo) -> None:
    old = [key for key, spec in REPORTS.items() if spec[0] < -12]
    demo.submit_all(old)
    step = demo.step
    # Fixed locally: assigned, proposed by the owning department, approved.
    step(
        "brp-uittreksel",
        Action.ASSIGN,
        -69,
        department="Vergunningen",
        public_message="Vergunningen gaat dit uitzoeken.",
    )
    step(
        "brp-uittreksel",
        Action.PROPOSE,
        -40,
        resolution=Resolution.FIXED_LOCALLY,
        public_message="Vanaf nu raadplegen we de BRP zelf; een uittreksel is niet meer nodig.",
        internal_note="Werkinstructie balie aangepast, formulier aangepast op de website.",
    )
    step(
        "brp-uittreksel",
        Action.APPROVE_PROPOSAL,
        -38,
        public_message="Opgelost: een uittreksel is niet meer nodig voor een parkeervergunning.",
    )
    demo.follow("brp-uittreksel", 2, 11, 17)
    # Explained.
    step(
        "dubbele-handtekening",
        Action.CLOSE,
        -64,
        resolution=Resolution.EXPLAINED,
        public_message="Sinds januari accordeert één budgethouder digitaal; de papieren "
        "regel geldt alleen nog voor bedragen boven de 50.000 euro.",
    )
    # The rule is kept, with the rule owner's justification.
    step(
        "wmo-herindicatie",
        Action.ASSIGN,
        -61,
        department="Sociaal Domein",
        public_message="Sociaal Domein bekijkt of dit anders kan.",
    )
    step(
        "wmo-herindicatie",
        Action.PROPOSE,
        -30,
        resolution=Resolution.RULE_KEPT,
        justification="De verordening schrijft een jaarlijkse toets voor; die wordt in 2027 "
        "herzien en dan nemen we dit mee.",
        public_message="De regel blijft voorlopig: de verordening schrijft het voor. Bij de "
        "herziening nemen we uw voorstel mee.",
    )
    step(
        "wmo-herindicatie",
        Action.APPROVE_PROPOSAL,
        -29,
        public_message="De regel blijft voorlopig; uw voorstel ligt bij de herziening van de "
        "verordening.",
    )
    demo.follow("wmo-herindicatie", 5, 8)
    # Withdrawn by the (anonymous) reporter before triage.
    step(
        "parkeerontheffing-kwartaal",
        Action.WITHDRAW,
        -57,
        by="reporter",
        public_message="Ik hoor net dat dit al wordt aangepakt; ik trek mijn melding in.",
    )
    # In progress, past its due date.
    step(
        "legitimatie-telefoon",
        Action.ASSIGN,
        -54,
        department="Publiekszaken/KCC",
        due_on=(demo.at(-20)).date(),
        public_message="Het KCC gaat de gespreksprotocollen bekijken.",
    )
    demo.follow("legitimatie-telefoon", 4, 9, 21, 30)
    # Closed, the reporter asks to reopen (waits for the coach).
    step(
        "afvalpas-kwijt",
        Action.ASSIGN,
        -51,
        department="Openbare Ruimte",
        public_message="Openbare Ruimte gaat ermee aan de slag.",
    )
    step(
        "afvalpas-kwijt",
        Action.CLOSE,
        -15,
        resolution=Resolution.NOT_APPLICABLE,
        public_message="De afvalpas wordt volgend jaar vervangen door een app; tot die tijd "
        "blijft de balie.",
    )
    # Closed, asked to reopen, refused.
    step(
        "hondenbelasting-formulier",
        Action.CLOSE,
        -47,
        resolution=Resolution.FIXED_LOCALLY,
        public_message="Afmelden kan nu ook via Mijn Zeventerpen.",
    )
    step(
        "hondenbelasting-formulier",
        Action.ASK_REOPEN,
        -40,
        by="reporter",
        public_message="Het formulier staat er nog steeds op.",
    )
    step(
        "hondenbelasting-formulier",
        Action.REFUSE_REOPEN,
        -39,
        public_message="Het oude formulier is weggehaald; afmelden gaat online.",
    )
    # In progress, reassigned.
    step(
        "id-kopie",
        Action.ASSIGN,
        -45,
        department="Sociaal Domein",
        public_message="Het Werkplein gaat dit bekijken.",
    )
    step(
        "id-kopie",
        Action.REASSIGN,
        -35,
        department="Juridische Zaken",
        internal_note="Gaat over de AVG: Juridische Zaken is eigenaar.",
    )
    # A proposal waits for the coach.
    step(
        "meldingen-openbare-ruimte",
        Action.ASSIGN,
        -42,
        department="Openbare Ruimte",
        public_message="Openbare Ruimte pakt dit op.",
    )
    # A proposal sent back: in progress again.
    step(
        "bouwtekening-drievoud",
        Action.ASSIGN,
        -39,
        department="Vergunningen",
        public_message="Vergunningen bekijkt dit.",
    )
    step(
        "bouwtekening-drievoud",
        Action.PROPOSE,
        -20,
        resolution=Resolution.EXPLAINED,
        internal_note="Het is zo omdat het archief papier wil.",
    )
    step(
        "bouwtekening-drievoud",
        Action.REJECT_PROPOSAL,
        -18,
        internal_note="Het archief is al digitaal: graag echt oplossen.",
    )
    # In progress; the next update to the reporter is overdue.
    step(
        "handhaving-foto",
        Action.ASSIGN,
        -35,
        department="Handhaving",
        public_message="Handhaving kijkt naar de werkwijze.",
    )
    # Closed as explained (a national rule), then reopened by the coach: waits for triage.
    step(
        "verhuizing-termijn",
        Action.CLOSE,
        -25,
        resolution=Resolution.EXPLAINED,
        public_message="De termijn van vier weken staat in de Wet BRP.",
    )
    # In progress with an owner, on time.
    step(
        "jeugdhulp-beschikking",
        Action.ASSIGN,
        -29,
        department="Sociaal Domein",
        owner=True,  # a colleague of the department owns it
        public_message="Sociaal Domein gaat de brieven aanpassen.",
    )
    # Closed: not applicable.
    step(
        "evenement-klein",
        Action.CLOSE,
        -26,
        resolution=Resolution.RULE_KEPT,
        justification="De APV maakt geen onderscheid; de raad besluit in het voorjaar over "
        "een meldingsplicht voor kleine buurtfeesten.",
        public_message="De regel blijft tot de raad over de nieuwe APV besluit.",
    )


def _the_past_session(demo: _Demo) -> TriageSession:
    on_agenda = [key for key, spec in REPORTS.items() if -12 <= spec[0] < 0]
    demo.submit_all(on_agenda)
    session = triage.session_open(coach=demo.coach, held_on=demo.past_day)
    moment = demo.at(0, 10)

    def decide(key, decision, **fields):
        department = fields.pop("department", None)
        if department:
            fields["owner_department_uuid"] = demo.departments[department].uuid
        original = fields.pop("duplicate_of", None)
        if original:
            fields["duplicate_of_uuid"] = demo.reports[original].uuid
        triage.session_decide(
            coach=demo.coach,
            session_uuid=session.uuid,
            report_uuid=demo.reports[key].uuid,
            decision=decision,
            now=moment,
            **fields,
        )

    decide(
        "brp-uittreksel-2",
        "afsluiten",
        resolution=Resolution.DUPLICATE,
        duplicate_of="brp-uittreksel",
        public_message="Dit is al opgelost (melding 1): een uittreksel is niet meer nodig.",
    )
    decide(
        "kwijtschelding-bankafschriften",
        "toewijzen",
        department="Belastingen",
        public_message="Belastingen gaat een digitale inkijk onderzoeken.",
    )
    decide(
        "wob-verzoek-email",
        "afsluiten",
        resolution=Resolution.EXPLAINED,
        public_message="Een Woo-verzoek per e-mail is geldig; de postkamer heeft de "
        "werkinstructie aangepast.",
    )
    decide(
        "rijbewijs-pasfoto",
        "vraag_stellen",
        public_message="Gaat het om een rijbewijs of om een identiteitskaart?",
    )
    decide(
        "digid-machtiging",
        "doorzetten",
        public_message="Dit is een landelijke regel; we zetten het door naar het ministerie.",
        recipient_body=NATIONAL_BODY,
        summary="Mantelzorgers kunnen niet namens een ouder zonder computer een Wmo-aanvraag "
        "doen: eerst is een DigiD-machtiging op papier nodig, die weken duurt. Verzoek: een "
        "eenvoudige digitale machtiging voor mantelzorgers.",
        internal_note="Via de VNG-contactpersoon; kenmerk volgt.",
    )
    decide(
        "containerpas-huurders",
        "toewijzen",
        department="Openbare Ruimte",
        public_message="Openbare Ruimte gaat de regel voor huurders aanpassen.",
    )
    decide(
        "vergaderzaal-reserveren",
        "uitstellen",
        reason="Eerst navragen bij Facilitair hoe het nieuwe reserveringssysteem werkt.",
    )
    decide(
        "bewonersbrief-goedkeuring",
        "vraag_stellen",
        public_message="Om welke drie afdelingen gaat het precies?",
    )
    decide(
        "laptop-thuiswerken",
        "toewijzen",
        department="Informatievoorziening",
        public_message="Informatievoorziening maakt het aanvragen eenvoudiger.",
    )
    decide(
        "sportsubsidie-jaarverslag",
        "afsluiten",
        resolution=Resolution.NOT_APPLICABLE,
        public_message="Voor bedragen onder 5.000 euro is al een eenvoudige verantwoording "
        "genoeg; het subsidieloket past de website aan.",
    )
    return triage.session_close(coach=demo.coach, session_uuid=session.uuid, now=demo.at(0, 12))


def _after_the_session(demo: _Demo) -> None:
    step = demo.step
    step(
        "containerpas-huurders",
        Action.PROPOSE,
        3,
        resolution=Resolution.RULE_KEPT,
        justification="De verhuurder is verantwoordelijk voor de containers bij flats.",
        public_message="De regel blijft bij flats; bij eengezinswoningen vervalt hij.",
    )
    step(
        "rijbewijs-pasfoto",
        Action.ANSWER,
        2,
        by="reporter",
        public_message="Om een rijbewijs; bij een identiteitskaart gebeurt hetzelfde.",
    )
    # Steps on reports handled before the session.
    step(
        "afvalpas-kwijt",
        Action.ASK_REOPEN,
        3,
        by="reporter",
        public_message="De app komt pas over twee jaar. Kan er tot die tijd een online "
        "aanvraag komen?",
    )
    step(
        "meldingen-openbare-ruimte",
        Action.PROPOSE,
        1,
        resolution=Resolution.FIXED_LOCALLY,
        public_message="Wijkbeheerders kunnen vanaf nu zelf een melding maken in de app.",
    )
    step(
        "verhuizing-termijn",
        Action.ASK_REOPEN,
        2,
        by="reporter",
        public_message="Andere gemeenten zetten een vroege melding wel klaar.",
    )
    step(
        "verhuizing-termijn",
        Action.REOPEN,
        4,
        public_message="Goed punt: we bespreken het opnieuw in de volgende triage.",
    )
    demo.follow("kwijtschelding-bankafschriften", 6, 14)
    demo.follow("digid-machtiging", 3, 12, 19)

    recent = [key for key, spec in REPORTS.items() if spec[0] > 0]
    demo.submit_all(recent)
    demo.follow("gehandicaptenparkeerkaart-keuring", 7, 15)
    demo.follow("vrijwilliger-vog", 10)
    step(
        "uitkering-inkomstenopgave",
        Action.REQUEST_INFO,
        6,
        hour=15,
        public_message="Gaat het om de bijstand of om een andere uitkering?",
    )


@transaction.atomic
def load(stdout=None):
    organisation = Organisation.objects.filter(slug=ORGANISATION).first()
    if organisation is None or not Employee.objects.filter(user__username=COACH).exists():
        return
    if RuleReport.objects.filter(organisation=organisation).exists():
        return  # loaded before: leave the reports (and what coaches did with them) alone
    if TriageSession.objects.filter(organisation=organisation).exists():
        return
    today = organisation.local_date(timezone.now())
    demo = _Demo(organisation, today)
    programme = demo.programme
    if programme.owning_department is None:
        programme.owning_department = demo.departments.get(PROGRAMME_DEPARTMENT)
        programme.save(update_fields=["owning_department", "updated_at"])
    _handled_before_the_session(demo)
    _the_past_session(demo)
    _after_the_session(demo)
    triage.session_open(coach=demo.coach, held_on=demo.upcoming_day)
    if stdout is not None:
        reports = RuleReport.objects.filter(organisation=organisation)
        stdout.write(
            f"Rule reports: {reports.count()} reports, triage sessions on "
            f"{demo.past_day} (closed) and {demo.upcoming_day} (open)"
        )
