"""Model permissions derived from an employee's roles, so nobody manages permission groups by hand.

Every holder of a role gets the same rights in their own organisation; which rows they see is
limited by the admin's organisation scoping (backend.organisations.admin_scoping).
"""

from backend.organisations.roles import Role


def _model_permissions(app_label, model, actions=("view", "add", "change", "delete")):
    return {f"{app_label}.{action}_{model}" for action in actions}


ROLE_PERMISSIONS = {
    Role.ORGANISATION_ADMIN: (
        _model_permissions("organisations", "organisation", actions=("view", "change"))
        | _model_permissions("organisations", "department")
        | _model_permissions("organisations", "location")
        | _model_permissions("organisations", "employee")
        | _model_permissions("organisations", "employeerole")
        | _model_permissions("organisations", "erasurerequest", actions=("view", "change"))
    ),
}


def register_role_permissions(role, permissions):
    """Domain apps add the rights their roles need (called from their AppConfig.ready)."""
    ROLE_PERMISSIONS.setdefault(role, set())
    ROLE_PERMISSIONS[role] = set(ROLE_PERMISSIONS[role]) | set(permissions)


class RolePermissionBackend:
    """An authentication backend that only answers permission questions."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def _permissions(self, user_obj):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        cached = getattr(user_obj, "_role_permission_cache", None)
        if cached is not None:
            return cached
        employee = getattr(user_obj, "employee", None)
        permissions = set()
        if employee is not None and employee.organisation.is_active:
            for role in employee.role_values():
                permissions |= ROLE_PERMISSIONS.get(role, set())
        user_obj._role_permission_cache = permissions
        return permissions

    def get_all_permissions(self, user_obj, obj=None):
        return self._permissions(user_obj)

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self._permissions(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return any(perm.startswith(f"{app_label}.") for perm in self._permissions(user_obj))
