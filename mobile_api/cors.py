"""CORS for the public compliment door: a browser on a site an organisation configured (its
own website) may send; django-cors-headers asks here, per request, through its signal.

The signal overrides CORS_URLS_REGEX in django-cors-headers, so the path is checked here too:
the rest of the API never answers another site's browser."""

import re

from corsheaders.signals import check_request_enabled
from django.conf import settings

from campaigns.compliments.citizen_compliments import any_organisation_allows_origin


def origin_configured_by_an_organisation(sender, request, **kwargs) -> bool:
    origin = request.headers.get("Origin")
    if not origin or not re.match(settings.CORS_URLS_REGEX, request.path_info):
        return False
    return any_organisation_allows_origin(origin)


def connect() -> None:
    check_request_enabled.connect(
        origin_configured_by_an_organisation, dispatch_uid="dienst-dna-cors"
    )
