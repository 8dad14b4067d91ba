"""Compliments from citizens, sent from the municipality's website without signing in.

Nobody sees one before a moderator approved it and chose who gets it (an employee or a
team). The citizen's contact details are for moderators only, and are removed once the
organisation's retention period (Organisation.citizen_contact_retention_days) has passed.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.audit.services import audit_record, snapshot
from backend.common.errors import Conflict, InvalidInput, NotAllowed, NotFound
from backend.organisations.models import Department, Employee, Organisation
from backend.outbox.models import OutboxEvent
from backend.outbox.services import outbox_event_record
from campaigns.compliments.models import (
    CitizenCompliment,
    ModerationStatus,
    PublicComplimentSettings,
)
from campaigns.compliments.permissions import is_organiser


def accepting_organisation(slug: str) -> Organisation | None:
    """The organisation, if it takes compliments from citizens."""
    return Organisation.objects.filter(
        slug=slug,
        is_active=True,
        publiccomplimentsettings__accepts_citizen_compliments=True,
    ).first()


def allowed_origins(organisation: Organisation) -> list[str]:
    settings_row = PublicComplimentSettings.objects.filter(organisation=organisation).first()
    return settings_row.origins() if settings_row else []


def any_organisation_allows_origin(origin: str) -> bool:
    """For CORS preflights, which carry no body and so no organisation yet."""
    origin = origin.rstrip("/")
    return any(
        origin in row.origins()
        for row in PublicComplimentSettings.objects.filter(
            accepts_citizen_compliments=True, organisation__is_active=True
        )
    )


@transaction.atomic
def citizen_compliment_submit(
    *,
    organisation: Organisation,
    message: str,
    employee_name: str = "",
    department_uuid: uuid.UUID | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> CitizenCompliment:
    department = None
    if department_uuid is not None:
        department = Department.objects.filter(
            organisation=organisation, uuid=department_uuid
        ).first()
        if department is None:
            raise InvalidInput(
                params={"afdeling": [_("This team does not exist here.")]}, code="not_found"
            )
    return CitizenCompliment.objects.create(
        organisation=organisation,
        message=message.strip(),
        employee_name_given=employee_name.strip(),
        department_given=department,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
    )


@transaction.atomic
def citizen_compliment_moderate(
    *,
    moderator: Employee | None,
    citizen_compliment: CitizenCompliment,
    approve: bool,
    recipient: Employee | None = None,
    recipient_department: Department | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> CitizenCompliment:
    """Approve and deliver to an employee or a team, or reject. ``moderator`` is None only
    for an installation operator working in the admin."""
    if moderator is not None and not is_organiser(moderator):
        raise NotAllowed()
    compliment = (
        CitizenCompliment.objects.select_for_update().filter(pk=citizen_compliment.pk).first()
    )
    if compliment is None or (
        moderator is not None and compliment.organisation_id != moderator.organisation_id
    ):
        raise NotFound()
    if compliment.status != ModerationStatus.PENDING:
        raise Conflict(_("This compliment has already been moderated."), code="already_moderated")
    if approve:
        problems = {}
        if recipient is None and recipient_department is None:
            problems["recipient"] = [_("Choose the employee or the team who gets it.")]
        for field, chosen in (
            ("recipient", recipient),
            ("recipient_department", recipient_department),
        ):
            if chosen is not None and chosen.organisation_id != compliment.organisation_id:
                problems[field] = [_("Choose one of your own organisation.")]
        if problems:
            raise InvalidInput(params=problems, code="recipient_required")
    now = now or timezone.now()
    compliment.status = ModerationStatus.APPROVED if approve else ModerationStatus.REJECTED
    compliment.recipient = recipient if approve else None
    compliment.recipient_department = recipient_department if approve else None
    compliment.moderated_by = moderator
    compliment.moderated_at = now
    compliment.moderation_note = note.strip()
    compliment.save()
    if approve and recipient is not None:
        outbox_event_record(
            kind=OutboxEvent.Kind.CITIZEN_COMPLIMENT_RECEIVED,
            employee=recipient,
            subject_uuid=compliment.uuid,
            deliver_after=now,
        )
    audit_record(
        actor=moderator,
        action="publiekscompliment:beoordeling",
        obj=compliment,
        after=snapshot(compliment),
    )
    return compliment


def citizen_contact_details_purge(*, organisation: Organisation, now: datetime.datetime) -> int:
    """Removes the contact details of the organisation's compliments older than its retention
    period; returns how many compliments lost them. Idempotent."""
    cutoff = now - datetime.timedelta(days=organisation.citizen_contact_retention_days)
    return CitizenCompliment.objects.filter(
        organisation=organisation, created_at__lt=cutoff, contact_removed_at__isnull=True
    ).update(contact_name="", contact_email="", contact_phone="", contact_removed_at=now)
