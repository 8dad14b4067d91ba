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
)
from mobile_api.push.kinds import CATALOGUE, Ration

TODAY = datetime.date(2026, 5, 20)
CAPS = {"max_engagement_per_day": 2, "max_campaign_per_week": 3}


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


def history(ignored, *, last_days_ago=None, pause_notice=False):
    return ReminderHistory(
        ignored_in_a_row=ignored,
        last_reminder_on=None if last_days_ago is None else days_ago(last_days_ago),
        last_was_pause_notice=pause_notice,
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


# backoff_decision


@pytest.mark.parametrize("ignored", [0, 1, 2])
def test_fewer_than_three_ignored_reminders_are_sent_every_day(ignored):
    assert backoff_decision(history(ignored, last_days_ago=0), TODAY) == Backoff.SEND
    assert backoff_decision(history(ignored, last_days_ago=1), TODAY) == Backoff.SEND


@pytest.mark.parametrize("ignored", [3, 4, 5, 6])
def test_three_to_six_ignored_reminders_come_only_every_other_day(ignored):
    assert backoff_decision(history(ignored, last_days_ago=0), TODAY) == Backoff.SKIP
    assert backoff_decision(history(ignored, last_days_ago=1), TODAY) == Backoff.SKIP
    assert backoff_decision(history(ignored, last_days_ago=2), TODAY) == Backoff.SEND
    assert backoff_decision(history(ignored, last_days_ago=5), TODAY) == Backoff.SEND


@pytest.mark.parametrize("ignored", [7, 10, 13])
def test_seven_to_thirteen_ignored_reminders_come_weekly(ignored):
    assert backoff_decision(history(ignored, last_days_ago=1), TODAY) == Backoff.SKIP
    assert backoff_decision(history(ignored, last_days_ago=2), TODAY) == Backoff.SKIP
    assert backoff_decision(history(ignored, last_days_ago=6), TODAY) == Backoff.SKIP
    assert backoff_decision(history(ignored, last_days_ago=7), TODAY) == Backoff.SEND
    assert backoff_decision(history(ignored, last_days_ago=30), TODAY) == Backoff.SEND


@pytest.mark.parametrize("ignored", [3, 7])
def test_backing_off_without_a_known_last_reminder_sends(ignored):
    assert backoff_decision(history(ignored, last_days_ago=None), TODAY) == Backoff.SEND


@pytest.mark.parametrize("ignored", [14, 15, 40])
def test_fourteen_ignored_reminders_send_the_pause_notice_once(ignored):
    first = backoff_decision(history(ignored, last_days_ago=7), TODAY)
    afterwards = backoff_decision(history(ignored, last_days_ago=1, pause_notice=True), TODAY)
    much_later = backoff_decision(history(ignored, last_days_ago=60, pause_notice=True), TODAY)

    assert first == Backoff.SEND_PAUSE_NOTICE
    assert afterwards == Backoff.SKIP
    assert much_later == Backoff.SKIP


def test_the_pause_notice_is_sent_even_the_day_after_a_reminder():
    assert backoff_decision(history(14, last_days_ago=0), TODAY) == Backoff.SEND_PAUSE_NOTICE


def test_answering_a_reminder_resets_the_back_off():
    paused = [(days_ago(day), False) for day in range(1, 30)]
    answered = [(days_ago(0), True), *paused]

    before = backoff_decision(history(ignored_in_a_row(paused), pause_notice=True), TODAY)
    after = backoff_decision(
        history(ignored_in_a_row(answered), last_days_ago=0, pause_notice=True), TODAY
    )

    assert before == Backoff.SKIP
    assert after == Backoff.SEND
