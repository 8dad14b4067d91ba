"""CORS for the public compliment door: a browser on a site an organisation configured (its
own website) may send; django-cors-headers asks here, per request, through its signal."""

from corsheaders.signals import check_request_enabled

from campaigns.compliments.citizen_compliments import any_organisation_allows_origin


def origin_configured_by_an_organisation(sender, request, **kwargs) -> bool:
    origin = request.headers.get("Origin")
    return bool(origin) and any_organisation_allows_origin(origin)


def connect() -> None:
    check_request_enabled.connect(
        origin_configured_by_an_organisation, dispatch_uid="dienst-dna-cors"
    )
