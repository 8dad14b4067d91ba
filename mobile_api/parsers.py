from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _("The request is too large.")
    default_code = "request_too_large"


class SizeLimitedJSONParser(JSONParser):
    """DRF reads JSON bodies without Django's size limit; refuse huge bodies up front."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        try:
            too_large = int(length or 0) > settings.API_MAX_JSON_BYTES
        except ValueError:
            too_large = False
        if too_large:
            raise RequestTooLarge()
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:  # "[[[[…" a few thousand deep exhausts the parser's stack
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from exc
        refuse_direction_controls(data)
        return data


# Characters that reorder how text is shown ("Trojan Source"): a name or a rule written with
# them reads differently in the admin than what was stored. Nothing in the app needs them.
DIRECTION_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def refuse_direction_controls(data, path: str = "") -> None:
    """A 400 naming the field when any text (or key) holds a direction control character."""
    if isinstance(data, str):
        if not DIRECTION_CONTROLS.isdisjoint(data):
            raise exceptions.ValidationError(
                {path or "body": [_("Direction control characters are not allowed.")]},
                code="direction_control",
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            name = f"{path}.{key}" if path else str(key)
            refuse_direction_controls(key, name)
            refuse_direction_controls(value, name)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            refuse_direction_controls(value, f"{path}.{index}" if path else str(index))
