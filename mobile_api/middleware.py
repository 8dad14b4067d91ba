from django.conf import settings
from django.utils.translation import gettext as _

from mobile_api.problems import INVALID_INPUT_DETAIL, PROBLEM_CONTENT_TYPE, problem_response

# Headers worth keeping when an error response is rewritten as problem+json.
_PRESERVED_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def _is_api(request):
    return request.path.startswith("/api/")


class ApiVersionMiddleware:
    """/core/version-header: every response carries the full API version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["API-Version"] = settings.API_VERSION
        return response


class ApiSecurityHeadersMiddleware:
    """/core/transport/security-headers for the API (SecurityMiddleware does the rest)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_api(request):
            response["Referrer-Policy"] = "no-referrer"
            response.setdefault("Cache-Control", "no-store")
            content_type = response.get("Content-Type", "")
            if "json" in content_type or "yaml" in content_type:
                response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
            else:
                response.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        return response


class ProblemJsonMiddleware:
    """Any other error answer under /api (a Django 405, a CSRF 403, …) becomes problem+json."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            _is_api(request)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        ):
            problem = problem_response(request, response.status_code)
            for header in _PRESERVED_HEADERS:
                if header in response:
                    problem[header] = response[header]
            return problem
        return response


class NulCharacterQueryMiddleware:
    """A NUL character in a query parameter is a 400 for every API call: PostgreSQL cannot
    compare text with NUL, so it must never reach a query (DRF already refuses it in bodies)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_api(request):
            names = [
                name
                for name, values in request.GET.lists()
                if "\x00" in name or any("\x00" in value for value in values)
            ]
            if names:
                reason = _("Null characters are not allowed.")
                return problem_response(
                    request,
                    400,
                    detail=INVALID_INPUT_DETAIL,
                    invalid_params=[
                        {"name": name, "code": "null_characters_not_allowed", "reason": reason}
                        for name in names
                    ],
                )
        return self.get_response(request)
