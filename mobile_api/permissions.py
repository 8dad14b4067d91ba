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


def has_role(role):
    """Permission class: the employee holds ``role`` in their organisation."""

    class HasRole(IsEmployee):
        message = _("Your role does not allow this.")

        def has_permission(self, request, view):
            return super().has_permission(request, view) and current_employee(request).has_role(
                role
            )

    HasRole.__name__ = f"HasRole_{role}"
    return HasRole
