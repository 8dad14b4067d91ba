"""Writes for organisations and people. Callers pass plain values; rules are checked here.

``actor`` is the signed-in user who asks for the change (None for the installation's own jobs:
demo data, a command-line import). Accounts whose rights go beyond what the actor may grant are
refused (backend.organisations.account_rights). A change that takes rights or credentials away
(password, deactivation, a role removed) ends every sign-in of that employee made before it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.errors import NotAllowed
from backend.organisations.account_rights import may_manage_account, rights_beyond_roles_q
from backend.organisations.models import Employee, EmployeeRole, Organisation
from backend.organisations.roles import Role

User = get_user_model()

# Fields an update may touch (values the employee record holds; the account follows them).
UPDATABLE_FIELDS = (
    "first_name",
    "name_prefix",
    "last_name",
    "email",
    "department",
    "location",
    "locale",
    "time_zone",
    "firebase_uid",
)
ACCOUNT_NOT_MANAGEABLE = "account_not_manageable"


class AccountNotManageable(NotAllowed):
    code = ACCOUNT_NOT_MANAGEABLE

    def __init__(self):
        super().__init__(_("This account has rights you cannot change; an operator can."))


def refuse_unless_manageable(*, actor, employee: Employee) -> None:
    if not may_manage_account(actor, employee.user):
        raise AccountNotManageable()


def username_available(username: str, *, except_user=None) -> bool:
    taken = User.objects.filter(username__iexact=username)
    if except_user is not None:
        taken = taken.exclude(pk=except_user.pk)
    return not taken.exists()


def refuse_unavailable_username(username: str, *, except_user=None) -> None:
    # The same words whether the name is used here or in another organisation: nothing about
    # another organisation's people may be learnt from this message.
    if not username_available(username, except_user=except_user):
        raise ValidationError({"username": _("This username is not available; choose another.")})


def sessions_revoke(*, employee: Employee) -> None:
    """Every sign-in of the employee made before now stops working (API tokens, Firebase ID
    tokens, and device registrations once they exist: they read this moment)."""
    employee.sessions_revoked_at = timezone.now()
    employee.save(update_fields=["sessions_revoked_at", "updated_at"])


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
    actor=None,
) -> Employee:
    refuse_unavailable_username(username)
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
    employee_set_roles(employee=employee, roles=roles, actor=actor)
    return employee


@transaction.atomic
def employee_update(*, employee: Employee, actor=None, roles=None, **fields) -> dict:
    """Update the given fields (and roles, when given). Returns what changed, as
    field -> (old, new); empty when nothing did."""
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"employee_update cannot change {sorted(unknown)}")
    changes = {}
    for name, value in fields.items():
        if name == "firebase_uid":
            value = value or None
        old = getattr(employee, name)
        if old != value:
            changes[name] = (old, value)
    roles_differ = roles is not None and _wanted_roles(roles) != set(employee.role_values())
    if changes or roles_differ:
        refuse_unless_manageable(actor=actor, employee=employee)
    if changes:
        for name, (_old, new) in changes.items():
            setattr(employee, name, new)
        employee.full_clean(exclude=["user"])
        employee.save()
        user = employee.user
        user.first_name, user.last_name, user.email = (
            employee.first_name,
            employee.last_name,
            employee.email,
        )
        user.save(update_fields=["first_name", "last_name", "email"])
    if roles_differ:
        before = employee.role_values()
        employee_set_roles(employee=employee, roles=roles, actor=actor)
        changes["roles"] = (before, employee.role_values())
    return changes


def _wanted_roles(roles) -> set[Role]:
    return {Role(role) for role in roles} | {Role.EMPLOYEE}


def employee_set_roles(*, employee: Employee, roles, actor=None) -> bool:
    """Make the employee's roles exactly ``roles`` (every employee keeps the employee role).
    Removing a role ends the employee's earlier sign-ins."""
    wanted = _wanted_roles(roles)
    current = set(employee.roles.values_list("role", flat=True))
    if wanted == current:
        return False
    if not employee._state.adding and current:
        refuse_unless_manageable(actor=actor, employee=employee)
    employee.roles.exclude(role__in=wanted).delete()
    EmployeeRole.objects.bulk_create(
        [EmployeeRole(employee=employee, role=role) for role in wanted - current]
    )
    if hasattr(employee, "_prefetched_objects_cache"):
        employee._prefetched_objects_cache.pop("roles", None)
    if current - wanted:
        sessions_revoke(employee=employee)
    return True


@transaction.atomic
def employee_set_password(*, employee: Employee, password: str, actor=None) -> None:
    refuse_unless_manageable(actor=actor, employee=employee)
    user = employee.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    sessions_revoke(employee=employee)


@transaction.atomic
def employee_set_active(*, employee: Employee, active: bool, actor=None) -> bool:
    """Activate or deactivate the employee's account; returns whether it changed."""
    user = employee.user
    if user.is_active == active:
        return False
    refuse_unless_manageable(actor=actor, employee=employee)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        sessions_revoke(employee=employee)
    return True


def employees_deactivate_absent(
    *, organisation: Organisation, present_numbers, actor=None, batch_size: int = 500
) -> list[Employee]:
    """Deactivate the organisation's active employees whose number is not in
    ``present_numbers`` (they can no longer sign in; their records stay). The importing admin
    and accounts with rights beyond roles are never deactivated. Returns who was."""
    present = set(present_numbers)
    active = Employee.objects.filter(organisation=organisation, user__is_active=True)
    if actor is not None:
        active = active.exclude(user_id=actor.pk)
    absent = [
        employee
        for employee in active.exclude(rights_beyond_roles_q()).order_by("employee_number")
        if employee.employee_number not in present
    ]
    now = timezone.now()
    for start in range(0, len(absent), batch_size):
        batch = absent[start : start + batch_size]
        User.objects.filter(pk__in=[e.user_id for e in batch]).update(is_active=False)
        Employee.objects.filter(pk__in=[e.pk for e in batch]).update(
            sessions_revoked_at=now, updated_at=now
        )
    return absent
