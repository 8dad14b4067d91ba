"""Protecting the channel: frequency caps and backing off when nudges go unopened. Pure rules.

Engagement nudges (lessons, reviews, streaks, campaign news) are capped per local day, campaign
news also per rolling week; status news (a compliment, a rule report update, a triage reminder)
is never capped. When reminders go unopened they come less often: after 3 ignored in a row only
every other day, from a week after the first ignored one once a week, and after two weeks one
last message says reminders pause until the employee comes back (opens a nudge or practises).
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from mobile_api.push.kinds import Ration

EVERY_OTHER_DAY_AFTER = 3  # reminders ignored in a row
WEEKLY_AFTER_DAYS = 7  # days since the first ignored reminder
PAUSE_AFTER_DAYS = 14
PAUSE_NOTICE_TEMPLATE = "pauze"


@dataclass(frozen=True)
class SentBefore:
    """What the employee already received, as counted for the caps."""

    engagement_today: int
    campaign_this_week: int


def cap_reached(
    ration: Ration, sent: SentBefore, *, max_engagement_per_day: int, max_campaign_per_week: int
) -> bool:
    if ration == Ration.STATUS:
        return False
    if sent.engagement_today >= max_engagement_per_day:
        return True
    return ration == Ration.CAMPAIGN and sent.campaign_this_week >= max_campaign_per_week


class Backoff(StrEnum):
    SEND = "send"
    SKIP = "skip"
    SEND_PAUSE_NOTICE = "send_pause_notice"


@dataclass(frozen=True)
class ReminderHistory:
    """The employee's recent reminders, summed up for the back-off."""

    ignored_in_a_row: int
    last_reminder_on: datetime.date | None
    last_was_pause_notice: bool
    ignored_since: datetime.date | None = None  # the first reminder of the unanswered run


def ignored_in_a_row(reminders: list[tuple[datetime.date, bool]]) -> int:
    """``reminders`` newest first as (local date, answered): a reminder is answered when it was
    opened or the employee practised on its date or later. Counts until one was answered."""
    count = 0
    for _day, answered in reminders:
        if answered:
            break
        count += 1
    return count


def ignored_since(reminders: list[tuple[datetime.date, bool]]) -> datetime.date | None:
    """The date of the first reminder of the unanswered run (``reminders`` newest first)."""
    run = reminders[: ignored_in_a_row(reminders)]
    return run[-1][0] if run else None


def backoff_decision(history: ReminderHistory, today: datetime.date) -> Backoff:
    if history.last_was_pause_notice and history.ignored_in_a_row:
        return Backoff.SKIP  # until the employee comes back
    if history.ignored_in_a_row < EVERY_OTHER_DAY_AFTER:
        return Backoff.SEND
    days_ignored = (today - history.ignored_since).days if history.ignored_since else 0
    if days_ignored >= PAUSE_AFTER_DAYS:
        return Backoff.SEND_PAUSE_NOTICE
    days_since = (today - history.last_reminder_on).days if history.last_reminder_on else 99
    needed = 2 if days_ignored < WEEKLY_AFTER_DAYS else 7
    return Backoff.SEND if days_since >= needed else Backoff.SKIP
