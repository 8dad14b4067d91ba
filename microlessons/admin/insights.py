"""The insights page in the admin, for insights viewers: the same tables as the API, with
charts and CSV downloads, for the viewer's own organisation (an operator chooses one)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.admin_site import AdminPage
from backend.common.group_tables import table_csv
from backend.organisations.models import Organisation
from backend.organisations.roles import Role
from microlessons import insights
from microlessons.insights_charts import bar_chart_svg


def may_view_insights(user) -> bool:
    if user.is_superuser:
        return True
    employee = getattr(user, "employee", None)
    return employee is not None and employee.has_role(Role.INSIGHTS_VIEWER)


def _organisation(request):
    if not may_view_insights(request.user):
        raise PermissionDenied
    if not request.user.is_superuser:
        return request.user.employee.organisation
    slug = request.GET.get("organisatie")
    organisations = Organisation.objects.order_by("name")
    found = organisations.filter(slug=slug).first() if slug else organisations.first()
    if found is None:
        raise Http404
    return found


def _tables(organisation, views=insights.VIEWS):
    now = timezone.now()
    tables = {
        view: insights.insight_table(organisation=organisation, view=view, now=now)
        for view in views
    }
    return {view: table for view, table in tables.items() if table is not None}


def insights_page(request):
    organisation = _organisation(request)
    sections = []
    for table in _tables(organisation).values():
        rows = [{"row": row, "is_total": False} for row in table.rows]
        if table.total is not None:
            rows.append({"row": table.total, "is_total": True})
        sections.append(
            {
                "table": table,
                "chart": bar_chart_svg(table),
                "rows": rows,
                "has_totals": any(row.total is not None for row in table.rows),
            }
        )
    context = {
        **admin.site.each_context(request),
        "title": _("Insights"),
        "sections": sections,
        "minimum": organisation.insights_min_group_size,
        "organisation": organisation,
        "organisations": Organisation.objects.order_by("name")
        if request.user.is_superuser
        else None,
        "organisation_param": organisation.slug if request.user.is_superuser else "",
    }
    return TemplateResponse(request, "admin/microlessons/insights/page.html", context)


def insights_export(request, view):
    organisation = _organisation(request)
    if view not in insights.VIEWS:
        raise Http404
    table = _tables(organisation, [view]).get(view)
    if table is None:
        raise Http404
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzicht-{view}.csv"'
    return response


admin.site.register_page(
    AdminPage(
        route="inzichten/",
        view=insights_page,
        name="insights",
        title=_("Participation and results"),
        section=_("Insights"),
        may_view=may_view_insights,
    )
)
admin.site.register_page(
    AdminPage(
        route="inzichten/<str:view>.csv",
        view=insights_export,
        name="insights_export",
        title=_("Export"),
        section=_("Insights"),
        may_view=lambda user: False,  # reached from the page, not listed
    )
)
