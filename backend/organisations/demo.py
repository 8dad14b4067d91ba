"""Demo organisations and people: the municipality Zeventerpen and, to show isolation, Oosterdijk.

Loading is idempotent: objects are found by their natural keys and brought up to date.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from backend.organisations.models import Department, Employee, Location, Organisation
from backend.organisations.roles import Role
from backend.organisations.services import employee_create, employee_update

User = get_user_model()

DEMO_PASSWORD = "zeventerpen"

ZEVENTERPEN_DEPARTMENTS = [
    "Publiekszaken/KCC",
    "Sociaal Domein",
    "Handhaving",
    "Vergunningen",
    "Juridische Zaken",
    "Openbare Ruimte",
    "Belastingen",
    "Informatievoorziening",
    "Communicatie",
    "Bedrijfsvoering",
]

ZEVENTERPEN_LOCATIONS = [
    ("Stadskantoor", "Marktplein 1", "7411 AA"),
    ("Stadswinkel Centrum", "Kerkstraat 12", "7411 BC"),
    ("Wijkpost Noord", "Noorderhaven 40", "7413 DE"),
    ("Wijkpost Zuid", "Zuidersingel 3", "7415 FG"),
    ("Sociaal Wijkteam Oost", "Oosterweg 88", "7416 HJ"),
    ("Sociaal Wijkteam West", "Westerbleek 17", "7417 KL"),
    ("Handhavingspost Station", "Stationsplein 2", "7412 MN"),
    ("Gemeentewerf De Terp", "Terpweg 55", "7418 PR"),
    ("Milieustraat", "Industrieweg 9", "7419 ST"),
    ("Servicepunt Bibliotheek", "Bleekveld 21", "7411 VW"),
    ("Jongerencentrum De Vonk", "Vonkstraat 6", "7414 XY"),
    ("Werkplein Zeventerpen", "Ambachtsweg 30", "7419 ZA"),
]

# username, first name, prefix, last name, department, location, roles
ZEVENTERPEN_DEMO_ACCOUNTS = [
    ("demo-medewerker", "Noël", "", "Hendriks", "Handhaving", "Handhavingspost Station", []),
    (
        "demo-redacteur",
        "Zoë",
        "van der",
        "Linden",
        "Publiekszaken/KCC",
        "Stadswinkel Centrum",
        [Role.CONTENT_EDITOR],
    ),
    (
        "demo-organisator",
        "Sevgi",
        "",
        "Yılmaz",
        "Communicatie",
        "Stadskantoor",
        [Role.CAMPAIGN_ORGANISER],
    ),
    ("demo-coach", "Jeroen", "de", "Vries", "Juridische Zaken", "Stadskantoor", [Role.RULE_COACH]),
    (
        "demo-analist",
        "Özlem",
        "",
        "Kaya",
        "Bedrijfsvoering",
        "Stadskantoor",
        [Role.INSIGHTS_VIEWER],
    ),
    (
        "demo-beheerder",
        "Anouk",
        "",
        "Bakker",
        "Informatievoorziening",
        "Stadskantoor",
        [Role.ORGANISATION_ADMIN],
    ),
]

_FIRST_NAMES = [
    "Thijs",
    "Fatima",
    "Mehmet",
    "Ingrid",
    "Bram",
    "Eline",
    "Joost",
    "Priya",
    "Daan",
    "Loïs",
    "René",
    "Sanne",
    "Karim",
    "Marieke",
    "Wouter",
    "Chloé",
    "Hüseyin",
    "Femke",
    "Pieter",
    "Yasmina",
    "Gijs",
    "Aïcha",
    "Ruud",
    "Lotte",
    "Dennis",
    "Maaike",
    "Stijn",
    "Ilse",
    "Jesús",
    "Hanneke",
    "Tom",
    "Nadia",
    "Erik",
    "Björn",
    "Sophie",
    "Bas",
    "Esra",
    "Kees",
    "Linda",
    "Mohamed",
    "Iris",
    "Frank",
    "Céline",
    "Willem",
]
_LAST_NAMES = [
    ("", "Jansen"),
    ("van den", "Berg"),
    ("", "Visser"),
    ("van", "Dijk"),
    ("", "Smit"),
    ("de", "Jong"),
    ("", "Meijer"),
    ("", "Mulder"),
    ("", "Bos"),
    ("", "El Amrani"),
    ("", "Peeters"),
    ("ter", "Horst"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Groot"),
    ("", "Öztürk"),
    ("", "Vermeulen"),
    ("van 't", "Hof"),
    ("", "Kuipers"),
    ("", "Hoekstra"),
    ("", "Bouzid"),
]
# Extra roles spread over the other colleagues: coaches from several departments, editors, …
_EXTRA_ROLES = {
    1: [Role.RULE_COACH],
    5: [Role.CONTENT_EDITOR],
    9: [Role.RULE_COACH],
    14: [Role.CAMPAIGN_ORGANISER],
    18: [Role.RULE_COACH],
    23: [Role.INSIGHTS_VIEWER],
    27: [Role.RULE_COACH],
    31: [Role.CONTENT_EDITOR],
    36: [Role.ORGANISATION_ADMIN],
    40: [Role.RULE_COACH],
}

OOSTERDIJK_DEPARTMENTS = ["Klantcontactcentrum", "Zorg en Welzijn"]
OOSTERDIJK_LOCATIONS = [
    ("Gemeentehuis Oosterdijk", "Dijkweg 1", "8251 AB"),
    ("Servicepunt Havenkwartier", "Havenkade 14", "8252 CD"),
]
OOSTERDIJK_EMPLOYEES = [
    (
        "demo-oosterdijk",
        "Femke",
        "",
        "Zwart",
        "Klantcontactcentrum",
        "Gemeentehuis Oosterdijk",
        [Role.ORGANISATION_ADMIN],
    ),
    ("oosterdijk-2", "Arjen", "", "Postma", "Klantcontactcentrum", "Servicepunt Havenkwartier", []),
    ("oosterdijk-3", "Marloes", "van", "Wijk", "Zorg en Welzijn", "Gemeentehuis Oosterdijk", []),
    ("oosterdijk-4", "Süleyman", "", "Aydın", "Zorg en Welzijn", "Servicepunt Havenkwartier", []),
    (
        "oosterdijk-5",
        "Geertje",
        "de",
        "Boer",
        "Klantcontactcentrum",
        "Gemeentehuis Oosterdijk",
        [Role.RULE_COACH],
    ),
]


def _zeventerpen_colleagues():
    """44 colleagues spread over every department and location (deterministic)."""
    colleagues = []
    for index, first_name in enumerate(_FIRST_NAMES):
        prefix, last_name = _LAST_NAMES[index % len(_LAST_NAMES)]
        department = ZEVENTERPEN_DEPARTMENTS[index % len(ZEVENTERPEN_DEPARTMENTS)]
        location = ZEVENTERPEN_LOCATIONS[index % len(ZEVENTERPEN_LOCATIONS)][0]
        username = f"zeventerpen-{index + 1:03d}"
        colleagues.append(
            (
                username,
                first_name,
                prefix,
                last_name,
                department,
                location,
                _EXTRA_ROLES.get(index, []),
            )
        )
    return colleagues


def _organisation(name, slug):
    organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
    return organisation


def _places(organisation, department_names, locations):
    departments = {
        name: Department.objects.get_or_create(organisation=organisation, name=name)[0]
        for name in department_names
    }
    places = {}
    for name, street, postal_code in locations:
        location, _ = Location.objects.update_or_create(
            organisation=organisation,
            name=name,
            defaults={
                "street_address": street,
                "postal_code": postal_code,
                "city": organisation.name,
            },
        )
        places[name] = location
    return departments, places


def _people(organisation, people, departments, locations, *, demo_logins):
    for number, (username, first, prefix, last, department, location, roles) in enumerate(
        people, start=1
    ):
        fields = {
            "first_name": first,
            "name_prefix": prefix,
            "last_name": last,
            "email": f"{username}@{organisation.slug}.example",
            "department": departments[department],
            "location": locations[location],
        }
        employee = Employee.objects.filter(user__username=username).first()
        if employee is None:
            employee = employee_create(
                organisation=organisation,
                username=username,
                employee_number=f"{organisation.slug[:3].upper()}{number:04d}",
                roles=roles or [Role.EMPLOYEE],
                **fields,
            )
        else:
            employee_update(employee=employee, roles=roles or [Role.EMPLOYEE], **fields)
        if username in demo_logins:
            user = employee.user
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])


@transaction.atomic
def load(stdout=None):
    zeventerpen = _organisation("Zeventerpen", "zeventerpen")
    departments, locations = _places(zeventerpen, ZEVENTERPEN_DEPARTMENTS, ZEVENTERPEN_LOCATIONS)
    people = ZEVENTERPEN_DEMO_ACCOUNTS + _zeventerpen_colleagues()
    _people(
        zeventerpen,
        people,
        departments,
        locations,
        demo_logins={account[0] for account in ZEVENTERPEN_DEMO_ACCOUNTS},
    )

    oosterdijk = _organisation("Oosterdijk", "oosterdijk")
    departments, locations = _places(oosterdijk, OOSTERDIJK_DEPARTMENTS, OOSTERDIJK_LOCATIONS)
    _people(
        oosterdijk, OOSTERDIJK_EMPLOYEES, departments, locations, demo_logins={"demo-oosterdijk"}
    )
    if stdout is not None:
        stdout.write(
            f"Organisations: Zeventerpen ({len(people)} employees), "
            f"Oosterdijk ({len(OOSTERDIJK_EMPLOYEES)} employees)"
        )
