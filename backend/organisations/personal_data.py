"""An employee's personal data (AVG/GDPR): all of it as one export, and erasure.

Each domain knows its own data. ``settings.PERSONAL_DATA`` lists an exporter and an eraser per
domain (dotted paths, like the demo loaders), so this module never imports the domains.

Erasure keeps the employee's row as an anonymous stand-in: what they did still counts (campaign
totals, insights, a report's history), but nothing says who they were. Texts written about them
(compliments they received) are removed; texts they wrote for others stay (the recipient's
compliment, the rule they reported).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from backend.audit.services import audit_entries_forget, audit_record
from backend.common.moments import utc_iso
from backend.organisations.models import Employee, EmployeeRole, ErasureRequest

ERASED_FIRST_NAME = "Verwijderde"  # shown in Dutch wherever the stand-in appears
ERASED_LAST_NAME = "medewerker"


def export_profile(employee: Employee) -> dict:
    return {
        "medewerker": {
            "uuid": str(employee.uuid),
            "personeelsnummer": employee.employee_number,
            "voornaam": employee.first_name,
            "tussenvoegsel": employee.name_prefix,
            "achternaam": employee.last_name,
            "email": employee.email,
            "gebruikersnaam": employee.user.username,
            "organisatie": employee.organisation.name,
            "afdeling": employee.department.name if employee.department else None,
            "vestiging": employee.location.name if employee.location else None,
            "rollen": employee.role_values(),
            "taal": employee.locale,
            "tijdzone": employee.time_zone,
            "firebaseGebruikerId": employee.firebase_uid,
            "aangemaaktOp": utc_iso(employee.created_at),
        }
    }


def erase_nothing_more(employee: Employee) -> None:
    """The profile itself is anonymised by employee_erase, last."""


def employee_data_export(*, employee: Employee) -> dict:
    """Everything stored about ``employee``, by domain, in the API's Dutch words."""
    data = {"geexporteerdOp": utc_iso(timezone.now())}
    for domain in settings.PERSONAL_DATA:
        data.update(import_string(domain["export"])(employee))
    return data


@transaction.atomic
def erasure_request(*, employee: Employee, now: datetime.datetime) -> tuple[ErasureRequest, bool]:
    """The employee asks to be erased; their organisation admin carries it out. Asking again
    while a request is open changes nothing."""
    return ErasureRequest.objects.get_or_create(
        employee=employee,
        carried_out_at__isnull=True,
        defaults={"organisation_id": employee.organisation_id, "requested_at": now},
    )


@transaction.atomic
def employee_erase(
    *, employee: Employee, now: datetime.datetime, by: Employee | None = None
) -> Employee:
    """Erase ``employee``'s personal data for good: every domain's eraser, then the person
    themself. Their sign-ins, devices and notifications go; what they did stays, anonymous."""
    employee = Employee.objects.select_for_update().select_related("user").get(pk=employee.pk)
    if employee.erased_at is not None:
        return employee
    for domain in settings.PERSONAL_DATA:
        import_string(domain["erase"])(employee)
    EmployeeRole.objects.filter(employee=employee).delete()
    employee.first_name, employee.name_prefix = ERASED_FIRST_NAME, ""
    employee.last_name = ERASED_LAST_NAME
    employee.email = ""
    employee.employee_number = f"verwijderd-{employee.uuid.hex[:12]}"
    employee.firebase_uid = None
    employee.sessions_revoked_at = now
    employee.erased_at = now
    employee.save()
    user = employee.user
    user.username = f"verwijderd-{employee.uuid.hex}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    ErasureRequest.objects.filter(employee=employee, carried_out_at__isnull=True).update(
        carried_out_at=now, carried_out_by=by
    )
    audit_entries_forget(employee_uuid=employee.uuid, replacement=employee.full_name)
    audit_record(actor=by, action="medewerker:gewist", obj=employee, at=now)
    return employee
