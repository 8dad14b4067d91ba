"""Moments as the API writes them: ISO 8601 in UTC with a Z (/core/date-time/timezone)."""

import datetime


def utc_iso(moment: datetime.datetime | None, *, timespec: str = "auto") -> str | None:
    """``timespec`` as for ``datetime.isoformat`` (the logs write milliseconds)."""
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).isoformat(timespec=timespec).replace("+00:00", "Z")
