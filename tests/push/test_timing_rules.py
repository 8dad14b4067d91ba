"""The local-time rules of nudges (mobile_api.push.timing): pure arithmetic, no database."""

import datetime
import zoneinfo

from mobile_api.push.timing import (
    QuietHours,
    Window,
    end_of_local_day,
    event_window,
    local_moment,
    next_quiet_start,
    outside_quiet_hours,
    same_day_window,
)

AMSTERDAM = "Europe/Amsterdam"
NEW_YORK = "America/New_York"
UTC = datetime.UTC
EVENING_QUIET = QuietHours(datetime.time(21, 0), datetime.time(7, 30))  # across midnight
LUNCH_QUIET = QuietHours(datetime.time(12, 0), datetime.time(13, 0))  # within one day


def t(hour, minute=0):
    return datetime.time(hour, minute)


def utc(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(year, month, day, hour=0, minute=0, tz=AMSTERDAM):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(tz))


# QuietHours.contains


def test_quiet_hours_within_one_day_contain_only_the_times_between():
    assert LUNCH_QUIET.contains(t(12, 30))
    assert not LUNCH_QUIET.contains(t(11, 59))
    assert not LUNCH_QUIET.contains(t(13, 30))
    assert not LUNCH_QUIET.contains(t(0, 0))


def test_quiet_hours_across_midnight_contain_the_evening_and_the_morning():
    assert EVENING_QUIET.contains(t(22, 0))
    assert EVENING_QUIET.contains(t(23, 59))
    assert EVENING_QUIET.contains(t(0, 0))
    assert EVENING_QUIET.contains(t(6, 0))
    assert not EVENING_QUIET.contains(t(12, 0))
    assert not EVENING_QUIET.contains(t(20, 59))


def test_quiet_hours_that_start_when_they_end_contain_nothing():
    none_at_all = QuietHours(t(8), t(8))

    for moment in (t(0), t(7, 59), t(8), t(8, 1), t(23, 59)):
        assert not none_at_all.contains(moment)


def test_quiet_hours_include_their_start_and_exclude_their_end():
    assert LUNCH_QUIET.contains(t(12, 0))
    assert not LUNCH_QUIET.contains(t(13, 0))
    assert EVENING_QUIET.contains(t(21, 0))
    assert not EVENING_QUIET.contains(t(7, 30))
    assert EVENING_QUIET.contains(datetime.time(7, 29, 59))


# local_moment


def test_local_moment_on_normal_days_in_amsterdam():
    assert local_moment(datetime.date(2026, 1, 15), t(8, 30), AMSTERDAM) == utc(2026, 1, 15, 7, 30)
    assert local_moment(datetime.date(2026, 7, 15), t(8, 30), AMSTERDAM) == utc(2026, 7, 15, 6, 30)


def test_local_moment_on_normal_days_in_new_york():
    assert local_moment(datetime.date(2026, 1, 15), t(8, 30), NEW_YORK) == utc(2026, 1, 15, 13, 30)
    assert local_moment(datetime.date(2026, 7, 15), t(8, 30), NEW_YORK) == utc(2026, 7, 15, 12, 30)


def test_local_moment_is_in_utc():
    moment = local_moment(datetime.date(2026, 1, 15), t(8, 30), AMSTERDAM)

    assert moment.utcoffset() == datetime.timedelta(0)


def test_a_time_skipped_in_spring_moves_forward_by_the_gap_in_amsterdam():
    moment = local_moment(datetime.date(2026, 3, 29), t(2, 30), AMSTERDAM)

    assert moment == utc(2026, 3, 29, 1, 30)
    assert moment.astimezone(zoneinfo.ZoneInfo(AMSTERDAM)).time() == t(3, 30)


def test_a_time_skipped_in_spring_moves_forward_by_the_gap_in_new_york():
    moment = local_moment(datetime.date(2026, 3, 8), t(2, 30), NEW_YORK)

    assert moment == utc(2026, 3, 8, 7, 30)
    assert moment.astimezone(zoneinfo.ZoneInfo(NEW_YORK)).time() == t(3, 30)


def test_times_around_the_spring_gap_are_unchanged():
    day = datetime.date(2026, 3, 29)

    assert local_moment(day, t(1, 30), AMSTERDAM) == utc(2026, 3, 29, 0, 30)  # still CET
    assert local_moment(day, t(3, 30), AMSTERDAM) == utc(2026, 3, 29, 1, 30)  # already CEST
    assert local_moment(day, t(8, 30), AMSTERDAM) == utc(2026, 3, 29, 6, 30)


def test_a_time_repeated_in_autumn_is_its_first_occurrence_in_amsterdam():
    moment = local_moment(datetime.date(2026, 10, 25), t(2, 30), AMSTERDAM)

    # 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC (winter time).
    assert moment == utc(2026, 10, 25, 0, 30)


def test_a_time_repeated_in_autumn_is_its_first_occurrence_in_new_york():
    moment = local_moment(datetime.date(2026, 11, 1), t(1, 30), NEW_YORK)

    # 01:30 happens at 05:30 UTC (daylight time) and again at 06:30 UTC (standard time).
    assert moment == utc(2026, 11, 1, 5, 30)


# end_of_local_day


def test_a_normal_local_day_lasts_24_hours():
    day = datetime.date(2026, 1, 15)

    for tz in (AMSTERDAM, NEW_YORK):
        start = local_moment(day, t(0), tz)
        assert end_of_local_day(day, tz) - start == datetime.timedelta(hours=24)


def test_the_spring_forward_day_lasts_23_hours():
    for day, tz in ((datetime.date(2026, 3, 29), AMSTERDAM), (datetime.date(2026, 3, 8), NEW_YORK)):
        start = local_moment(day, t(0), tz)
        assert end_of_local_day(day, tz) - start == datetime.timedelta(hours=23)


def test_the_fall_back_day_lasts_25_hours():
    for day, tz in (
        (datetime.date(2026, 10, 25), AMSTERDAM),
        (datetime.date(2026, 11, 1), NEW_YORK),
    ):
        start = local_moment(day, t(0), tz)
        assert end_of_local_day(day, tz) - start == datetime.timedelta(hours=25)


def test_the_end_of_a_local_day_is_the_next_local_midnight():
    assert end_of_local_day(datetime.date(2026, 1, 15), AMSTERDAM) == utc(2026, 1, 15, 23, 0)
    assert end_of_local_day(datetime.date(2026, 7, 15), NEW_YORK) == utc(2026, 7, 16, 4, 0)


# outside_quiet_hours


def test_a_moment_in_the_evening_part_moves_to_the_end_tomorrow_morning():
    moment = local(2026, 1, 15, 22, 0)

    assert outside_quiet_hours(moment, AMSTERDAM, EVENING_QUIET) == local(2026, 1, 16, 7, 30)


def test_a_moment_at_the_start_of_quiet_hours_moves_to_the_end_tomorrow():
    moment = local(2026, 1, 15, 21, 0)

    assert outside_quiet_hours(moment, AMSTERDAM, EVENING_QUIET) == local(2026, 1, 16, 7, 30)


def test_a_moment_in_the_morning_part_moves_to_the_end_today():
    moment = local(2026, 1, 15, 5, 0)

    assert outside_quiet_hours(moment, AMSTERDAM, EVENING_QUIET) == local(2026, 1, 15, 7, 30)


def test_a_moment_in_quiet_hours_within_one_day_moves_to_their_end_that_day():
    moment = local(2026, 1, 15, 12, 15)

    assert outside_quiet_hours(moment, AMSTERDAM, LUNCH_QUIET) == local(2026, 1, 15, 13, 0)


def test_a_moment_outside_quiet_hours_stays_the_same():
    for moment in (
        local(2026, 1, 15, 12, 0),
        local(2026, 1, 15, 7, 30),
        local(2026, 1, 15, 20, 59),
    ):
        assert outside_quiet_hours(moment, AMSTERDAM, EVENING_QUIET) == moment


def test_without_quiet_hours_a_moment_stays_the_same():
    moment = local(2026, 1, 15, 23, 0)

    assert outside_quiet_hours(moment, AMSTERDAM, None) == moment


def test_quiet_hours_are_read_in_the_given_time_zone():
    # 03:00 UTC is 04:00 in Amsterdam (quiet) but 22:00 the evening before in New York (quiet).
    moment = utc(2026, 1, 15, 3, 0)

    assert outside_quiet_hours(moment, AMSTERDAM, EVENING_QUIET) == local(2026, 1, 15, 7, 30)
    assert outside_quiet_hours(moment, NEW_YORK, EVENING_QUIET) == local(
        2026, 1, 15, 7, 30, tz=NEW_YORK
    )
    # 14:00 UTC is 15:00 in Amsterdam and 09:00 in New York: not quiet in either.
    assert outside_quiet_hours(utc(2026, 1, 15, 14), NEW_YORK, EVENING_QUIET) == utc(
        2026, 1, 15, 14
    )


def test_the_end_of_quiet_hours_on_the_fall_back_night_is_local_wall_clock_time():
    moment = local(2026, 10, 24, 23, 0)

    assert outside_quiet_hours(moment, AMSTERDAM, EVENING_QUIET) == utc(2026, 10, 25, 6, 30)


# next_quiet_start


def test_the_next_quiet_start_is_today_when_it_is_still_ahead():
    assert next_quiet_start(local(2026, 1, 15, 12, 0), AMSTERDAM, EVENING_QUIET) == local(
        2026, 1, 15, 21, 0
    )


def test_the_next_quiet_start_is_tomorrow_once_todays_has_begun():
    assert next_quiet_start(local(2026, 1, 15, 22, 0), AMSTERDAM, EVENING_QUIET) == local(
        2026, 1, 16, 21, 0
    )
    assert next_quiet_start(local(2026, 1, 15, 21, 0), AMSTERDAM, EVENING_QUIET) == local(
        2026, 1, 16, 21, 0
    )


def test_the_next_quiet_start_in_the_morning_part_is_this_evening():
    assert next_quiet_start(local(2026, 1, 15, 5, 0), AMSTERDAM, EVENING_QUIET) == local(
        2026, 1, 15, 21, 0
    )


def test_there_is_no_next_quiet_start_without_quiet_hours():
    moment = local(2026, 1, 15, 12, 0)

    assert next_quiet_start(moment, AMSTERDAM, None) is None
    assert next_quiet_start(moment, AMSTERDAM, QuietHours(t(8), t(8))) is None


# same_day_window


def test_a_daily_time_outside_quiet_hours_is_sent_then_and_ends_when_quiet_hours_begin():
    window = same_day_window(datetime.date(2026, 1, 15), t(8, 30), AMSTERDAM, EVENING_QUIET)

    assert window == Window(local(2026, 1, 15, 8, 30), local(2026, 1, 15, 21, 0))
    assert window.possible


def test_a_daily_time_in_the_morning_quiet_hours_moves_to_their_end():
    window = same_day_window(datetime.date(2026, 1, 15), t(6, 0), AMSTERDAM, EVENING_QUIET)

    assert window == Window(local(2026, 1, 15, 7, 30), local(2026, 1, 15, 21, 0))
    assert window.possible


def test_a_daily_time_in_quiet_hours_within_the_day_moves_to_their_end():
    window = same_day_window(datetime.date(2026, 1, 15), t(12, 30), AMSTERDAM, LUNCH_QUIET)

    assert window.send_at == local(2026, 1, 15, 13, 0)
    assert window.expires_at == local(2026, 1, 16, 0, 0)  # next quiet start is tomorrow noon


def test_a_window_ends_when_the_next_quiet_hours_begin_if_that_comes_first():
    window = same_day_window(datetime.date(2026, 1, 15), t(10, 0), AMSTERDAM, LUNCH_QUIET)

    assert window == Window(local(2026, 1, 15, 10, 0), local(2026, 1, 15, 12, 0))


def test_a_window_ends_at_the_end_of_the_day_if_that_comes_first():
    after_midnight = QuietHours(t(0, 30), t(6, 0))

    window = same_day_window(datetime.date(2026, 1, 15), t(8, 30), AMSTERDAM, after_midnight)

    assert window == Window(local(2026, 1, 15, 8, 30), local(2026, 1, 16, 0, 0))


def test_without_quiet_hours_a_window_lasts_until_the_end_of_the_day():
    window = same_day_window(datetime.date(2026, 1, 15), t(8, 30), NEW_YORK, None)

    assert window == Window(
        local(2026, 1, 15, 8, 30, tz=NEW_YORK), local(2026, 1, 16, 0, 0, tz=NEW_YORK)
    )


def test_a_daily_time_in_the_evening_quiet_hours_gives_an_impossible_window():
    window = same_day_window(datetime.date(2026, 1, 15), t(22, 0), AMSTERDAM, EVENING_QUIET)

    assert window.send_at == local(2026, 1, 16, 7, 30)
    assert window.expires_at == local(2026, 1, 16, 0, 0)
    assert not window.possible


def test_a_daily_time_in_the_spring_gap_is_sent_an_hour_later_the_same_day():
    window = same_day_window(datetime.date(2026, 3, 29), t(2, 30), AMSTERDAM, None)

    assert window.send_at == utc(2026, 3, 29, 1, 30)  # 03:30 summer time
    assert window.expires_at == utc(2026, 3, 29, 22, 0)
    assert window.possible


def test_a_window_is_possible_only_when_it_starts_before_it_ends():
    start = utc(2026, 1, 15, 8)

    assert Window(start, start + datetime.timedelta(seconds=1)).possible
    assert not Window(start, start).possible
    assert not Window(start, start - datetime.timedelta(hours=1)).possible


# event_window


def test_an_event_outside_quiet_hours_is_sent_at_once_for_its_lifetime():
    happened = local(2026, 1, 15, 14, 0)

    window = event_window(happened, AMSTERDAM, EVENING_QUIET, datetime.timedelta(days=7))

    assert window == Window(happened, happened + datetime.timedelta(days=7))


def test_an_event_in_quiet_hours_waits_for_their_end_and_still_expires_from_when_it_happened():
    happened = local(2026, 1, 15, 23, 0)

    window = event_window(happened, AMSTERDAM, EVENING_QUIET, datetime.timedelta(days=7))

    assert window.send_at == local(2026, 1, 16, 7, 30)
    assert window.expires_at == happened + datetime.timedelta(days=7)
    assert window.possible


def test_an_event_whose_lifetime_ends_in_quiet_hours_gives_an_impossible_window():
    happened = local(2026, 1, 15, 23, 0)

    window = event_window(happened, AMSTERDAM, EVENING_QUIET, datetime.timedelta(hours=2))

    assert not window.possible


def test_an_event_without_quiet_hours_is_sent_at_once():
    happened = local(2026, 1, 15, 3, 0)

    window = event_window(happened, AMSTERDAM, None, datetime.timedelta(hours=1))

    assert window == Window(happened, happened + datetime.timedelta(hours=1))
