import datetime

from microlessons.streaks import compute_streak

D = datetime.date(2026, 3, 1)


def days(*offsets):
    return {D + datetime.timedelta(days=offset) for offset in offsets}


def test_no_activity_no_streak():
    assert compute_streak(set(), D).current == 0


def test_consecutive_days_count_and_today_does_not_break():
    streak = compute_streak(days(0, 1, 2), D + datetime.timedelta(days=3))
    assert (streak.current, streak.active_today) == (3, False)


def test_a_missed_day_without_freeze_breaks_the_streak():
    streak = compute_streak(days(0, 1, 3), D + datetime.timedelta(days=3))
    assert (streak.current, streak.longest) == (1, 2)


def test_seven_days_earn_a_freeze_that_covers_a_missed_day():
    active = days(*range(7), 8)  # day 7 missed
    streak = compute_streak(active, D + datetime.timedelta(days=8))
    assert streak.current == 8
    assert streak.frozen_days == (D + datetime.timedelta(days=7),)
    assert streak.freezes_available == 0


def test_freezes_are_capped_at_two():
    streak = compute_streak(days(*range(28)), D + datetime.timedelta(days=27))
    assert streak.freezes_available == 2
