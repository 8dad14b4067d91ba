"""Probes for the load balancer: liveness (the process answers) and readiness (it can work)."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from mobile_api.problems import problem_response


@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@require_GET
def ready(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means: send no traffic here
        return problem_response(
            request, 503, code="database_unavailable", detail=type(exc).__name__
        )
    return JsonResponse({"status": "ok", "database": "ok"})
