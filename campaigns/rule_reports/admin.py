"""Rule reports ("ontregel") in the admin, for ontregelcoaches: reports with their steps, the
weekly triage session with its agenda and decisions, and the programme's settings.

Nothing here changes a report itself: every step goes through ``services.report_transition``
(an admin action with a page asking what that step needs) and every triage decision through
``triage.session_decide``. The state is never a form field. The reporter of an anonymous
report is shown nowhere (there is none to show); a confidential one only to coaches, who are
the only ones with these pages."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from backend.common.admin_scoping import (
    OrganisationScopedAdmin,
    admin_organisation,
    adopt_saved_row,
    choices_for,
    domain_error_message,
)
from backend.common.errors import DomainError
from backend.organisations.models import Department, Employee
from campaigns.rule_reports import selectors, services, triage
from campaigns.rule_reports.models import (
    ACTION_LABELS,
    RESOLUTION_LABELS,
    STATE_LABELS,
    Programme,
    ProgrammeOwnership,
    ReportTransition,
    RuleReport,
    TriageDecision,
    TriageSession,
)
from campaigns.rule_reports.workflow import TRANSITIONS, Action, Actor, Resolution, State

# The steps a coach takes in the admin, in the order the action menu lists them.
COACH_ACTIONS = [t.action for t in TRANSITIONS if Actor.COACH in t.actors]
# What each step asks for, besides the internal note (always) and the public message (when
# the reporter sees the step, or as the proposal's text).
EXTRA_FIELDS = {
    Action.ASSIGN: ["owner_department", "owner", "due_on"],
    Action.REASSIGN: ["owner_department", "owner", "due_on"],
    Action.ESCALATE: ["recipient_body", "summary"],
    Action.CLOSE: ["resolution", "duplicate_of", "justification"],
    Action.PROPOSE: ["resolution", "justification"],
}
DECISION_FIELDS = {
    TriageDecision.Decision.ASSIGN: Action.ASSIGN,
    TriageDecision.Decision.REQUEST_INFO: Action.REQUEST_INFO,
    TriageDecision.Decision.ESCALATE: Action.ESCALATE,
    TriageDecision.Decision.CLOSE: Action.CLOSE,
}
STEP_FIELDS = [
    "public_message",
    "internal_note",
    "resolution",
    "owner_department",
    "owner",
    "due_on",
    "duplicate_of",
    "recipient_body",
    "summary",
    "justification",
]


def _edge(action):
    return next(t for t in TRANSITIONS if t.action == action)


def _coach(request) -> Employee:
    employee = getattr(request.user, "employee", None)
    if employee is None:
        raise PermissionDenied  # operators take no steps on an organisation's reports
    return employee


class StepForm(forms.Form):
    """Everything a step may need; ``for_action`` keeps the fields that step asks for."""

    public_message = forms.CharField(
        label=_("Message to the reporter and followers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    internal_note = forms.CharField(
        label=_("Internal note (coaches only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    resolution = forms.ChoiceField(label=_("Resolution"), required=False, choices=[])
    owner_department = forms.ModelChoiceField(
        label=_("Owning department"), queryset=Department.objects.none(), required=False
    )
    owner = forms.ModelChoiceField(
        label=_("Owner (optional)"), queryset=Employee.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Resolve by (optional)"), required=False)
    duplicate_of = forms.ModelChoiceField(
        label=_("Duplicate of"), queryset=RuleReport.objects.none(), required=False
    )
    recipient_body = forms.CharField(label=_("Sent to"), required=False, max_length=200)
    summary = forms.CharField(
        label=_("Summary for the national body (no names)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    justification = forms.CharField(
        label=_("Rule owner's justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args, organisation, keep, resolutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "owner_department" in self.fields:
            self.fields["owner_department"].queryset = choices_for(Department, organisation)
        if "owner" in self.fields:
            self.fields["owner"].queryset = choices_for(Employee, organisation)
        if "duplicate_of" in self.fields:
            self.fields["duplicate_of"].queryset = RuleReport.objects.filter(
                organisation=organisation
            ).exclude(resolution=Resolution.DUPLICATE)
        if "resolution" in self.fields:
            self.fields["resolution"].choices = [("", "—")] + [
                (r.value, RESOLUTION_LABELS[r]) for r in Resolution if r in resolutions
            ]

    def step_arguments(self) -> dict:
        """The keyword arguments of report_transition for what was filled in."""
        data = self.cleaned_data
        arguments = {}
        for name in ("public_message", "internal_note", "resolution"):
            if data.get(name):
                arguments[name] = data[name]
        for name in ("recipient_body", "summary", "justification"):
            if data.get(name):
                arguments[name] = data[name]
        if data.get("owner_department"):
            arguments["owner_department_uuid"] = data["owner_department"].uuid
        if data.get("owner"):
            arguments["owner_uuid"] = data["owner"].uuid
        if data.get("due_on"):
            arguments["due_on"] = data["due_on"]
        if data.get("duplicate_of"):
            arguments["duplicate_of_uuid"] = data["duplicate_of"].uuid
        return arguments


def step_form(action, data=None, *, organisation):
    edge = _edge(action)
    keep = {"internal_note", *EXTRA_FIELDS.get(action, [])}
    if edge.public or action == Action.PROPOSE:
        keep.add("public_message")
    return StepForm(data, organisation=organisation, keep=keep, resolutions=edge.resolutions)


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        organisation = admin_organisation(request)
        now = timezone.now()
        today = organisation.local_date(now) if organisation else timezone.localdate(now)
        return queryset.filter(selectors.overdue_filter(today))


class TriageSessionFilter(admin.SimpleListFilter):
    title = _("triage session")
    parameter_name = "session"

    def lookups(self, request, model_admin):
        sessions = choices_for(TriageSession, admin_organisation(request))
        return [(str(session.pk), str(session)) for session in sessions.order_by("-held_on")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        session = (
            choices_for(TriageSession, admin_organisation(request)).filter(pk=self.value()).first()
        )
        if session is None:
            return queryset.none()
        return queryset.filter(pk__in=triage.session_agenda(session).values("pk"))


class NothingEditableForm(forms.ModelForm):
    class Meta:
        model = RuleReport
        fields = []


@admin.register(RuleReport)
class RuleReportAdmin(OrganisationScopedAdmin):
    form = NothingEditableForm
    list_display = [
        "number",
        "state",
        "resolution",
        "privacy",
        "owner_department",
        "triage_by",
        "due_on",
        "next_update_due",
        "flagged",
    ]
    list_display_links = ["number"]
    list_filter = [
        "state",
        "privacy",
        "origin",
        "owner_department",
        OverdueFilter,
        TriageSessionFilter,
    ]
    search_fields = ["rule", "where_met", "impact"]
    readonly_fields = [
        "number",
        "state",
        "resolution",
        "privacy",
        "reporter_shown",
        "rule",
        "where_met",
        "department",
        "impact",
        "better",
        "origin",
        "owner_department",
        "owner",
        "duplicate_of",
        "escalation_shown",
        "rule_owner_justification",
        "triage_by",
        "due_on",
        "next_update_due",
        "defer_count",
        "submitted_at",
        "triaged_at",
        "closed_at",
        "followers_shown",
        "steps_shown",
    ]

    def get_fields(self, request, obj=None):
        # get_fields, not get_fieldsets: the locking admin adds its edit stamp to the fieldset.
        return list(self.readonly_fields)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("owner_department", "department", "owner", "reporter")
        )

    def has_add_permission(self, request):
        return False  # reports come from the app

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        pass  # every change is a step, taken through an action

    def save_related(self, request, form, formsets, change):
        pass

    @admin.display(description=_("flagged"), boolean=True)
    def flagged(self, obj):
        return obj.is_flagged

    @admin.display(description=_("reporter"))
    def reporter_shown(self, obj):
        if obj.privacy == RuleReport.Privacy.ANONYMOUS:
            return _("anonymous")
        return obj.reporter.full_name if obj.reporter else _("(removed)")

    @admin.display(description=_("escalation"))
    def escalation_shown(self, obj):
        escalation = getattr(obj, "escalation", None)
        if escalation is None:
            return "—"
        return format_html("{}: {}", escalation.recipient_body, escalation.summary)

    @admin.display(description=_("followers"))
    def followers_shown(self, obj):
        return obj.followers.count()

    @admin.display(description=_("steps"))
    def steps_shown(self, obj):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(step.created_at).strftime("%Y-%m-%d %H:%M"),
                    _action_label(step.action),
                    _state_label(step.to_state),
                    _actor_shown(obj, step),
                    step.public_message,
                    step.internal_note,
                )
                for step in obj.transitions.select_related("actor").order_by("created_at", "id")
            ),
        )
        return format_html(
            '<table class="report-steps"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>'
            "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("when"),
            _("step"),
            _("to state"),
            _("by"),
            _("public message"),
            _("internal note"),
            rows,
        )

    # --- steps as admin actions ------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            return actions
        for action in COACH_ACTIONS:
            name = f"step_{action.value}"
            actions[name] = (_step_action(action), name, ACTION_LABELS[action])
        return actions

    def take_step(self, request, queryset, action):
        coach = _coach(request)
        organisation = coach.organisation
        form = step_form(
            action, request.POST if "apply" in request.POST else None, organisation=organisation
        )
        if "apply" in request.POST and form.is_valid():
            taken = 0
            for report in queryset:
                try:
                    services.report_transition(
                        organisation_id=organisation.pk,
                        report_uuid=report.uuid,
                        action=action,
                        employee=coach,
                        **form.step_arguments(),
                    )
                except DomainError as exc:
                    self.message_user(
                        request, f"{report}: {domain_error_message(exc)}", messages.ERROR
                    )
                else:
                    taken += 1
            if taken:
                self.message_user(
                    request,
                    _("%(step)s: done for %(count)s reports.")
                    % {"step": ACTION_LABELS[action], "count": taken},
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": ACTION_LABELS[action],
            "reports": queryset,
            "form": form,
            "action_name": f"step_{action.value}",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/rule_reports/rulereport/step.html", context)


def _step_action(action):
    def step(model_admin, request, queryset):
        return model_admin.take_step(request, queryset, action)

    step.__name__ = f"step_{action.value}"
    return step


def _action_label(action):
    try:
        return ACTION_LABELS[Action(action)]
    except ValueError:
        return _("Submitted") if action == services.SUBMIT_ACTION else action


def _state_label(state):
    try:
        return STATE_LABELS[State(state)]
    except ValueError:
        return state


def _actor_shown(report, step):
    if step.by_reporter and report.privacy == RuleReport.Privacy.ANONYMOUS:
        return _("anonymous")
    if step.actor is None:
        return "—"
    return step.actor.full_name


@admin.register(ReportTransition)
class ReportTransitionAdmin(OrganisationScopedAdmin):
    organisation_path = "report__organisation"
    list_display = ["report", "action", "from_state", "to_state", "actor_shown", "created_at"]
    list_filter = ["action", "to_state"]
    readonly_fields = [
        "report",
        "action",
        "from_state",
        "to_state",
        "resolution",
        "actor_shown",
        "public_message",
        "internal_note",
        "created_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("report", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("by"))
    def actor_shown(self, obj):
        return _actor_shown(obj.report, obj)


# --- triage sessions ---------------------------------------------------------------------


class TriageSessionForm(forms.ModelForm):
    class Meta:
        model = TriageSession
        fields = ["held_on", "cutoff"]

    cutoff = forms.DateTimeField(
        label=_("reports submitted before (empty: the start of the session day)"),
        required=False,
    )


class DecisionForm(StepForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=TriageDecision.Decision.choices)
    reason = forms.CharField(
        label=_("Reason (for a deferral)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    field_order = ["decision", "reason", *STEP_FIELDS]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(
            *args,
            organisation=organisation,
            keep={"decision", "reason", *STEP_FIELDS},
            resolutions=_edge(Action.CLOSE).resolutions,
            **kwargs,
        )

    def decide_arguments(self) -> dict:
        decision = self.cleaned_data["decision"]
        if decision == TriageDecision.Decision.DEFER:
            return {"decision": decision, "reason": self.cleaned_data.get("reason", "")}
        action = DECISION_FIELDS[decision]
        wanted = {"internal_note", *EXTRA_FIELDS.get(action, [])}
        if _edge(action).public:
            wanted.add("public_message")
        for name in list(self.cleaned_data):
            if name in STEP_FIELDS and name not in wanted:
                self.cleaned_data[name] = None
        return {
            "decision": decision,
            "reason": self.cleaned_data.get("reason", ""),
            **self.step_arguments(),
        }


@admin.register(TriageSession)
class TriageSessionAdmin(OrganisationScopedAdmin):
    form = TriageSessionForm
    list_display = ["__str__", "held_on", "status", "agenda_size", "closed_at"]
    list_filter = ["status"]
    actions = ["close_session"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["held_on", "cutoff"]
        return ["held_on", "cutoff", "status", "closed_at", "agenda_shown"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["held_on", "cutoff", "status", "closed_at", "agenda_shown"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("agenda"))
    def agenda_size(self, obj):
        return triage.session_agenda(obj).count()

    @admin.display(description=_("agenda"))
    def agenda_shown(self, obj):
        decisions = {
            decision.report_id: decision for decision in obj.decisions.select_related("decided_by")
        }
        rows = []
        for report in triage.session_agenda(obj).select_related("department"):
            decision = decisions.get(report.pk)
            if decision is not None:
                outcome = format_html(
                    '<span class="decision">{}</span>', decision.get_decision_display()
                )
            elif obj.status == TriageSession.Status.OPEN:
                url = reverse("admin:rule_reports_triagesession_decide", args=[obj.pk, report.pk])
                outcome = format_html('<a class="button decide" href="{}">{}</a>', url, _("Decide"))
            else:
                outcome = "—"
            rows.append(
                (
                    report.number,
                    report.rule[:120],
                    report.get_privacy_display(),
                    report.defer_count,
                    _("flagged") if report.is_flagged else "",
                    outcome,
                )
            )
        body = format_html_join(
            "",
            '<tr class="agenda-item"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
            "<td>{}</td></tr>",
            rows,
        )
        return format_html(
            '<table id="agenda"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>'
            "<th></th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("number"),
            _("the rule"),
            _("privacy"),
            _("deferred"),
            _("decision"),
            body,
        )

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        if obj is not None:
            return form_class

        class OpeningForm(form_class):
            """Opens the session through the service, so its refusal is a form error."""

            def clean(self):
                cleaned = super().clean()
                if self.errors or cleaned.get("held_on") is None:
                    return cleaned
                try:
                    self.opened = triage.session_open(
                        coach=_coach(request),
                        held_on=cleaned["held_on"],
                        cutoff=cleaned.get("cutoff"),
                    )
                except DomainError as exc:
                    raise forms.ValidationError(domain_error_message(exc)) from exc
                return cleaned

        return OpeningForm

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing on a session's page is edited
        adopt_saved_row(obj, form.opened)

    def save_related(self, request, form, formsets, change):
        pass

    def get_urls(self):
        return [
            path(
                "<int:pk>/besluit/<int:report>/",
                self.admin_site.admin_view(self.decide_view),
                name="rule_reports_triagesession_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk, report):
        if not self.has_change_permission(request):
            raise PermissionDenied
        coach = _coach(request)
        session = get_object_or_404(self.get_queryset(request), pk=pk)
        item = get_object_or_404(triage.session_agenda(session), pk=report)
        form = DecisionForm(
            request.POST if request.method == "POST" else None, organisation=coach.organisation
        )
        if request.method == "POST" and form.is_valid():
            try:
                triage.session_decide(
                    coach=coach,
                    session_uuid=session.uuid,
                    report_uuid=item.uuid,
                    **form.decide_arguments(),
                )
            except DomainError as exc:
                form.add_error(None, domain_error_message(exc))
            else:
                self.message_user(request, _("Decided on %(report)s.") % {"report": item})
                return redirect("admin:rule_reports_triagesession_change", session.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Decide on %(report)s") % {"report": item},
            "session": session,
            "report": item,
            "form": form,
        }
        return TemplateResponse(request, "admin/rule_reports/triagesession/decide.html", context)

    @admin.action(description=_("Close the selected triage sessions"))
    def close_session(self, request, queryset):
        coach = _coach(request)
        for session in queryset:
            try:
                triage.session_close(coach=coach, session_uuid=session.uuid)
            except DomainError as exc:
                self.message_user(
                    request, f"{session}: {domain_error_message(exc)}", messages.ERROR
                )
            else:
                self.message_user(request, _("%(session)s is closed.") % {"session": session})


class ProgrammeOwnershipInline(admin.TabularInline):
    model = ProgrammeOwnership
    fields = ["department", "since"]
    readonly_fields = ["department", "since"]
    extra = 0
    can_delete = False
    verbose_name = _("owner since")
    verbose_name_plural = _("owners of the programme so far")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(OrganisationScopedAdmin):
    inlines = [ProgrammeOwnershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.programme_ownership_record(programme=obj)

    list_display = [
        "organisation",
        "owning_department",
        "triage_weekday",
        "resolution_days",
        "update_days",
        "reopen_days",
    ]

    def get_fields(self, request, obj=None):
        fields = [
            "owning_department",
            "triage_weekday",
            "resolution_days",
            "update_days",
            "reopen_days",
        ]
        # A coach's form has no organisation field (it is always their own).
        return fields if admin_organisation(request) is not None else ["organisation", *fields]

    def has_delete_permission(self, request, obj=None):
        return False
