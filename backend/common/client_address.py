"""The client's IP address, for sign-in lockouts (django-axes) and rate limits (DRF) alike.

``X-Forwarded-For`` is written by whoever sends the request, so it is trusted only as far as
the proxies we run ourselves: with ``TRUSTED_PROXY_COUNT = N``, the client is the Nth address
from the right (the one our outermost proxy saw). With 0, the header is ignored and the socket
address counts. See docs/configuration.md for what a wrong count does.
"""

import ipaddress

from django.conf import settings


def client_ip_address(request) -> str:
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # our own proxy never writes this: the request did not pass through it
        return remote
