"""A compliment's card, a location's print sheets and handout list, built from the database.

The pure parts (card_layout, card_rendering, print_sheets, handout_lists) know nothing of
models; this module turns compliments into their inputs. Nothing is stored: cards hold
personal data, so they are drawn when someone who may see them asks (who may:
selectors.compliment_visible_to).
"""

import functools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet

from backend.organisations.models import Employee, Location
from campaigns.compliments.card_layout import (
    CardDesign,
    CardLayout,
    CardText,
    card_layout,
    unsupported_characters,
)
from campaigns.compliments.card_rendering import card_png
from campaigns.compliments.handout_lists import HandoutRow, handout_csv, handout_pdf
from campaigns.compliments.logos import logo_image
from campaigns.compliments.models import Campaign, CampaignValue, Compliment, ModerationStatus
from campaigns.compliments.print_sheets import print_sheets_pdf

ITERATOR_CHUNK = 200


def campaign_design(campaign: Campaign) -> CardDesign:
    return CardDesign(
        heading=campaign.card_heading,
        campaign_name=campaign.name,
        primary_colour=campaign.primary_colour,
        accent_colour=campaign.accent_colour,
        text_colour=campaign.text_colour,
        has_logo=bool(campaign.logo),
    )


def campaign_logo_png(campaign: Campaign) -> bytes | None:
    if not campaign.logo:
        return None
    with campaign.logo.open("rb") as stored:
        return stored.read()


def compliment_text(compliment: Compliment) -> CardText:
    """The card's words. An anonymous sender's name is not even handed to the layout."""
    return CardText(
        recipient_name=compliment.recipient.full_name,
        values=tuple(value.name for value in compliment.values.all()),
        reason=compliment.reason,
        sender_name=None
        if compliment.is_anonymous or compliment.sender is None
        else compliment.sender.full_name,
        card_number=compliment.card_number,
        gift=compliment.gift.name if compliment.gift else None,
    )


def unsupported_characters_for(
    *, campaign: Campaign, recipient: Employee, sender: Employee | None, values, reason, gift
) -> set[str]:
    text = CardText(
        recipient_name=recipient.full_name,
        values=tuple(values),
        reason=reason,
        sender_name=sender.full_name if sender else None,
        card_number=0,
        gift=gift,
    )
    return unsupported_characters(text, campaign_design(campaign))


def with_card_details(compliments: QuerySet[Compliment]) -> QuerySet[Compliment]:
    """Everything a card needs, in a fixed number of queries."""
    return compliments.select_related(
        "campaign__organisation", "recipient__department", "sender", "gift", "location"
    ).prefetch_related(Prefetch("values", queryset=CampaignValue.objects.order_by("position")))


def compliment_card_png(compliment: Compliment) -> bytes:
    campaign = compliment.campaign
    layout = card_layout(compliment_text(compliment), campaign_design(campaign))
    logo = _cached_logo(campaign.pk, campaign.updated_at) if campaign.logo else None
    return card_png(layout, logo)


@functools.lru_cache(maxsize=32)
def _cached_logo(campaign_id: int, _version):
    """The decoded logo, kept per campaign version: a sheet or a busy delivery morning
    draws many cards with the same logo."""
    campaign = Campaign.objects.get(pk=campaign_id)
    data = campaign_logo_png(campaign)
    return logo_image(data) if data else None


def location_compliments(campaign: Campaign, location: Location) -> QuerySet[Compliment]:
    """The approved compliments whose cards are handed out at ``location``, by card number."""
    return with_card_details(
        Compliment.objects.filter(
            campaign=campaign, location=location, status=ModerationStatus.APPROVED
        ).order_by("card_number")
    )


def _layouts(campaign: Campaign, compliments: QuerySet[Compliment]) -> Iterator[CardLayout]:
    design = campaign_design(campaign)
    for compliment in compliments.iterator(chunk_size=ITERATOR_CHUNK):
        yield card_layout(compliment_text(compliment), design)


def location_print_pdf(campaign: Campaign, location: Location, output: BinaryIO) -> int:
    return print_sheets_pdf(
        _layouts(campaign, location_compliments(campaign, location)),
        output,
        logo_png=campaign_logo_png(campaign),
        title=f"{campaign.name}: kaarten voor {location.name}",
    )


def _handout_rows(campaign: Campaign, location: Location) -> Iterator[HandoutRow]:
    organisation = campaign.organisation
    for compliment in location_compliments(campaign, location).iterator(chunk_size=ITERATOR_CHUNK):
        handed_out = ""
        if compliment.handed_out_at is not None:
            local = compliment.handed_out_at.astimezone(ZoneInfo(organisation.time_zone))
            handed_out = local.strftime("%d-%m-%Y %H:%M")
        yield HandoutRow(
            card_number=compliment.card_number,
            recipient=compliment.recipient.full_name,
            department=compliment.recipient.department.name
            if compliment.recipient.department
            else "",
            gift=compliment.gift.name if compliment.gift else "",
            handed_out=handed_out,
        )


def location_handout_csv(campaign: Campaign, location: Location) -> str:
    return handout_csv(_handout_rows(campaign, location))


def location_handout_pdf(campaign: Campaign, location: Location, output: BinaryIO) -> int:
    return handout_pdf(
        _handout_rows(campaign, location),
        output,
        title=f"Uitdeellijst {location.name}",
        subtitle=f"{campaign.name} · bezorgdatum {campaign.delivery_date:%d-%m-%Y}",
    )


LOCATION_DOCUMENTS = ("kaarten.pdf", "uitdeellijst.pdf", "uitdeellijst.csv")  # URL names
SPOOL_IN_MEMORY_BYTES = 8 * 1024 * 1024


@dataclass
class BuiltDocument:
    file: BinaryIO  # positioned at the start; whoever streams it closes it
    content_type: str
    filename: str


def location_document(campaign: Campaign, location: Location, document: str):
    """One of LOCATION_DOCUMENTS for ``location``, or None for another name. Built into a
    temporary file that spills to disk above a few megabytes, so memory stays bounded
    however many cards a location has."""
    if document not in LOCATION_DOCUMENTS:
        return None
    stem = f"{campaign.name}-{location.name}".replace('"', "").replace("/", "-")
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)  # noqa: SIM115
    if document == "uitdeellijst.csv":
        spool.write(location_handout_csv(campaign, location).encode("utf-8"))
        content_type = "text/csv; charset=utf-8"
    elif document == "uitdeellijst.pdf":
        location_handout_pdf(campaign, location, spool)
        content_type = "application/pdf"
    else:
        location_print_pdf(campaign, location, spool)
        content_type = "application/pdf"
    spool.seek(0)
    name, extension = document.rsplit(".", 1)
    return BuiltDocument(spool, content_type, f"{name}-{stem}.{extension}")
