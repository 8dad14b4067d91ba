"""Every error as application/problem+json (RFC 9457), with a stable ``code``.

Covers DRF exceptions (exception_handler), Django's own 404/500 views (handler404/handler500),
login lockouts (lockout_response) and anything else a view or middleware answers with an error
status (mobile_api.middleware.ProblemJsonMiddleware).
"""

import logging
import math
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import set_rollback

from backend.common.errors import DomainError
from mobile_api.parsers import RequestTooLarge

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: _("The input is invalid."),
    401: _("You are not signed in."),
    403: _("You are not allowed to do this."),
    404: _("Not found."),
    405: _("This method is not allowed here."),
    406: _("This response format is not available."),
    409: _("The request conflicts with the current state."),
    412: _("The resource has changed in the meantime."),
    413: _("The request is too large."),
    415: _("This content type is not supported."),
    429: _("Too many requests."),
    500: _("Something went wrong on our side."),
    503: _("The service is temporarily unavailable."),
}

DEFAULT_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    503: "service_unavailable",
}


INVALID_INPUT_DETAIL = _("The input is invalid; see invalidParams for every problem.")


def title_for(status_code: int) -> str:
    if status_code in TITLES:
        return str(TITLES[status_code])
    return HTTPStatus(status_code).phrase


def problem_body(status_code, *, detail, code=None, instance="", invalid_params=None):
    body = {
        "type": "about:blank",
        "title": title_for(status_code),
        "status": status_code,
        "detail": str(detail),
        "instance": instance,
        "code": code or DEFAULT_CODES.get(status_code, "error"),
    }
    if invalid_params is not None or status_code == 400:
        body["invalidParams"] = invalid_params or []  # every 400 answers in the same shape
    return body


def problem_response(request, status_code, *, detail=None, code=None, invalid_params=None):
    """A plain Django problem+json response, for code outside DRF."""
    body = problem_body(
        status_code,
        detail=detail or title_for(status_code),
        code=code,
        instance=request.path if request is not None else "",
        invalid_params=invalid_params,
    )
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def upload_too_large(field: str, message) -> exceptions.ValidationError:
    """A 400 ``too_large`` for an upload field above its documented limit."""
    error = exceptions.ValidationError({field: [exceptions.ErrorDetail(message, "too_large")]})
    error.problem_code = "too_large"
    return error


def flatten_invalid_params(detail, prefix=""):
    """DRF's nested error detail as one flat list of {name, code, reason}."""
    params = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(flatten_invalid_params(value, name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                params.extend(flatten_invalid_params(value, f"{prefix}.{index}"))
            else:
                params.extend(flatten_invalid_params(value, prefix))
    else:
        params.append(
            {
                "name": prefix
                or settings.REST_FRAMEWORK.get("NON_FIELD_ERRORS_KEY", "nonFieldErrors"),
                "code": getattr(detail, "code", "invalid") or "invalid",
                "reason": str(detail),
            }
        )
    return params


def _as_api_exception(exc):
    if isinstance(exc, RequestDataTooBig):  # Django's own body limit: too large, not invalid
        return RequestTooLarge()
    if isinstance(exc, exceptions.Throttled):
        return _dutch_throttled(exc)
    if isinstance(exc, DomainError):
        if exc.params:
            error = exceptions.ValidationError(exc.params, code=exc.code)
            error.problem_code = exc.code
            error.problem_detail = str(exc.message)
            return error
        error = exceptions.APIException(str(exc.message), code=exc.code)
        error.status_code = exc.status
        return error
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _dutch_throttled(exc):
    """DRF appends its own half-translated wait ("Aanvraag was verstikt. Expected available in
    20 seconds."): say it properly, keeping the code and the wait (for Retry-After)."""
    code = getattr(exc.detail, "code", None) or "throttled"
    wait = math.ceil(exc.wait) if exc.wait is not None else None
    if code != "throttled":
        message = str(type(exc).default_detail)  # e.g. a sign-in lockout has its own words
    elif wait is None:
        message = str(_("Too many requests. Try again later."))
    else:
        message = ngettext(
            "Too many requests. Try again in %(count)s second.",
            "Too many requests. Try again in %(count)s seconds.",
            wait,
        ) % {"count": wait}
    replacement = exceptions.Throttled(detail=message, code=code)
    replacement.wait = wait
    return replacement


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    request = context.get("request")
    instance = request.path if request is not None else ""
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: Django's handler500 answers (problem+json, no details)

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    if isinstance(exc, exceptions.ValidationError):
        body = problem_body(
            status.HTTP_400_BAD_REQUEST,
            detail=getattr(exc, "problem_detail", None) or INVALID_INPUT_DETAIL,
            code=getattr(exc, "problem_code", "invalid"),
            instance=instance,
            invalid_params=flatten_invalid_params(exc.detail),
        )
    else:
        detail = exc.detail
        code = detail.code if hasattr(detail, "code") else None
        if isinstance(detail, dict | list):
            detail = title_for(exc.status_code)
        body = problem_body(exc.status_code, detail=detail, code=code, instance=instance)
    set_rollback()
    return Response(
        body, status=exc.status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE
    )


def _wants_html(request):
    return not request.path.startswith("/api/") and "text/html" in request.headers.get("Accept", "")


def handler404(request, exception=None):
    if _wants_html(request):
        return HttpResponse(
            f"<h1>{title_for(404)}</h1>", status=404, content_type="text/html; charset=utf-8"
        )
    return problem_response(request, 404, detail=_("There is nothing at this address."))


def handler500(request):
    return problem_response(
        request, 500, detail=_("An unexpected error occurred. It has been logged.")
    )


def lockout_response(request, original_response=None, credentials=None):
    """django-axes calls this once a username/IP pair has too many failed sign-ins."""
    retry_after = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if request.path.startswith("/api/"):
        response = problem_response(
            request,
            429,
            code="login_locked",
            detail=_("Too many failed sign-in attempts. Try again later."),
        )
    else:
        message = _("Too many failed sign-in attempts. Try again later.")
        response = HttpResponse(
            f"<h1>{title_for(429)}</h1><p>{message}</p>",
            status=429,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(retry_after)
    return response
