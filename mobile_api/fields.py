import datetime

from rest_framework import serializers


class UTCDateTimeField(serializers.DateTimeField):
    """/core/date-time/timezone: datetimes leave the API in UTC with a Z."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default_timezone", datetime.UTC)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None:
            return None
        value = value.astimezone(datetime.UTC)
        return value.isoformat().replace("+00:00", "Z")


class StrictCharField(serializers.CharField):
    """A text field that refuses numbers, booleans and objects instead of converting them."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
