"""Writes for organisations and people. Callers pass plain values; rules are checked here."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from backend.organisations.models import Employee, EmployeeRole, Organisation
from backend.organisations.roles import Role

User = get_user_model()


@transaction.atomic
def employee_create(
    *,
    organisation: Organisation,
    username: str,
    employee_number: str,
    first_name: str,
    last_name: str,
    name_prefix: str = "",
    email: str = "",
    department=None,
    location=None,
    locale: str = Employee.Locale.DUTCH,
    time_zone: str | None = None,
    firebase_uid: str | None = None,
    roles=(Role.EMPLOYEE,),
    password: str | None = None,
) -> Employee:
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()  # signs in through Firebase until someone sets one
    user.full_clean()
    user.save()
    employee = Employee(
        organisation=organisation,
        user=user,
        employee_number=employee_number,
        first_name=first_name,
        name_prefix=name_prefix,
        last_name=last_name,
        email=email,
        department=department,
        location=location,
        locale=locale,
        time_zone=time_zone or organisation.time_zone,
        firebase_uid=firebase_uid or None,
    )
    employee.full_clean(exclude=["user"])
    employee.save()
    employee_set_roles(employee=employee, roles=roles)
    return employee


@transaction.atomic
def employee_update(*, employee: Employee, roles=None, **fields) -> bool:
    """Update the given fields (and roles, when given); returns whether anything changed."""
    changed = False
    for name, value in fields.items():
        if name == "firebase_uid":
            value = value or None
        if getattr(employee, name) != value:
            setattr(employee, name, value)
            changed = True
    if changed:
        employee.full_clean(exclude=["user"])
        employee.save()
        user = employee.user
        user.first_name, user.last_name, user.email = (
            employee.first_name,
            employee.last_name,
            employee.email,
        )
        user.save(update_fields=["first_name", "last_name", "email"])
    if roles is not None:
        changed = employee_set_roles(employee=employee, roles=roles) or changed
    return changed


def employee_set_roles(*, employee: Employee, roles) -> bool:
    """Make the employee's roles exactly ``roles`` (every employee keeps the employee role)."""
    wanted = {Role(role) for role in roles} | {Role.EMPLOYEE}
    current = set(employee.roles.values_list("role", flat=True))
    if wanted == current:
        return False
    employee.roles.exclude(role__in=wanted).delete()
    EmployeeRole.objects.bulk_create(
        [EmployeeRole(employee=employee, role=role) for role in wanted - current]
    )
    return True


def employees_deactivate_absent(
    *, organisation: Organisation, present_numbers, keep_user=None, batch_size: int = 500
) -> int:
    """Deactivate the organisation's active employees whose number is not in
    ``present_numbers`` (they can no longer sign in; their records stay). Returns how many."""
    present = set(present_numbers)
    active = User.objects.filter(employee__organisation=organisation, is_active=True)
    if keep_user is not None:
        active = active.exclude(pk=keep_user.pk)
    absent = [
        user_id
        for user_id, number in active.values_list("pk", "employee__employee_number")
        if number not in present
    ]
    for start in range(0, len(absent), batch_size):
        User.objects.filter(pk__in=absent[start : start + batch_size]).update(is_active=False)
    return len(absent)
