"""Domain errors with a stable machine code; the HTTP layer maps them to problem+json."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule said no. ``code`` is stable, ``message`` is for people."""

    status = 400
    code = "domain_error"
    title = _("The request could not be processed.")

    def __init__(self, message=None, *, code=None, params=None):
        self.message = message or self.title
        if code:
            self.code = code
        # field name -> list of messages, for errors that belong to input fields
        self.params = params or {}
        super().__init__(str(self.message))


class InvalidInput(DomainError):
    status = 400
    code = "invalid"
    title = _("The input is invalid.")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    title = _("Not found.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = _("The request conflicts with the current state.")


class NotAllowed(DomainError):
    status = 403
    code = "permission_denied"
    title = _("You are not allowed to do this.")
