"""Reads for organisations and people, always scoped to the viewer's own organisation."""

from django.db.models import Prefetch, Q, QuerySet

from backend.organisations.models import (
    Department,
    Employee,
    EmployeeRole,
    Location,
    search_key,
)


def employee_profile_queryset() -> QuerySet[Employee]:
    """Everything needed to show an employee with organisation, placement and roles."""
    return Employee.objects.select_related(
        "user", "organisation", "department", "location"
    ).prefetch_related(Prefetch("roles", queryset=EmployeeRole.objects.order_by("role")))


def colleague_list(*, viewer: Employee, search: str = "") -> QuerySet[Employee]:
    colleagues = Employee.objects.filter(
        organisation_id=viewer.organisation_id, user__is_active=True
    ).select_related("department", "location")
    for term in search.split():
        colleagues = colleagues.filter(
            Q(search_text__contains=search_key(term))
            | Q(department__name__icontains=term)
            | Q(location__name__icontains=term)
        )
    return colleagues.order_by("last_name", "first_name", "pk")


def department_list(*, viewer: Employee) -> QuerySet[Department]:
    return Department.objects.filter(organisation_id=viewer.organisation_id).order_by("name")


def location_list(*, viewer: Employee) -> QuerySet[Location]:
    return Location.objects.filter(organisation_id=viewer.organisation_id).order_by("name")
