"""Streaks over local calendar days, with streak freezes.

A day counts when the learner answered a question or finished a lesson on it, in their own time
zone. Every 7 days of streak earn a freeze (at most 2 in stock); a missed day uses one freeze
instead of breaking the streak. Today never breaks a streak: the day is not over yet.
Computed from the set of active days only, so it does not matter in which order events arrive.
"""

import datetime
from dataclasses import dataclass, field

DAYS_PER_EARNED_FREEZE = 7
MAX_FREEZES = 2


@dataclass(frozen=True)
class Streak:
    current: int = 0
    longest: int = 0
    freezes_available: int = 0
    active_today: bool = False
    frozen_days: tuple[datetime.date, ...] = field(default_factory=tuple)


def compute_streak(active_days: set[datetime.date], today: datetime.date) -> Streak:
    if not active_days:
        return Streak()
    current = longest = freezes = 0
    frozen: list[datetime.date] = []
    day = min(active_days)
    while day <= today:
        if day in active_days:
            current += 1
            longest = max(longest, current)
            if current % DAYS_PER_EARNED_FREEZE == 0:
                freezes = min(MAX_FREEZES, freezes + 1)
        elif day != today:
            if current and freezes:
                freezes -= 1
                frozen.append(day)
            else:
                current = 0
        day += datetime.timedelta(days=1)
    # Frozen days only matter while they are part of the running streak.
    return Streak(
        current=current,
        longest=longest,
        freezes_available=freezes,
        active_today=today in active_days,
        frozen_days=tuple(d for d in frozen if current),
    )
