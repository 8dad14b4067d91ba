"""A request id for every log line: one per HTTP request (taken from a sane incoming
``X-Request-ID`` or made up) and one per scheduler job run, held in a context variable.

``RequestIdMiddleware`` sets it for a request and returns it in the ``X-Request-ID`` response
header; ``RequestIdFilter`` (on the log handler) puts it on every record as ``request_id``, an
empty string outside a request or job. The scheduler binds its own with ``bound_request_id``.
"""

import contextlib
import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def request_id_current() -> str:
    """The id of the request or job being handled, or an empty string."""
    return request_id_var.get()


def request_id_new() -> str:
    return uuid.uuid4().hex


def request_id_from_header(value: str | None) -> str:
    """An incoming id is kept when it is a sane token (at most 64 characters of
    ``[A-Za-z0-9._-]``): it then ties our log lines to the proxy's. Anything else is replaced."""
    if value and _SANE.fullmatch(value):
        return value
    return request_id_new()


@contextlib.contextmanager
def bound_request_id(value: str):
    """The id for the work inside the block (a scheduler job run); the previous one after."""
    token = request_id_var.set(value)
    try:
        yield value
    finally:
        request_id_var.reset(token)


class RequestIdMiddleware:
    """The outermost middleware: every request gets an id, and every response carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from_header(request.headers.get(HEADER))
        # Not reset when the middleware returns: Django logs 4xx/5xx answers ("Not Found: ...")
        # after the middleware chain, and those lines must carry the id too. It is cleared when
        # the response is closed (request_finished, below).
        request_id_var.set(request_id)
        request.request_id = request_id
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished, dispatch_uid="backend.common.request_ids.forget")
def _forget_request_id(sender, **kwargs):
    request_id_var.set("")


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record passing the handler (never drops one)."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get()
        return True
