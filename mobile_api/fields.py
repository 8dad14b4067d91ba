import datetime

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.common.moments import utc_iso

# A UUID in a path (lower or upper case hex): anything else matches no route, so it is a 404
# like an id that exists nowhere, never a 400.
UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class UTCDateTimeField(serializers.DateTimeField):
    """/core/date-time/timezone: datetimes leave the API in UTC with a Z."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default_timezone", datetime.UTC)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return utc_iso(value)


class StrictCharField(serializers.CharField):
    """A text field that refuses numbers, booleans and objects instead of converting them."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def query_text(request, name: str, *, max_length: int) -> str:
    """A text query parameter, or a 400 naming it when it is longer than ``max_length``."""
    raw = request.query_params.get(name, "")
    try:
        return serializers.CharField(
            max_length=max_length, allow_blank=True, trim_whitespace=False
        ).run_validation(raw)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: exc.detail}) from exc


class StrictUUIDField(serializers.UUIDField):
    """A UUID given as text only: DRF would otherwise take the number 5 as a UUID."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


def query_choice(request, name: str, choices, message, *, default=None, required=True):
    """A query parameter that must be one of ``choices``; absent, ``default`` (or a 400 when
    ``required`` and there is no default); otherwise a 400 naming it with ``message``."""
    raw = request.query_params.get(name)
    if raw is None and (default is not None or not required):
        return default
    if raw not in choices:
        raise serializers.ValidationError(
            {name: [serializers.ErrorDetail(str(message), "invalid_choice")]}
        )
    return raw


@extend_schema_field(
    {
        "type": "string",
        "format": "time-local",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
        "example": "08:30",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time without a zone (HH:MM), read in the employee's own time zone."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        kwargs.setdefault("input_formats", ["%H:%M", "%H:%M:%S"])
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="UU:MM")
        return super().to_internal_value(value)
