"""CSV import of employees by an organisation admin.

Each row is imported in its own savepoint: a bad row is reported and skipped, good rows land.
Rows are matched on the employee number, so importing the same file again updates people
instead of duplicating them. A file that lists everybody (``deactivate_absent``) also
deactivates the employees it does not mention: people who left can no longer sign in.
"""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from backend.organisations.models import (
    Department,
    Employee,
    Location,
    Organisation,
    validate_time_zone,
)
from backend.organisations.roles import Role
from backend.organisations.services import (
    employee_create,
    employee_update,
    employees_deactivate_absent,
)

User = get_user_model()

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
REQUIRED_COLUMNS = ("personeelsnummer", "voornaam", "achternaam")
EXAMPLE_CSV = (
    "personeelsnummer;voornaam;tussenvoegsel;achternaam;email;gebruikersnaam;afdeling;"
    "vestiging;rollen;taal;tijdzone\n"
    "10231;Zoë;van der;Berg;z.vanderberg@zeventerpen.nl;;Sociaal Domein;Stadskantoor;"
    "medewerker,ontregelcoach;nl;Europe/Amsterdam\n"
)


class ImportFileError(Exception):
    """The file as a whole cannot be read (nothing was imported)."""


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def failed_lines(self):
        return sorted({error.line for error in self.errors})


def decode_csv(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB."))
    if b"\x00" in data:
        raise ImportFileError(_("This is not a CSV text file."))
    for encoding in ("utf-8-sig", "cp1252"):  # Excel in Dutch saves as Windows-1252
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is not UTF-8 or Windows-1252 text."))


def _rows(text: str):
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames:
        raise ImportFileError(_("The file is empty."))
    reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames]
    missing = [name for name in REQUIRED_COLUMNS if name not in reader.fieldnames]
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return reader


def import_employees(
    *,
    organisation: Organisation,
    data: bytes,
    create_missing: bool = False,
    deactivate_absent: bool = False,
    keep_user=None,
) -> ImportReport:
    """Import employees from CSV bytes; see EXAMPLE_CSV for the columns.

    With ``deactivate_absent`` the file is the whole staff list: active employees whose number
    is not in it are deactivated, except ``keep_user`` (the admin importing it). A person whose
    row has an error still counts as listed, so a typo never locks somebody out."""
    reader = _rows(decode_csv(data))
    report = ImportReport()
    importer = _RowImporter(organisation, create_missing, has_roles="rollen" in reader.fieldnames)
    seen_numbers = {}
    try:
        for index, raw in enumerate(reader):
            line = index + 2  # line 1 holds the column names
            if index >= MAX_IMPORT_ROWS:
                raise ImportFileError(_("The file has more than 20,000 rows."))
            if None in raw:  # more cells than columns
                report.errors.append(RowError(line, "", _("This row has too many cells.")))
                number = (raw.get("personeelsnummer") or "").strip()
                if number:  # still listed: a broken row must not deactivate its person
                    seen_numbers.setdefault(number, line)
                continue
            row = {key: (value or "").strip() for key, value in raw.items() if key}
            if not any(row.values()):
                continue
            number = row.get("personeelsnummer", "")
            if number and number in seen_numbers:
                report.errors.append(
                    RowError(
                        line,
                        "personeelsnummer",
                        _("Employee number %(number)s already appeared on line %(line)s.")
                        % {"number": number, "line": seen_numbers[number]},
                    )
                )
                continue
            if number:
                seen_numbers[number] = line
            importer.import_row(line, row, report)
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    if deactivate_absent:
        if not seen_numbers:
            raise ImportFileError(
                _("The file lists no employee numbers, so nobody was deactivated.")
            )
        report.deactivated = employees_deactivate_absent(
            organisation=organisation, present_numbers=seen_numbers, keep_user=keep_user
        )
    return report


class _RowImporter:
    def __init__(self, organisation, create_missing, has_roles):
        self.organisation = organisation
        self.create_missing = create_missing
        self.has_roles = has_roles
        self._load_known_names()

    def _load_known_names(self):
        self.departments = {d.name.lower(): d for d in self.organisation.department_set.all()}
        self.locations = {loc.name.lower(): loc for loc in self.organisation.location_set.all()}

    def import_row(self, line, row, report):
        errors = []
        values = self._validate(row, errors)
        if errors:
            report.errors.extend(RowError(line, column, message) for column, message in errors)
            return
        try:
            with transaction.atomic():
                outcome = self._save(row, values)
        except (ValidationError, IntegrityError) as exc:
            self._load_known_names()  # forget departments created in the rolled-back savepoint
            if isinstance(exc, IntegrityError):
                report.errors.append(
                    RowError(line, "", _("This row conflicts with an existing employee."))
                )
            else:
                for column, messages in _validation_messages(exc):
                    report.errors.extend(RowError(line, column, message) for message in messages)
            return
        setattr(report, outcome, getattr(report, outcome) + 1)

    def _validate(self, row, errors):
        values = {}
        for column in REQUIRED_COLUMNS:
            if not row.get(column):
                errors.append((column, _("This field is required.")))
        email = row.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(("email", _("Enter a valid email address.")))
        roles = []
        if row.get("rollen"):
            for value in row["rollen"].replace(";", ",").split(","):
                value = value.strip().lower()
                if not value:
                    continue
                if value not in Role.values:
                    errors.append(("rollen", _("Unknown role: %(role)s.") % {"role": value}))
                else:
                    roles.append(value)
        values["roles"] = roles
        locale = (row.get("taal") or Employee.Locale.DUTCH).lower()
        if locale not in Employee.Locale.values:
            errors.append(("taal", _("Language must be 'nl' or 'en'.")))
        values["locale"] = locale
        time_zone = row.get("tijdzone") or self.organisation.time_zone
        try:
            validate_time_zone(time_zone)
        except ValidationError:
            errors.append(("tijdzone", _("Unknown time zone: %(value)s.") % {"value": time_zone}))
        values["time_zone"] = time_zone
        values["department"] = self._lookup(
            row.get("afdeling"), self.departments, Department, "afdeling", errors
        )
        values["location"] = self._lookup(
            row.get("vestiging"), self.locations, Location, "vestiging", errors
        )
        return values

    def _lookup(self, name, known, model, column, errors):
        if not name:
            return None
        found = known.get(name.lower())
        if found is not None:
            return found
        if self.create_missing:
            return _PendingCreation(model, name, known)
        errors.append((column, _("%(name)s does not exist in this organisation.") % {"name": name}))
        return None

    def _save(self, row, values):
        for key in ("department", "location"):
            if isinstance(values[key], _PendingCreation):
                values[key] = values[key].create(self.organisation)
        fields = {
            "first_name": row["voornaam"],
            "name_prefix": row.get("tussenvoegsel", ""),
            "last_name": row["achternaam"],
            "email": row.get("email", ""),
            "department": values["department"],
            "location": values["location"],
            "locale": values["locale"],
            "time_zone": values["time_zone"],
        }
        if "firebase_uid" in row:
            fields["firebase_uid"] = row["firebase_uid"] or None
        roles = values["roles"] if self.has_roles else None
        employee = (
            Employee.objects.select_related("user")
            .filter(organisation=self.organisation, employee_number=row["personeelsnummer"])
            .first()
        )
        if employee is None:
            username = row.get("gebruikersnaam") or (
                f"{self.organisation.slug}-{row['personeelsnummer']}".lower()
            )
            if User.objects.filter(username__iexact=username).exists():
                raise ValidationError(
                    {"gebruikersnaam": _("The username %(name)s is taken.") % {"name": username}}
                )
            employee_create(
                organisation=self.organisation,
                username=username,
                employee_number=row["personeelsnummer"],
                roles=roles or (Role.EMPLOYEE,),
                **fields,
            )
            return "created"
        username = row.get("gebruikersnaam")
        if username and username != employee.user.username:
            raise ValidationError(
                {"gebruikersnaam": _("The username of an existing employee cannot be changed.")}
            )
        changed = employee_update(employee=employee, roles=roles, **fields)
        return "updated" if changed else "unchanged"


class _PendingCreation:
    """A department or location that is created only when its row is saved."""

    def __init__(self, model, name, known):
        self.model, self.name, self.known = model, name, known

    def create(self, organisation):
        instance, _created = self.model.objects.get_or_create(
            organisation=organisation, name=self.name
        )
        self.known[self.name.lower()] = instance
        return instance


_FIELD_TO_COLUMN = {
    "employee_number": "personeelsnummer",
    "first_name": "voornaam",
    "name_prefix": "tussenvoegsel",
    "last_name": "achternaam",
    "email": "email",
    "username": "gebruikersnaam",
    "department": "afdeling",
    "location": "vestiging",
    "locale": "taal",
    "time_zone": "tijdzone",
    "firebase_uid": "firebase_uid",
}


def _validation_messages(exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.message_dict.items():
            column = _FIELD_TO_COLUMN.get(field_name, field_name)
            if field_name == "__all__":
                column = ""
            yield column, errors
    else:
        yield "", exc.messages
