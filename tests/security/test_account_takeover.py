"""Issue 7.2: an organisation admin could set the password of, relink the Firebase identity of,
or deactivate (by a staff-list import) an account with more rights than their own."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from backend.common.errors import NotAllowed
from backend.organisations.employee_import import import_employees
from backend.organisations.roles import Role
from backend.organisations.services import employee_set_password, employee_update
from tests.admin_pages import change_page_data
from tests.factories import PASSWORD, EmployeeFactory
from tests.helpers import admin_client


@pytest.fixture
def operator(zeventerpen):
    """An employee record linked to the installation's superuser."""
    employee = EmployeeFactory(organisation=zeventerpen, employee_number="OPS1")
    employee.user.is_superuser = True
    employee.user.save()
    return employee


@pytest.fixture
def privileged(zeventerpen):
    """An account with a permission given to it directly, beyond any organisation role."""
    employee = EmployeeFactory(organisation=zeventerpen, employee_number="PRIV1")
    employee.user.user_permissions.add(Permission.objects.get(codename="change_user"))
    return employee


def _change_url(employee):
    return reverse("admin:organisations_employee_change", args=[employee.pk])


@pytest.mark.parametrize("target", ["operator", "privileged"])
def test_the_change_page_of_a_stronger_account_is_read_only(request, org_admin, target):
    victim = request.getfixturevalue(target)
    client = admin_client(org_admin)
    page = client.get(_change_url(victim))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]  # shown, not changeable
    assert 'name="new_password"' not in page.content.decode()

    client.post(
        _change_url(victim),
        {
            "employee_number": victim.employee_number,
            "first_name": "Over",
            "last_name": "Genomen",
            "username": victim.user.username,
            "new_password": "een-nieuw-wachtwoord-42",
            "firebase_uid": "fb-aanvaller",
            "extra_roles": [],
            "is_active": "",
        },
    )
    victim.refresh_from_db()
    victim.user.refresh_from_db()
    assert victim.user.check_password(PASSWORD)
    assert victim.firebase_uid is None and victim.user.is_active
    assert victim.first_name != "Over"


def test_the_services_refuse_whichever_door_calls_them(org_admin, operator):
    with pytest.raises(NotAllowed):
        employee_set_password(
            employee=operator, password="een-nieuw-wachtwoord-42", actor=org_admin.user
        )
    with pytest.raises(NotAllowed):
        employee_update(employee=operator, actor=org_admin.user, firebase_uid="fb-aanvaller")
    operator.refresh_from_db()
    assert operator.firebase_uid is None


def test_a_staff_list_import_does_not_change_or_deactivate_a_superuser(
    zeventerpen, org_admin, operator
):
    text = (
        "personeelsnummer;voornaam;achternaam;firebase_uid\n"
        f"OPS1;{operator.first_name};{operator.last_name};fb-aanvaller\n"
    )
    report = import_employees(organisation=zeventerpen, data=text.encode(), actor=org_admin.user)
    assert report.failed_lines == [2]
    operator.refresh_from_db()
    assert operator.firebase_uid is None

    absent = "personeelsnummer;voornaam;achternaam\nX1;Iemand;Anders\n"
    report = import_employees(
        organisation=zeventerpen,
        data=absent.encode(),
        deactivate_absent=True,
        actor=org_admin.user,
    )
    operator.user.refresh_from_db()
    assert operator.user.is_active
    assert "OPS1" not in {c.employee_number for c in report.changes}


def test_an_admin_still_manages_ordinary_colleagues(zeventerpen, org_admin):
    colleague = EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR])
    client = admin_client(org_admin)
    page = change_page_data(client.get(_change_url(colleague)))
    page.update({"new_password": "een-nieuw-wachtwoord-42", "firebase_uid": "fb-collega"})
    response = client.post(_change_url(colleague), page)
    assert response.status_code == 302, response.context["adminform"].form.errors
    colleague.refresh_from_db()
    assert colleague.user.check_password("een-nieuw-wachtwoord-42")
    assert colleague.firebase_uid == "fb-collega"


def test_an_operator_may_change_any_account(zeventerpen, operator):
    other = EmployeeFactory(organisation=zeventerpen)
    employee_set_password(employee=other, password="een-nieuw-wachtwoord-42", actor=operator.user)
    other.user.refresh_from_db()
    assert other.user.check_password("een-nieuw-wachtwoord-42")
