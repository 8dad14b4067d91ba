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
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:  # "[[[[…" a few thousand deep exhausts the parser's stack
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from exc
