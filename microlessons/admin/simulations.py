"""Authoring simulations in the admin: the simulation, its drafts with their steps, each step
with its choices, the graph drawn with every problem marked, and publishing."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from backend.common.admin_scoping import (
    OwnedContentAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
    admin_organisation,
)
from microlessons.admin.versioned_actions import PublishAction, VersionedContentActions
from microlessons.models import (
    Simulation,
    SimulationChoice,
    SimulationStep,
    SimulationVersion,
)
from microlessons.simulation_authoring import (
    simulation_adapt,
    simulation_analysis,
    simulation_choice_delete,
    simulation_choice_save,
    simulation_draft_create,
    simulation_graph_of,
    simulation_save,
    simulation_step_delete,
    simulation_step_save,
    simulation_version_publish,
    simulation_version_save,
)
from microlessons.simulation_graph_picture import graph_svg


class SimulationContentAdmin(OwnedContentAdmin):
    inline_writers: dict = {}


class VersionInline(ScopedTabularInline):
    model = SimulationVersion
    fields = ["number", "title", "status", "published_at", "edit_link"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("open"))
    def edit_link(self, obj):
        url = reverse("admin:microlessons_simulationversion_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("open"))


@admin.register(Simulation)
class SimulationAdmin(VersionedContentActions, SimulationContentAdmin):
    list_display = ["__str__", "module", "position", "state", "shared"]
    list_filter = ["module"]
    search_fields = ["key", "versions__title"]
    fields = ["module", "key", "position"]
    inlines = [VersionInline]
    actions = ["create_draft", "adapt"]
    list_select_related = ["module", "published_version"]

    @staticmethod
    def draft_create(simulation):
        return simulation_draft_create(simulation=simulation)

    @staticmethod
    def content_adapt(simulation, organisation):
        return simulation_adapt(simulation=simulation, organisation=organisation)

    def get_queryset(self, request):
        drafts = SimulationVersion.objects.filter(
            simulation=OuterRef("pk"), status=SimulationVersion.Status.DRAFT
        )
        return super().get_queryset(request).annotate(has_draft=Exists(drafts))

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.published_version_id is None:
            return _("Draft, never published")
        return _("Published, with a newer draft") if obj.has_draft else _("Published")

    @admin.display(boolean=True, description=_("shared"))
    def shared(self, obj):
        return obj.is_shared

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.adapted_from_id is not None:
            return ["module"]
        return []

    def save_model(self, request, obj, form, change):
        simulation_save(simulation=obj, organisation=admin_organisation(request))


class StepInline(ScopedStackedInline):
    model = SimulationStep
    fields = ["key", "position", "kind", "title", "context", "text", "choices_link"]
    readonly_fields = ["choices_link"]
    extra = 0

    @admin.display(description=_("choices"))
    def choices_link(self, obj):
        if obj.pk is None:
            return "-"
        url = reverse("admin:microlessons_simulationstep_change", args=[obj.pk])
        count = obj.choices.count()
        return format_html('<a href="{}">{} ({})</a>', url, _("edit the choices"), count)


@admin.register(SimulationVersion)
class SimulationVersionAdmin(PublishAction, SimulationContentAdmin):
    owner_path = "simulation__owner"
    owned_path = "simulation"
    version_publish = staticmethod(lambda version: simulation_version_publish(version=version))
    draft_path = "status"
    list_display = ["title", "simulation", "number", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    fields = [
        "simulation",
        "number",
        "status",
        "title",
        "summary",
        "channel",
        "customer",
        "estimated_seconds",
        "start_step",
        "graph",
    ]
    readonly_fields = ["simulation", "number", "status", "graph"]
    inlines = [StepInline]
    actions = ["publish"]
    inline_writers = {
        SimulationStep: (
            lambda step, org: simulation_step_save(step=step, organisation=org),
            lambda step, org: simulation_step_delete(step=step, organisation=org),
        )
    }

    def has_add_permission(self, request):
        return False  # drafts come from the simulation's "create a draft" action

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "start_step" in form.base_fields:
            form.base_fields["start_step"].queryset = obj.steps.all()
        return form

    def save_model(self, request, obj, form, change):
        simulation_version_save(version=obj, organisation=admin_organisation(request))

    @admin.display(description=_("the conversation as a graph"))
    def graph(self, obj):
        url = reverse("admin:microlessons_simulationversion_graph", args=[obj.pk])
        analysis = simulation_analysis(obj)
        if analysis.problems:
            verdict = format_html(
                '<ul class="graph-problems">{}</ul>',
                format_html_join(
                    "", "<li>{}: {}</li>", ((p.step or "-", p.message) for p in analysis.problems)
                ),
            )
        else:
            verdict = format_html(
                '<p class="graph-ok">{}</p>', _("No problems: this conversation can be published.")
            )
        return format_html(
            '<img src="{}" alt="{}" style="max-width:100%;border:1px solid #ddd">{}',
            url,
            _("The steps and choices of this version, with its problems marked."),
            verdict,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/graaf.svg",
                self.admin_site.admin_view(self.graph_view),
                name="microlessons_simulationversion_graph",
            ),
            *super().get_urls(),
        ]

    def graph_view(self, request, pk):
        version = get_object_or_404(self.get_queryset(request), pk=pk)
        graph = simulation_graph_of(version)
        labels = {step.key: step.title or step.text for step in version.steps.all()}
        svg = graph_svg(graph, simulation_analysis(version), labels)
        return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


class ChoiceInline(ScopedTabularInline):
    model = SimulationChoice
    fk_name = "step"
    fields = [
        "key",
        "position",
        "text",
        "feedback",
        "next_step",
        "customer_satisfaction",
        "lead_time",
        "cost",
        "process",
    ]
    extra = 2

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:  # a choice leads to another step of the same draft
            formset.form.base_fields["next_step"].queryset = SimulationStep.objects.filter(
                version=obj.version
            ).exclude(pk=obj.pk)
        return formset


@admin.register(SimulationStep)
class SimulationStepAdmin(SimulationContentAdmin):
    owner_path = "version__simulation__owner"
    draft_path = "version__status"
    list_display = ["key", "kind", "version"]
    search_fields = ["key", "text"]
    fields = ["version", "key", "position", "kind", "title", "context", "text"]
    readonly_fields = ["version"]
    inlines = [ChoiceInline]
    inline_writers = {
        SimulationChoice: (
            lambda choice, org: simulation_choice_save(choice=choice, organisation=org),
            lambda choice, org: simulation_choice_delete(choice=choice, organisation=org),
        )
    }

    def has_add_permission(self, request):
        return False  # steps are added on the version's page

    def has_module_permission(self, request):
        return False  # reached from a version's page, not from the index

    def save_model(self, request, obj, form, change):
        simulation_step_save(step=obj, organisation=admin_organisation(request))

    def response_change(self, request, obj):
        if "_save" in request.POST:  # back to the version, where the graph is
            self.message_user(request, _("Saved: %(item)s") % {"item": obj})
            return HttpResponseRedirect(
                reverse("admin:microlessons_simulationversion_change", args=[obj.version_id])
            )
        return super().response_change(request, obj)
