"""Short-lived signed links to files that hold personal data (compliment cards), for clients
that cannot send a bearer token with the request (an image tag, a share sheet).

The link names the file and the employee it was made for, signed with the installation's
secret; it works for SIGNED_LINK_SECONDS. Opening it checks again that this employee may see
the file, so a link stops working when the right to see it ends.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "dienst-dna.signed-file-link"


class LinkInvalid(Exception):
    def __init__(self, code: str):
        self.code = code  # "link_expired" or "link_invalid"
        super().__init__(code)


def signed_link(request, *, kind: str, subject, employee) -> tuple[str, datetime.datetime]:
    """An absolute URL for ``kind`` of ``subject`` (a uuid), and when it stops working."""
    token = signing.dumps({"k": kind, "s": str(subject), "e": str(employee.uuid)}, salt=SALT)
    url = request.build_absolute_uri(reverse("bestand", kwargs={"token": token}))
    expires = timezone.now() + datetime.timedelta(seconds=settings.SIGNED_LINK_SECONDS)
    return url, expires


def signed_link_open(token: str) -> dict:
    """The link's content ({"k": kind, "s": subject, "e": employee uuid}), or LinkInvalid."""
    try:
        return signing.loads(token, salt=SALT, max_age=settings.SIGNED_LINK_SECONDS)
    except signing.SignatureExpired as exc:
        raise LinkInvalid("link_expired") from exc
    except signing.BadSignature as exc:
        raise LinkInvalid("link_invalid") from exc
