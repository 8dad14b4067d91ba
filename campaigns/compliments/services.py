"""Writes for compliment campaigns: sending, moderating, thanking, handing out.

Every write is one transaction with row locks where two requests could race; business rules
say no with a DomainError carrying a stable code, which the API turns into problem+json.
"""

import datetime
import hashlib
import json
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.audit.services import audit_record, snapshot
from backend.common.errors import Conflict, InvalidInput, NotAllowed, NotFound
from backend.organisations.models import Employee
from backend.outbox.models import OutboxEvent
from backend.outbox.services import outbox_event_record, outbox_events_withdraw
from campaigns.compliments import card_documents
from campaigns.compliments.models import (
    DEFAULT_VALUES,
    Campaign,
    CampaignValue,
    Compliment,
    ModerationStatus,
)
from campaigns.compliments.permissions import is_organiser, volunteers_at


def campaign_values_default_add(*, campaign: Campaign) -> None:
    """A campaign without values gets the six of the original Valentine campaign."""
    if campaign.values.exists():
        return
    CampaignValue.objects.bulk_create(
        CampaignValue(campaign=campaign, name=name, position=position)
        for position, name in enumerate(DEFAULT_VALUES)
    )


@transaction.atomic
def campaign_delivery_rescheduled(*, campaign: Campaign) -> int:
    """After the delivery date moved: the waiting compliment events follow it (a push must
    never arrive before the new date). Returns how many events moved."""
    return OutboxEvent.objects.filter(
        kind=OutboxEvent.Kind.COMPLIMENT_RECEIVED,
        dispatched_at__isnull=True,
        subject_uuid__in=campaign.compliments.values("uuid"),
    ).update(deliver_after=_delivery_moment(campaign))


def _digest(**content) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _delivery_moment(campaign: Campaign) -> datetime.datetime:
    return campaign.organisation.start_of_day(campaign.delivery_date)


def _announce(compliment: Compliment) -> None:
    """The recipient is told on the delivery date, never before (the surprise)."""
    outbox_event_record(
        kind=OutboxEvent.Kind.COMPLIMENT_RECEIVED,
        employee=compliment.recipient,
        subject_uuid=compliment.uuid,
        deliver_after=_delivery_moment(compliment.campaign),
    )


def _send_problems(*, sender, recipient, values, gift) -> tuple[dict[str, list[str]], str]:
    """Every problem with the input at once, and the code that names the main one."""
    problems: dict[str, list[str]] = {}
    code = "invalid"
    if recipient is None:
        problems["ontvanger"] = [_("This colleague does not exist (or not for you).")]
        code = "recipient_not_found"
    elif recipient.pk == sender.pk:
        problems["ontvanger"] = [_("You cannot compliment yourself.")]
        code = "self_compliment"
    if values is None:
        problems["waarden"] = [_("Choose values of this campaign.")]
    if gift is False:
        problems["cadeau"] = [_("Choose one of this campaign's gifts.")]
    if len(problems) > 1:
        code = "invalid"
    return problems, code


def _check_period(campaign: Campaign, today: datetime.date) -> None:
    if today < campaign.nomination_starts_on:
        raise InvalidInput(
            _("Nominations for this campaign open on %(day)s.")
            % {"day": campaign.nomination_starts_on.isoformat()},
            code="campaign_not_open_yet",
        )
    if today > campaign.nomination_ends_on:
        raise InvalidInput(
            _("Nominations for this campaign closed on %(day)s.")
            % {"day": campaign.nomination_ends_on.isoformat()},
            code="campaign_closed",
        )


@transaction.atomic
def compliment_send(
    *,
    sender: Employee,
    compliment_uuid: uuid.UUID,
    campaign_uuid: uuid.UUID,
    recipient_uuid: uuid.UUID,
    value_uuids: list[uuid.UUID],
    reason: str,
    gift_uuid: uuid.UUID | None,
    is_anonymous: bool,
    now: datetime.datetime | None = None,
) -> tuple[Compliment, bool]:
    """Stores a compliment; returns it and whether it is new. The same uuid with the same
    content again is a retry (nothing new); with other content, a conflict."""
    now = now or timezone.now()
    reason = reason.strip()
    digest = _digest(
        campaign=campaign_uuid,
        recipient=recipient_uuid,
        values=sorted(str(v) for v in value_uuids),
        reason=reason,
        gift=gift_uuid,
        anonymous=is_anonymous,
    )
    existing = Compliment.objects.filter(uuid=compliment_uuid).first()
    if existing is not None:
        return _retry(existing, sender=sender, digest=digest), False

    # The campaign row lock serialises the sender limit and the card numbers.
    campaign = (
        Campaign.objects.select_for_update()
        .select_related("organisation")
        .filter(organisation_id=sender.organisation_id, uuid=campaign_uuid)
        .first()
    )
    if campaign is None:
        raise InvalidInput(
            params={"campagne": [_("This campaign does not exist (or not for you).")]},
            code="not_found",
        )
    today = campaign.organisation.local_date(now)
    recipient = (
        Employee.objects.filter(
            organisation_id=sender.organisation_id, uuid=recipient_uuid, user__is_active=True
        )
        .select_related("location", "department")
        .first()
    )
    chosen = list(campaign.values.filter(uuid__in=value_uuids))
    values = chosen if value_uuids and len(chosen) == len(set(value_uuids)) else None
    gift = None
    if gift_uuid is not None:
        gift = campaign.gifts.filter(uuid=gift_uuid).first() or False
    elif campaign.gifts.exists():
        gift = False
    problems, code = _send_problems(sender=sender, recipient=recipient, values=values, gift=gift)
    if problems:
        raise InvalidInput(params=problems, code=code)
    _check_period(campaign, today)
    sent = campaign.compliments.filter(sender=sender).exclude(status=ModerationStatus.REJECTED)
    if sent.count() >= campaign.sender_limit:
        raise InvalidInput(
            _("You have sent the %(limit)s compliments this campaign allows per person.")
            % {"limit": campaign.sender_limit},
            code="sender_limit_reached",
        )
    missing = card_documents.unsupported_characters_for(
        campaign=campaign,
        recipient=recipient,
        sender=None if is_anonymous else sender,
        values=[value.name for value in values],
        reason=reason,
        gift=gift.name if gift else None,
    )
    if missing:
        raise InvalidInput(
            params={
                "reden": [
                    _("The card cannot show these characters: %(characters)s")
                    % {"characters": " ".join(sorted(missing))}
                ]
            },
            code="unsupported_characters",
        )
    number = (campaign.compliments.aggregate(highest=Max("card_number"))["highest"] or 0) + 1
    try:
        with transaction.atomic():
            compliment = Compliment.objects.create(
                uuid=compliment_uuid,
                campaign=campaign,
                sender=sender,
                recipient=recipient,
                location=recipient.location,
                reason=reason,
                gift=gift or None,
                is_anonymous=is_anonymous,
                content_digest=digest,
                card_number=number,
                status=ModerationStatus.PENDING
                if campaign.moderation_required
                else ModerationStatus.APPROVED,
            )
    except IntegrityError:
        # The same uuid arrived twice at once: the other request stored it.
        existing = Compliment.objects.filter(uuid=compliment_uuid).first()
        if existing is None:
            raise
        return _retry(existing, sender=sender, digest=digest), False
    compliment.values.set(values)
    if compliment.status == ModerationStatus.APPROVED:
        _announce(compliment)
    return compliment, True


def _retry(existing: Compliment, *, sender: Employee, digest: str) -> Compliment:
    if existing.sender_id != sender.pk or existing.content_digest != digest:
        raise Conflict(
            _("A different compliment was already sent with this uuid."), code="uuid_in_use"
        )
    return existing


def _locked_compliment(organisation_id, compliment_uuid) -> Compliment:
    compliment = (
        Compliment.objects.select_for_update(of=("self",))
        .select_related("campaign__organisation", "recipient")
        .filter(campaign__organisation_id=organisation_id, uuid=compliment_uuid)
        .first()
    )
    if compliment is None:
        raise NotFound()
    return compliment


@transaction.atomic
def compliment_moderate(
    *,
    moderator: Employee,
    compliment_uuid: uuid.UUID,
    approve: bool,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Compliment:
    """An organiser approves a compliment, or rejects it with a reason the sender sees."""
    if not is_organiser(moderator):
        raise NotAllowed()
    compliment = _locked_compliment(moderator.organisation_id, compliment_uuid)
    if compliment.sender_id == moderator.pk:
        raise NotAllowed(
            _("Another organiser moderates your own compliments."), code="own_compliment"
        )
    if compliment.status != ModerationStatus.PENDING:
        raise Conflict(_("This compliment has already been moderated."), code="already_moderated")
    reason = reason.strip()
    if not approve and not reason:
        raise InvalidInput(
            params={"reden": [_("Tell the sender why the compliment is not delivered.")]},
            code="reason_required",
        )
    compliment.status = ModerationStatus.APPROVED if approve else ModerationStatus.REJECTED
    compliment.rejection_reason = "" if approve else reason
    compliment.moderated_by = moderator
    compliment.moderated_at = now or timezone.now()
    compliment.save(
        update_fields=["status", "rejection_reason", "moderated_by", "moderated_at", "updated_at"]
    )
    if approve:
        _announce(compliment)
    else:
        outbox_events_withdraw(
            kind=OutboxEvent.Kind.COMPLIMENT_RECEIVED, subject_uuid=compliment.uuid
        )
    audit_record(
        actor=moderator, action="compliment:beoordeling", obj=compliment, after=snapshot(compliment)
    )
    return compliment


def is_delivered(compliment: Compliment, now: datetime.datetime) -> bool:
    """The recipient may see it: approved, and the delivery date has come."""
    campaign = compliment.campaign
    return (
        compliment.status == ModerationStatus.APPROVED
        and campaign.organisation.local_date(now) >= campaign.delivery_date
    )


@transaction.atomic
def compliment_thank(
    *,
    recipient: Employee,
    compliment_uuid: uuid.UUID,
    message: str = "",
    now: datetime.datetime | None = None,
) -> tuple[Compliment, bool]:
    """The recipient says thanks, once; saying it again changes nothing."""
    now = now or timezone.now()
    compliment = _locked_compliment(recipient.organisation_id, compliment_uuid)
    if compliment.recipient_id != recipient.pk or not is_delivered(compliment, now):
        raise NotFound()
    if compliment.thanked_at is not None:
        return compliment, False
    compliment.thanked_at = now
    compliment.thanks_message = message.strip()
    compliment.save(update_fields=["thanked_at", "thanks_message", "updated_at"])
    return compliment, True


def _may_hand_out(employee: Employee, compliment: Compliment) -> bool:
    if is_organiser(employee):
        return True
    return compliment.location_id in volunteers_at(employee, compliment.campaign_id)


@transaction.atomic
def compliment_hand_out(
    *,
    volunteer: Employee,
    compliment_uuid: uuid.UUID,
    handed_out_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> tuple[Compliment, bool]:
    """A volunteer of the compliment's location (or an organiser) marks it handed out, from
    the delivery date on. Marking it again keeps the first record."""
    now = now or timezone.now()
    compliment = _locked_compliment(volunteer.organisation_id, compliment_uuid)
    if compliment.status != ModerationStatus.APPROVED or not _may_hand_out(volunteer, compliment):
        raise NotFound()
    if compliment.handed_out_at is not None:
        return compliment, False
    if not is_delivered(compliment, now):
        raise InvalidInput(
            _("Cards are handed out from the delivery date, %(day)s.")
            % {"day": compliment.campaign.delivery_date.isoformat()},
            code="before_delivery_date",
        )
    moment = handed_out_at or now
    if moment > now + datetime.timedelta(minutes=5):
        raise InvalidInput(
            params={"uitgereiktOp": [_("This moment lies in the future.")]}, code="future_time"
        )
    if moment < _delivery_moment(compliment.campaign):
        raise InvalidInput(
            params={"uitgereiktOp": [_("This moment lies before the delivery date.")]},
            code="before_delivery_date",
        )
    compliment.handed_out_at = moment
    compliment.handed_out_by = volunteer
    compliment.save(update_fields=["handed_out_at", "handed_out_by", "updated_at"])
    return compliment, True


@transaction.atomic
def compliment_hand_out_undo(*, volunteer: Employee, compliment_uuid: uuid.UUID) -> None:
    """Takes back a mistaken tap: by whoever marked it, or an organiser."""
    compliment = _locked_compliment(volunteer.organisation_id, compliment_uuid)
    if compliment.status != ModerationStatus.APPROVED or not _may_hand_out(volunteer, compliment):
        raise NotFound()
    if compliment.handed_out_at is None:
        return
    if compliment.handed_out_by_id != volunteer.pk and not is_organiser(volunteer):
        raise NotAllowed(_("Only who marked it, or an organiser, can take this back."))
    compliment.handed_out_at = None
    compliment.handed_out_by = None
    compliment.save(update_fields=["handed_out_at", "handed_out_by", "updated_at"])
