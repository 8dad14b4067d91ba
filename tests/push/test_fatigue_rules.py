"""Frequency caps and backing off (mobile_api.push.fatigue): pure rules, no database."""

import datetime

import pytest

from mobile_api.push.fatigue import (
    Backoff,
    ReminderHistory,
    SentBefore,
    backoff_decision,
    cap_reached,
    ignored_in_a_row,
    ignored_since,
)
from mobile_api.push.kinds import CATALOGUE, Ration

TODAY = datetime.date(2026, 5, 20)
CAPS = {"max_engagement_per_day": 2, "max_campaign_per_week": 3}


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


def history(ignored, *, last_days_ago=None, since_days_ago=None, pause_notice=False):
    return ReminderHistory(
        ignored_in_a_row=ignored,
        last_reminder_on=None if last_days_ago is None else days_ago(last_days_ago),
        last_was_pause_notice=pause_notice,
        ignored_since=None if since_days_ago is None else days_ago(since_days_ago),
    )


# cap_reached


def test_status_news_is_never_capped():
    for sent in (SentBefore(0, 0), SentBefore(2, 3), SentBefore(50, 50)):
        assert not cap_reached(Ration.STATUS, sent, **CAPS)


def test_engagement_is_allowed_below_the_daily_cap():
    assert not cap_reached(Ration.ENGAGEMENT, SentBefore(0, 0), **CAPS)
    assert not cap_reached(Ration.ENGAGEMENT, SentBefore(1, 0), **CAPS)


def test_engagement_is_capped_at_the_maximum_per_day():
    assert cap_reached(Ration.ENGAGEMENT, SentBefore(2, 0), **CAPS)
    assert cap_reached(Ration.ENGAGEMENT, SentBefore(3, 0), **CAPS)


def test_the_daily_cap_follows_the_organisations_setting():
    sent = SentBefore(2, 0)

    assert not cap_reached(
        Ration.ENGAGEMENT, sent, max_engagement_per_day=3, max_campaign_per_week=3
    )
    assert cap_reached(Ration.ENGAGEMENT, sent, max_engagement_per_day=2, max_campaign_per_week=3)


def test_engagement_ignores_the_weekly_campaign_cap():
    assert not cap_reached(Ration.ENGAGEMENT, SentBefore(0, 10), **CAPS)


def test_campaign_news_is_capped_by_the_daily_cap():
    assert cap_reached(Ration.CAMPAIGN, SentBefore(2, 0), **CAPS)


def test_campaign_news_is_capped_by_the_weekly_cap():
    assert not cap_reached(Ration.CAMPAIGN, SentBefore(0, 2), **CAPS)
    assert cap_reached(Ration.CAMPAIGN, SentBefore(0, 3), **CAPS)
    assert cap_reached(Ration.CAMPAIGN, SentBefore(1, 4), **CAPS)


def test_a_weekly_campaign_cap_of_zero_stops_all_campaign_news():
    assert cap_reached(
        Ration.CAMPAIGN, SentBefore(0, 0), max_engagement_per_day=2, max_campaign_per_week=0
    )


def test_every_kind_has_a_ration():
    assert {spec.ration for spec in CATALOGUE.values()} <= set(Ration)


# ignored_in_a_row


def test_no_reminders_means_none_ignored():
    assert ignored_in_a_row([]) == 0


def test_unanswered_reminders_are_counted_until_one_was_answered():
    reminders = [(days_ago(0), False), (days_ago(1), False), (days_ago(2), True)]
    reminders += [(days_ago(3), False), (days_ago(4), False)]

    assert ignored_in_a_row(reminders) == 2


def test_an_answered_newest_reminder_resets_the_count():
    reminders = [(days_ago(0), True)] + [(days_ago(day), False) for day in range(1, 20)]

    assert ignored_in_a_row(reminders) == 0


def test_all_reminders_unanswered_counts_them_all():
    reminders = [(days_ago(day), False) for day in range(15)]

    assert ignored_in_a_row(reminders) == 15


# ignored_since


def test_the_unanswered_run_starts_at_its_oldest_reminder():
    reminders = [(days_ago(0), False), (days_ago(2), False), (days_ago(4), True)]
    reminders += [(days_ago(6), False)]

    assert ignored_since(reminders) == days_ago(2)


def test_without_an_unanswered_run_there_is_no_start():
    assert ignored_since([]) is None
    assert ignored_since([(days_ago(0), True), (days_ago(1), False)]) is None


# backoff_decision: after 3 ignored in a row every other day, from a week after the first
# ignored reminder weekly, after two weeks one pause notice and then nothing.


@pytest.mark.parametrize("ignored", [0, 1, 2])
def test_fewer_than_three_ignored_reminders_are_sent_every_day(ignored):
    for since in (0, 8, 20):
        decision = backoff_decision(history(ignored, last_days_ago=0, since_days_ago=since), TODAY)
        assert decision == Backoff.SEND


@pytest.mark.parametrize("ignored", [3, 4, 6])
def test_three_ignored_reminders_come_only_every_other_day_in_the_first_week(ignored):
    def decision(last, since=6):
        return backoff_decision(history(ignored, last_days_ago=last, since_days_ago=since), TODAY)

    assert decision(last=0) == Backoff.SKIP
    assert decision(last=1) == Backoff.SKIP
    assert decision(last=2) == Backoff.SEND
    assert decision(last=5) == Backoff.SEND
    assert decision(last=1, since=3) == Backoff.SKIP
    assert decision(last=2, since=3) == Backoff.SEND


@pytest.mark.parametrize("since", [7, 10, 13])
def test_from_a_week_after_the_first_ignored_reminder_they_come_weekly(since):
    def decision(last):
        return backoff_decision(history(5, last_days_ago=last, since_days_ago=since), TODAY)

    assert decision(last=1) == Backoff.SKIP
    assert decision(last=2) == Backoff.SKIP
    assert decision(last=6) == Backoff.SKIP
    assert decision(last=7) == Backoff.SEND
    assert decision(last=30) == Backoff.SEND


def test_backing_off_without_a_known_last_reminder_sends():
    assert backoff_decision(history(3, since_days_ago=2), TODAY) == Backoff.SEND
    assert backoff_decision(history(4, since_days_ago=9), TODAY) == Backoff.SEND


@pytest.mark.parametrize("since", [14, 15, 40])
def test_two_weeks_of_ignored_reminders_send_the_pause_notice_once(since):
    first = backoff_decision(history(5, last_days_ago=7, since_days_ago=since), TODAY)
    afterwards = backoff_decision(
        history(6, last_days_ago=1, since_days_ago=since, pause_notice=True), TODAY
    )
    much_later = backoff_decision(
        history(6, last_days_ago=60, since_days_ago=since + 60, pause_notice=True), TODAY
    )

    assert first == Backoff.SEND_PAUSE_NOTICE
    assert afterwards == Backoff.SKIP
    assert much_later == Backoff.SKIP


def test_the_pause_notice_is_sent_even_the_day_after_a_reminder():
    decision = backoff_decision(history(7, last_days_ago=1, since_days_ago=14), TODAY)

    assert decision == Backoff.SEND_PAUSE_NOTICE


def _history_of(reminders, pause_notice=False):
    """As the planner sums it up: ``reminders`` newest first as (local date, answered)."""
    return ReminderHistory(
        ignored_in_a_row=ignored_in_a_row(reminders),
        last_reminder_on=reminders[0][0] if reminders else None,
        last_was_pause_notice=pause_notice,
        ignored_since=ignored_since(reminders),
    )


def test_answering_a_reminder_resets_the_back_off():
    ignored = [(days_ago(day), False) for day in range(1, 30, 2)]
    answered = [(days_ago(0), True), *ignored]

    assert backoff_decision(_history_of(ignored, pause_notice=True), TODAY) == Backoff.SKIP
    assert backoff_decision(_history_of(answered, pause_notice=True), TODAY) == Backoff.SEND


def test_after_an_answered_reminder_the_count_starts_again():
    history = _history_of([(days_ago(1), False), (days_ago(2), False), (days_ago(3), True)])

    assert history.ignored_in_a_row == 2
    assert backoff_decision(history, TODAY) == Backoff.SEND
