"""Compliment campaigns' part of an employee's personal data.

Erasure: the compliments they sent stay (they are the recipients' and count in the campaign
totals) with the anonymous stand-in as sender; the texts of compliments they received are
removed (they are about them), while the compliments still count."""

from django.utils import timezone

from backend.common.moments import utc_iso
from campaigns.compliments.models import CitizenCompliment, Compliment, ModerationStatus, Volunteer

ERASED_TEXT = "(verwijderd op verzoek)"  # shown in Dutch where the text was


def _compliment(compliment: Compliment, *, sent: bool) -> dict:
    data = {
        "uuid": str(compliment.uuid),
        "campagne": compliment.campaign.name,
        "reden": compliment.reason,
        "waarden": [value.name for value in compliment.values.all()],
        "verstuurdOp": utc_iso(compliment.created_at),
        "bedankje": compliment.thanks_message,
    }
    if sent:
        data |= {
            "aan": compliment.recipient.full_name,
            "anoniem": compliment.is_anonymous,
            "status": compliment.status,
        }
    else:
        data["van"] = (
            None
            if compliment.is_anonymous
            else (compliment.sender.full_name if compliment.sender else None)
        )
    return data


def export(employee) -> dict:
    compliments = Compliment.objects.select_related("campaign", "sender", "recipient")
    compliments = compliments.prefetch_related("values")
    return {
        "complimenten": {
            "verstuurd": [
                _compliment(c, sent=True)
                for c in compliments.filter(sender=employee).order_by("created_at")
            ],
            # As the app shows them: approved, from the campaign's delivery date (until then
            # a compliment is still the sender's to give).
            "ontvangen": [
                _compliment(c, sent=False)
                for c in compliments.filter(
                    recipient=employee,
                    status=ModerationStatus.APPROVED,
                    campaign__delivery_date__lte=employee.organisation.local_date(timezone.now()),
                ).order_by("created_at")
            ],
            "vanInwoners": [
                {"bericht": c.message, "ontvangenOp": utc_iso(c.created_at)}
                for c in CitizenCompliment.objects.filter(recipient=employee).order_by("created_at")
            ],
            "vrijwilliger": [
                {"campagne": v.campaign.name, "vestiging": v.location.name}
                for v in Volunteer.objects.filter(employee=employee).select_related(
                    "campaign", "location"
                )
            ],
        }
    }


def erase(employee) -> None:
    Compliment.objects.filter(recipient=employee).update(reason=ERASED_TEXT, thanks_message="")
    CitizenCompliment.objects.filter(recipient=employee).update(
        message=ERASED_TEXT, employee_name_given=""
    )
    Volunteer.objects.filter(employee=employee).delete()
