"""Attachments of rule reports: a photo (through the shared Pillow pipeline, so EXIF and
every other metadata are gone) or a PDF (checked for size and type). Kept in the database,
never in public media; the attachment row stores no uploader, so an anonymous report stays
anonymous."""

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from backend.common.errors import InvalidInput, NotAllowed, NotFound
from backend.common.images import ImageRejected, process_image
from backend.organisations.models import Employee
from campaigns.rule_reports.models import Attachment, RuleReport
from campaigns.rule_reports.services import may_change_attachments

MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
PDF_MEDIA_TYPE = "application/pdf"


def _pdf_problem(data: bytes) -> str | None:
    if len(data) > MAX_PDF_BYTES:
        return _("The PDF is larger than 10 MB.")
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        return _("This is not a complete PDF file.")
    return None


@transaction.atomic
def attachment_add(
    *,
    employee: Employee,
    report_uuid: uuid.UUID,
    data: bytes,
    follow_code: str | None = None,
) -> Attachment:
    report = (
        RuleReport.objects.select_for_update()
        .filter(organisation_id=employee.organisation_id, uuid=report_uuid)
        .first()
    )
    if report is None:
        raise NotFound()
    if not may_change_attachments(report, employee, follow_code):
        raise NotAllowed(
            _("Only the reporter or a coach adds attachments."), code="not_your_report"
        )
    if report.attachments.count() >= MAX_ATTACHMENTS:
        raise InvalidInput(
            params={"bestand": [_("A report has at most 5 attachments.")]}, code="too_many_files"
        )
    if data.startswith(b"%PDF-"):
        problem = _pdf_problem(data)
        if problem:
            raise InvalidInput(params={"bestand": [problem]}, code="invalid_pdf")
        return Attachment.objects.create(
            report=report, content=data, media_type=PDF_MEDIA_TYPE, size=len(data)
        )
    try:
        processed = process_image(data)
    except ImageRejected as exc:
        raise InvalidInput(params={"bestand": [_(exc.message)]}, code=exc.code) from exc
    original = processed.original
    return Attachment.objects.create(
        report=report,
        content=original.data,
        media_type=original.media_type,
        size=len(original.data),
    )
