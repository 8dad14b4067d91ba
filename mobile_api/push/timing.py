"""Local time for nudges: pure rules, no database.

The scheduler runs in UTC; every local time is computed here with zoneinfo. A wall-clock time
that does not exist (the hour skipped in spring) maps forward, an ambiguous one (the hour
repeated in autumn) to its first occurrence (``fold=0``). Because a nudge is keyed by its local
date, it happens once per date whatever the clocks do.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class QuietHours:
    """From ``start`` to ``end`` local time; ``start > end`` spans midnight."""

    start: datetime.time
    end: datetime.time

    def contains(self, moment: datetime.time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


def local_moment(day: datetime.date, at: datetime.time, tz: str) -> datetime.datetime:
    """The UTC moment of wall-clock ``at`` on ``day`` in ``tz``. A time in the skipped spring
    hour moves forward by the gap (02:30 becomes 03:30); a repeated autumn time is its first
    occurrence."""
    local = datetime.datetime.combine(day, at).replace(tzinfo=zoneinfo.ZoneInfo(tz), fold=0)
    return local.astimezone(datetime.UTC)


def local_date_of(moment: datetime.datetime, tz: str) -> datetime.date:
    return moment.astimezone(zoneinfo.ZoneInfo(tz)).date()


def local_time_of(moment: datetime.datetime, tz: str) -> datetime.time:
    return moment.astimezone(zoneinfo.ZoneInfo(tz)).time()


def end_of_local_day(day: datetime.date, tz: str) -> datetime.datetime:
    return local_moment(day + ONE_DAY, datetime.time(), tz)


def outside_quiet_hours(
    moment: datetime.datetime, tz: str, quiet: QuietHours | None
) -> datetime.datetime:
    """``moment``, or the end of the quiet hours it falls in."""
    if quiet is None or not quiet.contains(local_time_of(moment, tz)):
        return moment
    day = local_date_of(moment, tz)
    if quiet.start > quiet.end and local_time_of(moment, tz) >= quiet.start:
        day += ONE_DAY  # the evening part: quiet hours end tomorrow morning
    return local_moment(day, quiet.end, tz)


def next_quiet_start(
    moment: datetime.datetime, tz: str, quiet: QuietHours | None
) -> datetime.datetime | None:
    """When the next quiet hours begin after ``moment``; None without quiet hours."""
    if quiet is None or quiet.start == quiet.end:
        return None
    day = local_date_of(moment, tz)
    start = local_moment(day, quiet.start, tz)
    return start if start > moment else local_moment(day + ONE_DAY, quiet.start, tz)


@dataclass(frozen=True)
class Window:
    """When a nudge may be pushed: not before ``send_at``, never after ``expires_at``."""

    send_at: datetime.datetime
    expires_at: datetime.datetime

    @property
    def possible(self) -> bool:
        return self.send_at < self.expires_at


def same_day_window(
    day: datetime.date, at: datetime.time, tz: str, quiet: QuietHours | None
) -> Window:
    """A nudge for local ``day`` at ``at``: moved out of quiet hours, and over at the end of the
    day or when the next quiet hours begin, whichever comes first."""
    send_at = outside_quiet_hours(local_moment(day, at, tz), tz, quiet)
    ends = end_of_local_day(day, tz)
    quiet_again = next_quiet_start(send_at, tz, quiet)
    if quiet_again is not None:
        ends = min(ends, quiet_again)
    return Window(send_at, ends)


def event_window(
    happened: datetime.datetime, tz: str, quiet: QuietHours | None, lifetime: datetime.timedelta
) -> Window:
    """A nudge about something that happened: as soon as quiet hours allow, for ``lifetime``."""
    return Window(outside_quiet_hours(happened, tz, quiet), happened + lifetime)
