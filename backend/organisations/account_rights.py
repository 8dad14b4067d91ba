"""Who may change whose account.

An organisation admin manages the accounts of their own organisation: every role there is
theirs to grant. Rights beyond that (a superuser, a staff account, permissions or groups given
to the account directly, another organisation) are not theirs, so such an account is never
changed from an organisation's admin pages or imports, whoever runs them.
"""

from django.db.models import Q

from backend.organisations.roles import Role


def holds_rights_beyond_roles(user) -> bool:
    """Whether the account has rights that do not come from organisation roles."""
    if user.is_superuser or user.is_staff:
        return True
    if user.pk is None:
        return False
    return user.user_permissions.exists() or user.groups.exists()


def rights_beyond_roles_q(prefix: str = "user__") -> Q:
    """The same test as holds_rights_beyond_roles, for filtering employees in one query."""
    return (
        Q(**{f"{prefix}is_superuser": True})
        | Q(**{f"{prefix}is_staff": True})
        | Q(**{f"{prefix}user_permissions__isnull": False})
        | Q(**{f"{prefix}groups__isnull": False})
    )


def may_manage_account(actor, user) -> bool:
    """Whether ``actor`` (a signed-in user, or None for the installation's own jobs such as a
    command-line import) may change ``user``'s account: password, sign-in identity, roles,
    active state."""
    if actor is not None and actor.is_superuser:
        return True
    if holds_rights_beyond_roles(user):
        return False
    if actor is None:
        return True
    if actor.pk == user.pk:
        return True
    actor_employee = getattr(actor, "employee", None)
    target_employee = getattr(user, "employee", None)
    if actor_employee is None or target_employee is None:
        return False
    return (
        actor_employee.organisation_id == target_employee.organisation_id
        and actor_employee.has_role(Role.ORGANISATION_ADMIN)
    )
