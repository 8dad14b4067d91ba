import pytest
from django.core.management import CommandError, call_command

from backend.organisations.employee_import import ImportFileError, import_employees
from backend.organisations.models import Department, Employee
from backend.organisations.roles import Role
from tests.factories import PASSWORD, DepartmentFactory, EmployeeFactory, LocationFactory

HEADER = (
    "personeelsnummer;voornaam;tussenvoegsel;achternaam;email;afdeling;vestiging;rollen;"
    "taal;tijdzone\n"
)


@pytest.fixture
def places(zeventerpen):
    return (
        DepartmentFactory(organisation=zeventerpen, name="Sociaal Domein"),
        LocationFactory(organisation=zeventerpen, name="Stadskantoor"),
    )


def run(organisation, text, encoding="utf-8", **kwargs):
    return import_employees(organisation=organisation, data=text.encode(encoding), **kwargs)


def test_good_rows_land_and_bad_rows_are_reported_per_row(zeventerpen, places):
    report = run(
        zeventerpen,
        HEADER
        + "100;Zoë;van der;Berg;zoe@zeventerpen.nl;Sociaal Domein;Stadskantoor;redacteur;nl;\n"
        + "101;;;Leeg;geen-email;Sociaal Domein;Stadskantoor;;nl;\n"
        + "102;Noël;;Hendriks;;Bestaat Niet;Stadskantoor;toverenaar;fr;Mars/Olympus\n"
        + "103;René;;Smit;;;;;;\n",
    )
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert report.failed_lines == [3, 4]
    problems = {(e.line, e.column) for e in report.errors}
    assert problems == {
        (3, "voornaam"),
        (3, "email"),
        (4, "afdeling"),
        (4, "rollen"),
        (4, "taal"),
        (4, "tijdzone"),
    }
    zoe = Employee.objects.get(employee_number="100")
    assert (zoe.full_name, zoe.department.name, zoe.location.name) == (
        "Zoë van der Berg",
        "Sociaal Domein",
        "Stadskantoor",
    )
    assert zoe.role_values() == ["medewerker", "redacteur"]
    assert zoe.user.username == "zeventerpen-100"
    assert not zoe.user.has_usable_password()


def test_reimport_updates_instead_of_duplicating(zeventerpen, places):
    first = HEADER + "100;Zoë;;Berg;;Sociaal Domein;;redacteur;nl;\n"
    run(zeventerpen, first)
    again = run(zeventerpen, first)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)

    changed = run(zeventerpen, HEADER + "100;Zoë;;de Berg;;;Stadskantoor;ontregelcoach;en;\n")
    assert (changed.created, changed.updated) == (0, 1)
    zoe = Employee.objects.get(employee_number="100")
    assert Employee.objects.count() == 1
    assert zoe.last_name == "de Berg"
    # an empty cell leaves the department as it was; only clear_empty empties it
    assert zoe.department.name == "Sociaal Domein" and zoe.location.name == "Stadskantoor"
    assert zoe.locale == "en"
    assert zoe.role_values() == ["medewerker", "ontregelcoach"]


def test_duplicate_employee_number_in_one_file_is_reported(zeventerpen):
    report = run(zeventerpen, "personeelsnummer,voornaam,achternaam\n7,An,Aa\n7,Bo,Bb\n")
    assert report.created == 1
    assert [(e.line, e.column) for e in report.errors] == [(3, "personeelsnummer")]


def test_same_employee_number_in_another_organisation_is_someone_else(zeventerpen, oosterdijk):
    EmployeeFactory(organisation=oosterdijk, employee_number="7")
    report = run(zeventerpen, "personeelsnummer,voornaam,achternaam\n7,An,Aa\n")
    assert report.created == 1
    assert Employee.objects.filter(employee_number="7").count() == 2


def test_taken_username_is_a_row_error(zeventerpen, oosterdijk):
    EmployeeFactory(organisation=oosterdijk, user__username="anouk")
    report = run(
        zeventerpen, "personeelsnummer,voornaam,achternaam,gebruikersnaam\n1,Anouk,Bakker,anouk\n"
    )
    assert report.created == 0
    assert [(e.line, e.column) for e in report.errors] == [(2, "gebruikersnaam")]


def test_missing_departments_can_be_created(zeventerpen):
    report = run(
        zeventerpen,
        "personeelsnummer;voornaam;achternaam;afdeling\n1;An;Aa;Handhaving\n2;Bo;Bb;handhaving\n",
        create_missing=True,
    )
    assert report.created == 2 and not report.errors
    assert Department.objects.filter(organisation=zeventerpen).count() == 1


def test_windows_1252_file_from_excel_is_read(zeventerpen):
    report = run(zeventerpen, "personeelsnummer;voornaam;achternaam\r\n1;Noël;Müller\r\n", "cp1252")
    assert report.created == 1
    assert Employee.objects.get().full_name == "Noël Müller"


def test_utf8_with_byte_order_mark_is_read(zeventerpen):
    report = run(zeventerpen, "\ufeffpersoneelsnummer,voornaam,achternaam\n1,Zoë,Ås\n")
    assert report.created == 1


@pytest.mark.parametrize(
    "data",
    [b"", b"voornaam;achternaam\nAn;Aa\n", b"\x00\x01\x02binary", b"x" * (5 * 1024 * 1024 + 1)],
)
def test_unreadable_files_are_refused_whole(zeventerpen, data):
    with pytest.raises(ImportFileError):
        import_employees(organisation=zeventerpen, data=data)
    assert not Employee.objects.exists()


def test_row_with_too_many_cells_is_reported(zeventerpen):
    report = run(zeventerpen, "personeelsnummer,voornaam,achternaam\n1,An,Aa,extra\n2,Bo,Bb\n")
    assert report.created == 1
    assert report.failed_lines == [2]


def test_every_employee_keeps_the_employee_role(zeventerpen):
    run(zeventerpen, "personeelsnummer;voornaam;achternaam;rollen\n1;An;Aa;ontregelcoach\n")
    assert Employee.objects.get().role_values() == [Role.EMPLOYEE, Role.RULE_COACH]


def test_management_command_reports_rows(zeventerpen, tmp_path, capsys):
    path = tmp_path / "medewerkers.csv"
    path.write_text("personeelsnummer;voornaam;achternaam\n1;An;Aa\n2;;Bb\n")
    call_command("import_employees", "zeventerpen", str(path))
    captured = capsys.readouterr()
    assert "created 1" in captured.out
    assert "line 3 [voornaam]" in captured.err
    with pytest.raises(CommandError):
        call_command("import_employees", "bestaat-niet", str(path))


def _numbered(zeventerpen, *numbers):
    return {n: EmployeeFactory(organisation=zeventerpen, employee_number=n) for n in numbers}


def test_a_full_staff_list_deactivates_who_left_and_only_them(zeventerpen, oosterdijk, places):
    people = _numbered(zeventerpen, "1", "2", "3", "4")
    importing_admin = EmployeeFactory(organisation=zeventerpen, roles=[Role.ORGANISATION_ADMIN])
    elsewhere = EmployeeFactory(organisation=oosterdijk, employee_number="9")
    staff_list = (
        "personeelsnummer;voornaam;achternaam;email\n"
        "1;An;Aa;\n"
        "2;Bo;Bb;geen-email\n"  # a broken row still lists its person
        "3;Cor;Cc;;te veel\n"  # so does a row with too many cells
        "5;Eef;Ee;\n"
    )
    report = run(zeventerpen, staff_list, deactivate_absent=True, actor=importing_admin.user)

    assert (report.created, report.updated, report.deactivated) == (1, 1, 1)
    assert report.failed_lines == [3, 4]
    active = {
        e.employee_number: e.user.is_active
        for e in Employee.objects.select_related("user").filter(organisation=zeventerpen)
    }
    assert active == {
        "1": True,
        "2": True,
        "3": True,
        "4": False,
        "5": True,
        importing_admin.employee_number: True,
    }
    people["4"].user.refresh_from_db()
    elsewhere.user.refresh_from_db()
    assert not people["4"].user.is_active and elsewhere.user.is_active


def test_without_the_staff_list_option_nobody_is_deactivated(zeventerpen):
    _numbered(zeventerpen, "1", "2")
    report = run(zeventerpen, "personeelsnummer;voornaam;achternaam\n1;An;Aa\n")
    assert report.deactivated == 0
    assert Employee.objects.filter(user__is_active=False).count() == 0


def test_a_staff_list_without_numbers_deactivates_nobody(zeventerpen):
    _numbered(zeventerpen, "1")
    with pytest.raises(ImportFileError):
        run(zeventerpen, "personeelsnummer;voornaam;achternaam\n;An;Aa\n", deactivate_absent=True)
    assert Employee.objects.filter(user__is_active=False).count() == 0


def test_deactivated_people_can_no_longer_sign_in(zeventerpen, api_client, tmp_path, capsys):
    leaver = EmployeeFactory(organisation=zeventerpen, employee_number="77")
    path = tmp_path / "personeel.csv"
    path.write_text("personeelsnummer;voornaam;achternaam\n1;An;Aa\n")
    call_command("import_employees", "zeventerpen", str(path), "--deactivate-absent")
    assert "deactivated 1" in capsys.readouterr().out
    response = api_client.post(
        "/api/v1/tokens",
        {"gebruikersnaam": leaver.user.username, "wachtwoord": PASSWORD},
        format="json",
    )
    assert response.status_code == 401


# --- only what the file says changes (a file without optional columns blanked 50 people) -------


@pytest.fixture
def filled_in(zeventerpen, places):
    department, location = places
    return [
        EmployeeFactory(
            organisation=zeventerpen,
            employee_number=str(number),
            email=f"p{number}@zeventerpen.nl",
            department=department,
            location=location,
            firebase_uid=f"fb-{number}",
        )
        for number in range(1, 6)
    ]


def _snapshot(employees):
    return {
        e.employee_number: (e.email, e.department_id, e.location_id, e.firebase_uid, e.locale)
        for e in Employee.objects.filter(pk__in=[p.pk for p in employees])
    }


def test_columns_absent_from_the_file_leave_their_fields_alone(zeventerpen, filled_in):
    before = _snapshot(filled_in)
    names = "".join(f"{e.employee_number};{e.first_name};{e.last_name}\n" for e in filled_in)
    report = run(zeventerpen, "personeelsnummer;voornaam;achternaam\n" + names)
    assert (report.updated, report.unchanged) == (0, 5)
    assert _snapshot(filled_in) == before


def test_empty_cells_keep_the_field_unless_the_import_clears_them(zeventerpen, filled_in):
    one = filled_in[0]
    text = (
        "personeelsnummer;voornaam;achternaam;email;afdeling\n"
        f"{one.employee_number};{one.first_name};{one.last_name};;\n"
    )
    assert run(zeventerpen, text).unchanged == 1
    one.refresh_from_db()
    assert one.email and one.department is not None

    cleared = run(zeventerpen, text, clear_empty=True)
    assert cleared.updated == 1
    one.refresh_from_db()
    assert one.email == "" and one.department is None and one.firebase_uid == "fb-1"


def test_a_dry_run_lists_every_change_and_writes_nothing(zeventerpen, filled_in, places):
    one, two = filled_in[0], filled_in[1]
    before = _snapshot(filled_in)
    text = (
        "personeelsnummer;voornaam;achternaam;email\n"
        f"{one.employee_number};{one.first_name};{one.last_name};nieuw@zeventerpen.nl\n"
        f"{two.employee_number};{two.first_name};{two.last_name};\n"
        "900;Nieuw;Persoon;nieuw.persoon@zeventerpen.nl\n"
    )
    report = run(zeventerpen, text, dry_run=True, deactivate_absent=True)

    assert report.dry_run and (report.created, report.updated, report.unchanged) == (1, 1, 1)
    changes = {(c.employee_number, c.action): c.fields for c in report.changes}
    assert changes[(one.employee_number, "updated")] == {
        "email": (f"p{one.employee_number}@zeventerpen.nl", "nieuw@zeventerpen.nl")
    }
    assert changes[("900", "created")]["email"] == ("", "nieuw.persoon@zeventerpen.nl")
    deactivated = {number for number, action in changes if action == "deactivated"}
    assert deactivated == {e.employee_number for e in filled_in[2:]}
    assert _snapshot(filled_in) == before
    assert not Employee.objects.filter(employee_number="900").exists()
    assert Employee.objects.filter(user__is_active=False).count() == 0


def test_the_admin_trial_run_shows_the_changes(zeventerpen, filled_in, org_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    one = filled_in[0]
    client = Client()
    client.force_login(org_admin.user)
    text = (
        "personeelsnummer;voornaam;achternaam;email\n"
        f"{one.employee_number};{one.first_name};{one.last_name};ander@zeventerpen.nl\n"
    )
    upload = SimpleUploadedFile("personeel.csv", text.encode(), "text/csv")
    response = client.post(
        reverse("admin:organisations_employee_import"), {"file": upload, "_dry_run": "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ander@zeventerpen.nl" in page and f"p{one.employee_number}@zeventerpen.nl" in page
    one.refresh_from_db()
    assert one.email == f"p{one.employee_number}@zeventerpen.nl"
