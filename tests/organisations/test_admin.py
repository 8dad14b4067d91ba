import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from backend.organisations.models import Department, Employee
from backend.organisations.roles import Role
from tests.admin_pages import change_page_data
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    EmployeeFactory,
    UserFactory,
)


def admin_client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_of_zeventerpen(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, roles=[Role.ORGANISATION_ADMIN])


@pytest.fixture
def admin_of_oosterdijk(oosterdijk):
    return EmployeeFactory(organisation=oosterdijk, roles=[Role.ORGANISATION_ADMIN])


def test_admin_is_in_dutch(admin_of_zeventerpen):
    response = admin_client_for(admin_of_zeventerpen.user).get("/admin/")
    assert response.status_code == 200
    assert "Medewerkers" in response.content.decode()


def test_organisation_admin_lists_only_own_employees(admin_of_zeventerpen, admin_of_oosterdijk):
    client = admin_client_for(admin_of_zeventerpen.user)
    response = client.get(reverse("admin:organisations_employee_changelist"))
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset)
    assert admin_of_zeventerpen in shown
    assert admin_of_oosterdijk not in shown


def test_organisation_admin_cannot_move_people_to_another_organisations_department(
    admin_of_oosterdijk, zeventerpen, oosterdijk
):
    foreign = DepartmentFactory(organisation=zeventerpen)
    colleague = EmployeeFactory(organisation=oosterdijk)
    client = admin_client_for(admin_of_oosterdijk.user)
    url = reverse("admin:organisations_employee_change", args=[colleague.pk])
    form = client.get(url).context["adminform"].form
    assert foreign not in form.fields["department"].queryset
    response = client.post(url, _employee_post(colleague, department=foreign.pk))
    assert response.status_code == 200  # form shown again with an error
    colleague.refresh_from_db()
    assert colleague.department != foreign


def _employee_post(employee, **changes):
    data = {
        "username": employee.user.username,
        "employee_number": employee.employee_number,
        "first_name": employee.first_name,
        "name_prefix": "",
        "last_name": employee.last_name,
        "email": employee.email,
        "department": employee.department_id or "",
        "location": employee.location_id or "",
        "locale": "nl",
        "time_zone": "Europe/Amsterdam",
        "firebase_uid": "",
        "new_password": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_duplicate_department_name_is_a_form_error_not_a_crash(admin_of_zeventerpen, zeventerpen):
    DepartmentFactory(organisation=zeventerpen, name="Handhaving")
    client = admin_client_for(admin_of_zeventerpen.user)
    response = client.post(reverse("admin:organisations_department_add"), {"name": "Handhaving"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Department.objects.filter(name="Handhaving").count() == 1


def test_organisation_admin_adds_department_in_own_organisation(admin_of_zeventerpen, zeventerpen):
    client = admin_client_for(admin_of_zeventerpen.user)
    response = client.post(reverse("admin:organisations_department_add"), {"name": "Wijkteams"})
    assert response.status_code == 302
    assert Department.objects.get(name="Wijkteams").organisation == zeventerpen


def test_organisation_admin_adds_an_employee_with_a_password(admin_of_zeventerpen, zeventerpen):
    client = admin_client_for(admin_of_zeventerpen.user)
    employee = EmployeeFactory.build(organisation=zeventerpen, department=None, location=None)
    employee.user.username = "nieuwe-collega"
    data = _employee_post(employee, new_password="Zeventerpen-2026!")
    response = client.post(reverse("admin:organisations_employee_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Employee.objects.get(user__username="nieuwe-collega")
    assert created.organisation == zeventerpen
    assert created.user.check_password("Zeventerpen-2026!")


def test_two_admins_editing_one_employee_do_not_overwrite_each_other(
    admin_of_zeventerpen, zeventerpen
):
    colleague_admin = EmployeeFactory(organisation=zeventerpen, roles=[Role.ORGANISATION_ADMIN])
    employee = EmployeeFactory(organisation=zeventerpen, last_name="Jansen")
    url = reverse("admin:organisations_employee_change", args=[employee.pk])
    first = admin_client_for(admin_of_zeventerpen.user)
    second = admin_client_for(colleague_admin.user)
    first_page, second_page = change_page_data(first.get(url)), change_page_data(second.get(url))

    assert first.post(url, {**first_page, "last_name": "Jansen-de Vries"}).status_code == 302
    refused = second.post(url, {**second_page, "first_name": "Overschreven"})

    assert refused.status_code == 200
    errors = refused.context["adminform"].form.non_field_errors().as_data()
    assert [error.code for error in errors] == ["changed_meanwhile"]
    employee.refresh_from_db()
    assert (employee.last_name, employee.first_name != "Overschreven") == ("Jansen-de Vries", True)


def test_employees_without_an_admin_role_cannot_use_the_admin(zeventerpen):
    learner = EmployeeFactory(organisation=zeventerpen)
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": learner.user.username, "password": PASSWORD}
    )
    assert response.status_code == 200  # the login form again
    assert client.get("/admin/").status_code == 302


def test_admin_login_works_for_an_organisation_admin(admin_of_zeventerpen):
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": admin_of_zeventerpen.user.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_superuser_sees_every_organisation(admin_of_zeventerpen, admin_of_oosterdijk):
    operator = UserFactory(is_superuser=True, is_staff=True)
    response = admin_client_for(operator).get(reverse("admin:organisations_employee_changelist"))
    shown = set(response.context["cl"].queryset)
    assert {admin_of_zeventerpen, admin_of_oosterdijk} <= shown


def test_csv_import_in_the_admin_reports_bad_rows(admin_of_zeventerpen, zeventerpen):
    client = admin_client_for(admin_of_zeventerpen.user)
    url = reverse("admin:organisations_employee_import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile(
        "medewerkers.csv",
        b"personeelsnummer;voornaam;achternaam;rollen\n1;An;Aa;\n2;Bo;Bb;heks\n",
        content_type="text/csv",
    )
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.created == 1 and report.failed_lines == [3]
    assert "heks" in response.content.decode()
    assert Employee.objects.filter(organisation=zeventerpen, employee_number="1").exists()


def test_csv_staff_list_in_the_admin_deactivates_who_left_but_not_the_admin(
    admin_of_zeventerpen, zeventerpen
):
    leaver = EmployeeFactory(organisation=zeventerpen, employee_number="L1")
    upload = SimpleUploadedFile(
        "personeel.csv", b"personeelsnummer;voornaam;achternaam\n1;An;Aa\n", "text/csv"
    )
    response = admin_client_for(admin_of_zeventerpen.user).post(
        reverse("admin:organisations_employee_import"),
        {"file": upload, "deactivate_absent": "on"},
    )
    assert response.context["report"].deactivated == 1
    leaver.user.refresh_from_db()
    admin_of_zeventerpen.user.refresh_from_db()
    assert not leaver.user.is_active and admin_of_zeventerpen.user.is_active


def test_csv_import_is_closed_to_employees_without_rights(zeventerpen):
    editor = EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR])
    response = admin_client_for(editor.user).get(reverse("admin:organisations_employee_import"))
    assert response.status_code == 403


def test_admin_login_is_throttled(admin_of_zeventerpen, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": admin_of_zeventerpen.user.username, "password": "wrong"},
        )
    response = client.post(
        reverse("admin:login"),
        {"username": admin_of_zeventerpen.user.username, "password": PASSWORD},
    )
    assert response.status_code == 429


# --- the admin writes through the employee services (issue 8.6) --------------------------------


def test_an_employee_created_in_the_admin_has_the_employee_role_and_cannot_lose_it(
    admin_of_zeventerpen, zeventerpen
):
    from backend.organisations.models import Employee
    from tests.admin_pages import change_page_data

    client = admin_client_for(admin_of_zeventerpen.user)
    data = {
        "username": "nieuwe-collega",
        "employee_number": "N100",
        "first_name": "Nieuwe",
        "last_name": "Collega",
        "locale": "nl",
        "time_zone": "Europe/Amsterdam",
        "is_active": "on",
        "extra_roles": ["redacteur"],
    }
    response = client.post(reverse("admin:organisations_employee_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Employee.objects.get(employee_number="N100")
    assert created.role_values() == ["medewerker", "redacteur"]

    url = reverse("admin:organisations_employee_change", args=[created.pk])
    page = change_page_data(client.get(url))
    page["extra_roles"] = []  # every extra role unticked; there is no box for "medewerker"
    assert client.post(url, page).status_code == 302
    assert created.role_values() == ["medewerker"]
    assert "medewerker" not in dict(
        client.get(url).context["adminform"].form.fields["extra_roles"].choices
    )
