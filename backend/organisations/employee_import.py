"""CSV import of employees by an organisation admin.

Each row is imported in its own savepoint: a bad row is reported and skipped, good rows land.
Rows are matched on the employee number, so importing the same file again updates people
instead of duplicating them. A file that lists everybody (``deactivate_absent``) also
deactivates the employees it does not mention: people who left can no longer sign in.

Only what the file says is changed: a column that is not in the file leaves that field alone,
and an empty cell clears a field only when the import is asked to (``clear_empty``). A dry run
reports every change exactly as a real import would make it, and writes nothing.
"""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.common.errors import DomainError
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


ACTION_LABELS = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("updated"),
    "deactivated": gettext_lazy("deactivated (not in the file)"),
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (nothing was imported)."""


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class RowChange:
    """What the import did (or, in a dry run, would do) to one employee."""

    line: int | None  # None for employees deactivated because they are not in the file
    employee_number: str
    name: str
    action: str  # created | updated | deactivated (internal values)
    fields: dict = field(default_factory=dict)  # column -> (old, new), as the file names them

    def get_action_display(self) -> str:
        return str(ACTION_LABELS[self.action])


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    # employee number -> first line it appeared on (a broken row still counts as listed)
    listed_numbers: dict[str, int] = field(default_factory=dict)

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
    clear_empty: bool = False,
    dry_run: bool = False,
    actor=None,
) -> ImportReport:
    """Import employees from CSV bytes; see EXAMPLE_CSV for the columns.

    With ``deactivate_absent`` the file is the whole staff list: active employees whose number
    is not in it are deactivated, except ``actor`` (the admin importing it). A person whose
    row has an error still counts as listed, so a typo never locks somebody out."""
    reader = _rows(decode_csv(data))
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        _import_rows(reader, report, organisation, create_missing, clear_empty, actor)
        if deactivate_absent:
            if not report.listed_numbers:
                raise ImportFileError(
                    _("The file lists no employee numbers, so nobody was deactivated.")
                )
            deactivated = employees_deactivate_absent(
                organisation=organisation, present_numbers=report.listed_numbers, actor=actor
            )
            report.deactivated = len(deactivated)
            report.changes.extend(
                RowChange(None, employee.employee_number, employee.full_name, "deactivated")
                for employee in deactivated
            )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _import_rows(reader, report, organisation, create_missing, clear_empty, actor):
    importer = _RowImporter(organisation, create_missing, reader.fieldnames, clear_empty, actor)
    seen_numbers = report.listed_numbers
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


# CSV column -> employee field, for the optional columns an update applies when present.
OPTIONAL_COLUMNS = {
    "tussenvoegsel": "name_prefix",
    "email": "email",
    "afdeling": "department",
    "vestiging": "location",
    "taal": "locale",
    "tijdzone": "time_zone",
    "firebase_uid": "firebase_uid",
}


class _RowImporter:
    def __init__(self, organisation, create_missing, columns, clear_empty, actor):
        self.organisation = organisation
        self.create_missing = create_missing
        self.columns = set(columns)
        self.clear_empty = clear_empty
        self.actor = actor
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
                outcome, changes = self._save(row, values)
        except (ValidationError, IntegrityError, DomainError) as exc:
            self._load_known_names()  # forget departments created in the rolled-back savepoint
            report.errors.extend(
                RowError(line, column, message) for column, message in _messages(exc)
            )
            return
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome != "unchanged":
            name = " ".join(
                p for p in (row["voornaam"], row.get("tussenvoegsel"), row["achternaam"]) if p
            )
            report.changes.append(
                RowChange(line, row["personeelsnummer"], name, outcome, _by_column(changes))
            )

    def _given(self, row, column) -> bool:
        """Whether the row says something about ``column``: the column is in the file, and
        its cell is filled (or empty cells are meant to clear)."""
        return column in self.columns and (bool(row.get(column)) or self.clear_empty)

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

    def _fields(self, row, values):
        """Every field a row can set, as the row gives it."""
        return {
            "first_name": row["voornaam"],
            "last_name": row["achternaam"],
            "name_prefix": row.get("tussenvoegsel", ""),
            "email": row.get("email", ""),
            "department": values["department"],
            "location": values["location"],
            "locale": values["locale"],
            "time_zone": values["time_zone"],
            "firebase_uid": row.get("firebase_uid") or None,
        }

    def _save(self, row, values):
        for key in ("department", "location"):
            if isinstance(values[key], _PendingCreation):
                values[key] = values[key].create(self.organisation)
        fields = self._fields(row, values)
        roles = values["roles"] if self._given(row, "rollen") else None
        employee = (
            Employee.objects.select_related("user")
            .filter(organisation=self.organisation, employee_number=row["personeelsnummer"])
            .first()
        )
        if employee is None:
            username = row.get("gebruikersnaam") or (
                f"{self.organisation.slug}-{row['personeelsnummer']}".lower()
            )
            employee_create(
                organisation=self.organisation,
                username=username,
                employee_number=row["personeelsnummer"],
                roles=roles or (Role.EMPLOYEE,),
                actor=self.actor,
                **fields,
            )
            created = {name: (None, value) for name, value in fields.items() if value}
            return "created", {"username": (None, username), **created}
        # An update applies the required columns and each optional one the row gives.
        given = {"first_name", "last_name"} | {
            name for column, name in OPTIONAL_COLUMNS.items() if self._given(row, column)
        }
        username = row.get("gebruikersnaam")
        if username and username != employee.user.username:
            raise ValidationError(
                {"gebruikersnaam": _("The username of an existing employee cannot be changed.")}
            )
        changes = employee_update(
            employee=employee,
            actor=self.actor,
            roles=roles,
            **{name: value for name, value in fields.items() if name in given},
        )
        return ("updated" if changes else "unchanged"), changes


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
    "roles": "rollen",
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


def _by_column(changes: dict) -> dict:
    return {
        _FIELD_TO_COLUMN.get(name, name): tuple("" if v is None else str(v) for v in change)
        for name, change in changes.items()
    }


def _messages(exc):
    """(column, message) pairs for a refused row."""
    if isinstance(exc, IntegrityError):
        yield "", _("This row conflicts with an existing employee.")
    elif isinstance(exc, DomainError):
        yield "", str(exc.message)
    elif hasattr(exc, "error_dict"):
        for field_name, errors in exc.message_dict.items():
            column = "" if field_name == "__all__" else _FIELD_TO_COLUMN.get(field_name, field_name)
            for message in errors:
                yield column, message
    else:
        for message in exc.messages:
            yield "", message
