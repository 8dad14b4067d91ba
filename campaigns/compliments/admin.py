"""Compliment campaigns in the admin, for campaign organisers: campaigns with their values,
gifts and volunteers, moderation, progress and print files per location, and citizens'
compliments. An anonymous sender is shown nowhere here, not even to organisers."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from backend.common.admin_scoping import (
    OrganisationScopedAdmin,
    ScopedTabularInline,
    admin_organisation,
    choices_for,
)
from backend.common.errors import DomainError
from backend.common.stored_files import remember_stored_file
from backend.organisations.models import Department, Employee, Location
from campaigns.compliments import campaign_reports, card_documents
from campaigns.compliments.citizen_compliments import citizen_compliment_moderate
from campaigns.compliments.logos import LogoRejected, normalised_logo
from campaigns.compliments.models import (
    Campaign,
    CampaignValue,
    CitizenCompliment,
    Compliment,
    GiftOption,
    ModerationStatus,
    PublicComplimentSettings,
    Volunteer,
)
from campaigns.compliments.services import (
    campaign_delivery_rescheduled,
    campaign_values_default_add,
    compliment_moderate,
)


class CampaignValueInline(ScopedTabularInline):
    model = CampaignValue
    fields = ["name", "position"]
    extra = 0


class GiftOptionInline(ScopedTabularInline):
    model = GiftOption
    fields = ["name", "position"]
    extra = 1


class VolunteerInline(ScopedTabularInline):
    model = Volunteer
    fields = ["employee", "location"]
    extra = 1
    autocomplete_fields = []


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "organisation",
            "name",
            "nomination_starts_on",
            "nomination_ends_on",
            "delivery_date",
            "sender_limit",
            "moderation_required",
            "card_heading",
            "primary_colour",
            "accent_colour",
            "text_colour",
            "logo",
        ]
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
            "text_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):
            return logo  # unchanged, or cleared
        try:
            png = normalised_logo(logo.read())
        except LogoRejected as exc:
            raise forms.ValidationError(str(exc), code="invalid_logo") from exc
        return ContentFile(png, name="logo.png")


@admin.register(Campaign)
class CampaignAdmin(OrganisationScopedAdmin):
    form = CampaignForm
    list_display = [
        "name",
        "nomination_starts_on",
        "nomination_ends_on",
        "delivery_date",
        "moderation_required",
        "progress_link",
    ]
    inlines = [CampaignValueInline, GiftOptionInline, VolunteerInline]
    fieldsets = [
        (None, {"fields": ["organisation", "name"]}),
        (
            _("Period"),
            {"fields": ["nomination_starts_on", "nomination_ends_on", "delivery_date"]},
        ),
        (_("Rules"), {"fields": ["sender_limit", "moderation_required"]}),
        (
            _("Card design"),
            {
                "fields": [
                    "card_heading",
                    "primary_colour",
                    "accent_colour",
                    "text_colour",
                    "logo",
                ],
                "description": _(
                    "A new campaign gets the six values of the Valentine campaign when you "
                    "give none."
                ),
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if admin_organisation(request) is None:
            return fieldsets
        # An organiser's form has no organisation field (it is always their own).
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "organisation"]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("Progress and printing"))
    def progress_link(self, obj):
        url = reverse("admin:compliments_campaign_progress", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Progress and printing"))

    def save_model(self, request, obj, form, change):
        replaced_logo = ""
        if change and "logo" in form.changed_data:
            replaced_logo = Campaign.objects.filter(pk=obj.pk).values_list("logo", flat=True).get()
        super().save_model(request, obj, form, change)
        if obj.logo and "logo" in form.changed_data:
            remember_stored_file(obj.logo.name)
        if replaced_logo and replaced_logo != obj.logo.name:
            # A replaced or cleared logo is removed from storage once the change is committed
            # (a save that fails keeps the old one in use).
            transaction.on_commit(lambda: default_storage.delete(replaced_logo))
        if change and "delivery_date" in form.changed_data:
            campaign_delivery_rescheduled(campaign=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        campaign_values_default_add(campaign=form.instance)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/voortgang/",
                view(self.progress_view),
                name="compliments_campaign_progress",
            ),
            path(
                "<int:pk>/vestiging/<uuid:location>/<str:document>/",
                view(self.document_view),
                name="compliments_campaign_document",
            ),
            *super().get_urls(),
        ]

    def _campaign(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request).select_related("organisation"), pk=pk)

    def progress_view(self, request, pk):
        campaign = self._campaign(request, pk)
        progress = campaign_reports.location_progress(campaign)
        statistics = [
            campaign_reports.campaign_statistics(campaign, view)
            for view in campaign_reports.STATISTICS_VIEWS
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Progress and printing: %(name)s") % {"name": campaign.name},
            "campaign": campaign,
            "progress": progress,
            "gift_totals": campaign_reports.gift_totals(progress),
            "gift_names": sorted({gift for row in progress for gift in row.gifts}),
            "statistics": statistics,
            "pending": campaign.compliments.filter(status=ModerationStatus.PENDING).count(),
        }
        return TemplateResponse(request, "admin/compliments/campaign/progress.html", context)

    def document_view(self, request, pk, location, document):
        campaign = self._campaign(request, pk)
        place = get_object_or_404(Location, organisation=campaign.organisation, uuid=location)
        return location_document_response(campaign, place, document)


def location_document_response(campaign, location, document):
    built = card_documents.location_document(campaign, location, document)
    if built is None:
        raise Http404
    return FileResponse(
        built.file, content_type=built.content_type, as_attachment=True, filename=built.filename
    )


class ModerationForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", "—"), ("approve", _("Approve")), ("reject", _("Reject"))],
    )
    # Not "reason": that is the compliment's own (read-only) field, and the admin drops a
    # form field that shares a read-only field's name.
    rejection_message = forms.CharField(
        label=_("Reason for rejection (the sender sees it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )

    class Meta:
        model = Compliment
        fields = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("rejection_message", "").strip():
            self.add_error(
                "rejection_message", _("Tell the sender why the compliment is not delivered.")
            )
        return cleaned


@admin.register(Compliment)
class ComplimentAdmin(OrganisationScopedAdmin):
    organisation_path = "campaign__organisation"
    form = ModerationForm
    list_display = [
        "card_number",
        "recipient",
        "location",
        "campaign",
        "status",
        "gift",
        "handed_out_at",
    ]
    list_filter = ["campaign", "status", "location"]
    search_fields = ["recipient__search_text", "recipient__last_name"]
    actions = ["approve"]
    readonly_fields = [
        "campaign",
        "card_number",
        "recipient",
        "location",
        "sender_shown",
        "value_names",
        "reason",
        "gift",
        "status",
        "rejection_reason",
        "moderated_at",
        "thanked_at",
        "handed_out_at",
        "handed_out_by",
        "card_preview",
    ]

    def get_fields(self, request, obj=None):
        # get_fields, not get_fieldsets: the locking admin adds its edit stamp to the fieldset.
        fields = list(self.readonly_fields)
        if obj is not None and obj.status == ModerationStatus.PENDING:
            fields += ["decision", "rejection_message"]
        return fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("campaign", "recipient", "location", "gift", "sender")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sender"))
    def sender_shown(self, obj):
        if obj.is_anonymous:
            return _("anonymous")
        return obj.sender.full_name if obj.sender else _("(removed)")

    @admin.display(description=_("values"))
    def value_names(self, obj):
        return ", ".join(value.name for value in obj.values.all())

    @admin.display(description=_("card"))
    def card_preview(self, obj):
        url = reverse("admin:compliments_compliment_card", args=[obj.pk])
        return format_html(
            '<img src="{}" alt="{}" style="max-width:540px;width:100%">', url, _("The card")
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/kaart.png",
                self.admin_site.admin_view(self.card_view),
                name="compliments_compliment_card",
            ),
            *super().get_urls(),
        ]

    def card_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        compliment = get_object_or_404(
            card_documents.with_card_details(self.get_queryset(request)), pk=pk
        )
        response = HttpResponse(
            card_documents.compliment_card_png(compliment), content_type="image/png"
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def _moderator(self, request):
        employee = getattr(request.user, "employee", None)
        if employee is None:
            raise PermissionDenied  # operators do not moderate an organisation's compliments
        return employee

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if not decision:
            return
        try:
            compliment_moderate(
                moderator=self._moderator(request),
                compliment_uuid=obj.uuid,
                approve=decision == "approve",
                reason=form.cleaned_data.get("rejection_message", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)

    def save_related(self, request, form, formsets, change):
        pass  # nothing else on this page can change

    @admin.action(description=_("Approve the selected compliments"))
    def approve(self, request, queryset):
        moderator = self._moderator(request)
        approved = 0
        for compliment in queryset.filter(status=ModerationStatus.PENDING):
            try:
                compliment_moderate(
                    moderator=moderator, compliment_uuid=compliment.uuid, approve=True
                )
            except DomainError as exc:
                self.message_user(request, f"{compliment}: {exc.message}", messages.WARNING)
            else:
                approved += 1
        self.message_user(request, _("%(count)s compliments approved.") % {"count": approved})


class CitizenModerationForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", "—"), ("approve", _("Approve and deliver")), ("reject", _("Reject"))],
    )
    deliver_to = forms.ModelChoiceField(
        label=_("Deliver to employee"), queryset=Employee.objects.none(), required=False
    )
    deliver_to_team = forms.ModelChoiceField(
        label=_("Or to team"), queryset=Department.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note (internal)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = CitizenCompliment
        fields = []


@admin.register(CitizenCompliment)
class CitizenComplimentAdmin(OrganisationScopedAdmin):
    form = CitizenModerationForm
    list_display = [
        "created_at",
        "status",
        "employee_name_given",
        "department_given",
        "message_start",
    ]
    list_filter = ["status", "department_given"]
    readonly_fields = [
        "created_at",
        "message",
        "employee_name_given",
        "department_given",
        "contact_name",
        "contact_email",
        "contact_phone",
        "contact_removed_at",
        "status",
        "recipient",
        "recipient_department",
        "moderated_at",
        "moderation_note",
    ]

    def get_fields(self, request, obj=None):
        # get_fields, not get_fieldsets: the locking admin adds its edit stamp to the fieldset.
        fields = list(self.readonly_fields)
        if obj is not None and obj.status == ModerationStatus.PENDING:
            fields += ["decision", "deliver_to", "deliver_to_team", "note"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        organisation = obj.organisation if obj is not None else admin_organisation(request)

        class ScopedCitizenModerationForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                if "deliver_to" in self.fields:
                    self.fields["deliver_to"].queryset = choices_for(Employee, organisation)
                    self.fields["deliver_to_team"].queryset = choices_for(Department, organisation)

        return ScopedCitizenModerationForm

    @admin.display(description=_("message"))
    def message_start(self, obj):
        return obj.message[:80] + ("…" if len(obj.message) > 80 else "")

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if not decision:
            return
        employee = getattr(request.user, "employee", None)
        if employee is None:
            raise PermissionDenied
        try:
            citizen_compliment_moderate(
                moderator=employee,
                citizen_compliment=obj,
                approve=decision == "approve",
                recipient=form.cleaned_data.get("deliver_to"),
                recipient_department=form.cleaned_data.get("deliver_to_team"),
                note=form.cleaned_data.get("note", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)

    def save_related(self, request, form, formsets, change):
        pass


@admin.register(PublicComplimentSettings)
class PublicComplimentSettingsAdmin(OrganisationScopedAdmin):
    list_display = ["organisation", "accepts_citizen_compliments"]
