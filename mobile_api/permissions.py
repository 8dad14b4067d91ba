from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


def current_employee(request):
    """The signed-in employee (every authenticated API caller is one)."""
    return request.user.employee


class IsEmployee(BasePermission):
    message = _("Sign in as an employee.")

    def has_permission(self, request, view):
        user = request.user
        if user is None or not user.is_active:
            return False
        employee = getattr(user, "employee", None)
        return employee is not None and employee.organisation.is_active


def has_role(*roles):
    """Permission class: the employee holds one of ``roles`` in their organisation."""

    class HasRole(IsEmployee):
        message = _("Your role does not allow this.")
        allowed_roles = frozenset(roles)  # read by the authorisation tests

        def has_permission(self, request, view):
            if not super().has_permission(request, view):
                return False
            employee = current_employee(request)
            return any(employee.has_role(role) for role in roles)

    HasRole.__name__ = "HasRole_" + "_or_".join(roles)
    return HasRole
