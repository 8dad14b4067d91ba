import pytest
from django.core.exceptions import ValidationError

from backend.organisations.roles import Role
from backend.organisations.services import employee_create, employee_set_roles
from tests.factories import DepartmentFactory, EmployeeFactory


def test_employee_cannot_be_placed_in_another_organisations_department(zeventerpen, oosterdijk):
    with pytest.raises(ValidationError) as error:
        employee_create(
            organisation=zeventerpen,
            username="an",
            employee_number="1",
            first_name="An",
            last_name="Aa",
            department=DepartmentFactory(organisation=oosterdijk),
        )
    assert "department" in error.value.message_dict


def test_unknown_time_zone_is_rejected(zeventerpen):
    with pytest.raises(ValidationError):
        employee_create(
            organisation=zeventerpen,
            username="an",
            employee_number="1",
            first_name="An",
            last_name="Aa",
            time_zone="Europe/Zeventerpen",
        )


def test_roles_always_include_employee(zeventerpen):
    employee = EmployeeFactory(organisation=zeventerpen, roles=[Role.RULE_COACH])
    employee_set_roles(employee=employee, roles=[Role.CONTENT_EDITOR])
    assert employee.role_values() == [Role.EMPLOYEE, Role.CONTENT_EDITOR]
