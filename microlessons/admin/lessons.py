"""Authoring in the Django admin: editors see their own organisation's content plus shared
content; they change only their own, and only drafts."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from backend.common.admin_scoping import (
    OwnedContentAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
    admin_organisation,
    adopt_saved_row,
)
from backend.common.errors import DomainError
from backend.common.images import MAX_UPLOAD_BYTES
from backend.common.owned_content import may_edit
from backend.common.stored_files import files_removed_on_failure
from microlessons.admin.versioned_actions import PublishAction, VersionedContentActions
from microlessons.authoring import (
    lesson_adapt,
    lesson_draft_create,
    lesson_version_publish,
    newer_original_available,
)
from microlessons.content_packs import (
    MAX_PACK_BYTES,
    module_export,
    module_import,
    pack_from_bytes,
)
from microlessons.image_uploads import (
    image_variant_urls,
    lesson_image_process,
    lesson_image_store,
    lesson_image_update,
)
from microlessons.lesson_editing import (
    block_delete,
    block_save,
    learning_goal_delete,
    learning_goal_save,
    lesson_save,
    lesson_version_save,
    module_save,
    question_option_delete,
    question_option_save,
    question_save,
)
from microlessons.models import (
    Block,
    LearningGoal,
    Lesson,
    LessonImage,
    LessonVersion,
    Module,
    Question,
    QuestionOption,
)
from microlessons.selectors import with_content


class ContentAdmin(OwnedContentAdmin):
    """Lesson content: every save and every inline row goes through the lesson-editing
    services (``inline_writers``; an inline not listed there is read-only)."""

    inline_writers: dict = {}


class LearningGoalInline(ScopedTabularInline):
    model = LearningGoal
    fields = ["key", "title", "description"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields.pop("owner", None)
        return formset


class ContentPackImportForm(forms.Form):
    pack = forms.FileField(label=_("Content pack (JSON)"))

    def clean_pack(self):
        upload = self.cleaned_data["pack"]
        if upload.size > MAX_PACK_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        try:
            return pack_from_bytes(upload.read())
        except DomainError as exc:
            raise forms.ValidationError(str(exc.message)) from exc


@admin.register(Module)
class ModuleAdmin(ContentAdmin):
    list_display = ["title", "key", "position", "shared"]
    search_fields = ["title", "key"]
    inlines = [LearningGoalInline]
    actions = ["export_pack"]
    change_list_template = "admin/microlessons/module/change_list.html"

    @admin.display(boolean=True, description=_("shared"))
    def shared(self, obj):
        return obj.is_shared

    inline_writers = {
        LearningGoal: (
            lambda goal, org: learning_goal_save(goal=goal, organisation=org),
            lambda goal, org: learning_goal_delete(goal=goal, organisation=org),
        )
    }

    def save_model(self, request, obj, form, change):
        module_save(module=obj, organisation=admin_organisation(request))

    @admin.action(description=_("Download as content pack"))
    def export_pack(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one module."), messages.WARNING)
            return None
        module = queryset.get()
        response = HttpResponse(
            json.dumps(module_export(module=module), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{module.key}.json"'
        return response

    def get_urls(self):
        return [
            path(
                "importeren/",
                self.admin_site.admin_view(self.import_view),
                name="microlessons_module_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ContentPackImportForm(request.POST or None, request.FILES or None)
        problems = None
        if request.method == "POST" and form.is_valid():
            try:
                module = module_import(
                    pack=form.cleaned_data["pack"], organisation=admin_organisation(request)
                )
            except DomainError as exc:
                problems = exc.params or {"pakket": [str(exc.message)]}
            else:
                self.message_user(request, _("Imported: %(title)s") % {"title": module.title})
                return HttpResponseRedirect(
                    reverse("admin:microlessons_module_change", args=[module.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a content pack"),
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/microlessons/module/import.html", context)


class VersionInline(ScopedTabularInline):
    model = LessonVersion
    fields = ["number", "title", "status", "published_at", "edit_link"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("open"))
    def edit_link(self, obj):
        url = reverse("admin:microlessons_lessonversion_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("open"))


class LessonStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "staat"  # in the page's address

    def lookups(self, request, model_admin):
        return LESSON_STATES

    def queryset(self, request, queryset):
        value = self.value()
        if value == "draft":
            return queryset.filter(published_version__isnull=True)
        if value == "published":
            return queryset.filter(published_version__isnull=False, has_draft=False)
        if value == "newer_draft":
            return queryset.filter(published_version__isnull=False, has_draft=True)
        return queryset


# Internal value -> what editors read.
LESSON_STATES = [
    ("draft", _("Draft, never published")),
    ("published", _("Published")),
    ("newer_draft", _("Published, with a newer draft")),
]


@admin.register(Lesson)
class LessonAdmin(VersionedContentActions, ContentAdmin):
    list_display = ["__str__", "module", "position", "state", "shared", "newer_original"]
    list_filter = [LessonStateFilter, "module"]
    search_fields = ["key", "versions__title"]
    fields = ["module", "key", "position", "learning_goals", "adapted_from_info"]
    readonly_fields = ["adapted_from_info"]
    filter_horizontal = ["learning_goals"]
    inlines = [VersionInline]
    actions = ["create_draft", "adapt"]
    list_select_related = ["module", "published_version", "adapted_from__published_version"]

    @staticmethod
    def draft_create(lesson):
        return lesson_draft_create(lesson=lesson)

    @staticmethod
    def content_adapt(lesson, organisation):
        return lesson_adapt(lesson=lesson, organisation=organisation)

    def get_queryset(self, request):
        drafts = LessonVersion.objects.filter(
            lesson=OuterRef("pk"), status=LessonVersion.Status.DRAFT
        )
        return super().get_queryset(request).annotate(has_draft=Exists(drafts))

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.published_version_id is None:
            key = "draft"
        else:
            key = "newer_draft" if obj.has_draft else "published"
        return dict(LESSON_STATES)[key]

    @admin.display(boolean=True, description=_("shared"))
    def shared(self, obj):
        return obj.is_shared

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.adapted_from_id is not None:
            readonly.append("module")  # an adaptation stays beside its shared original
        return readonly

    def save_model(self, request, obj, form, change):
        lesson_save(
            lesson=obj,
            organisation=admin_organisation(request),
            learning_goals=form.cleaned_data.get("learning_goals"),
        )

    def save_related(self, request, form, formsets, change):
        # The learning goals were saved by lesson_save; the version list is read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.display(boolean=True, description=_("newer original available"))
    def newer_original(self, obj):
        return newer_original_available(obj)

    @admin.display(description=_("adapted from"))
    def adapted_from_info(self, obj):
        if obj.adapted_from_id is None:
            return "-"
        note = _("A newer version of the original exists.") if newer_original_available(obj) else ""
        return format_html("{} (v{}) {}", obj.adapted_from, obj.adapted_from_version, note)


class BlockInline(ScopedStackedInline):
    model = Block
    fields = ["position", "kind", "text", "image", "alt_text", "question_link"]
    readonly_fields = ["question_link"]
    extra = 0

    @admin.display(description=_("question"))
    def question_link(self, obj):
        question = getattr(obj, "question", None)
        if question is None:
            return "-"
        url = reverse("admin:microlessons_question_change", args=[question.pk])
        return format_html('<a href="{}">{}</a>', url, question)

    def _editable(self, request, obj):
        return obj is None or (
            obj.status == LessonVersion.Status.DRAFT
            and may_edit(obj.lesson, admin_organisation(request))
        )

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


@admin.register(LessonVersion)
class LessonVersionAdmin(PublishAction, ContentAdmin):
    owner_path = "lesson__owner"
    owned_path = "lesson"
    version_publish = staticmethod(lambda version: lesson_version_publish(version=version))
    draft_path = "status"
    list_display = ["title", "lesson", "number", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    fields = ["lesson", "number", "title", "summary", "estimated_seconds", "status", "add_question"]
    readonly_fields = ["lesson", "number", "status", "add_question"]
    inlines = [BlockInline]
    actions = ["publish"]
    inline_writers = {
        Block: (
            lambda block, org: block_save(block=block, organisation=org),
            lambda block, org: block_delete(block=block, organisation=org),
        )
    }

    def has_add_permission(self, request):
        return False  # drafts come from the lesson's "create a draft" action

    def save_model(self, request, obj, form, change):
        lesson_version_save(version=obj, organisation=admin_organisation(request))

    @admin.display(description=_("questions"))
    def add_question(self, obj):
        url = reverse("admin:microlessons_question_add") + f"?version={obj.pk}"
        preview = reverse("admin:microlessons_lessonversion_preview", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}" target="_blank">{}</a>',
            url,
            _("Add a question"),
            preview,
            _("Preview"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/voorbeeld/",
                self.admin_site.admin_view(self.preview_view),
                name="microlessons_lessonversion_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        version = get_object_or_404(
            with_content(self.get_queryset(request).select_related("lesson")), pk=pk
        )
        blocks = [
            {
                "block": block,
                "variants": image_variant_urls(block.image) if block.image_id else [],
            }
            for block in version.blocks.all()
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Preview: %(title)s") % {"title": version.title},
            "version": version,
            "blocks": blocks,
        }
        return TemplateResponse(request, "admin/microlessons/lessonversion/preview.html", context)


class QuestionOptionInline(ScopedTabularInline):
    model = QuestionOption
    fields = ["position", "text", "is_correct", "feedback"]
    extra = 3


class QuestionAdminForm(forms.ModelForm):
    position = forms.IntegerField(label=_("position in the lesson"), min_value=0, initial=0)

    class Meta:
        model = Question
        fields = ["version", "key", "kind", "prompt", "explanation"]


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    owner_path = "version__lesson__owner"
    draft_path = "version__status"
    form = QuestionAdminForm
    list_display = ["__str__", "key", "kind", "version"]
    search_fields = ["prompt", "key"]
    inlines = [QuestionOptionInline]
    inline_writers = {
        QuestionOption: (
            lambda option, org: question_option_save(option=option, organisation=org),
            lambda option, org: question_option_delete(option=option, organisation=org),
        )
    }

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "version" in request.GET:
            initial["version"] = request.GET["version"]
        return initial

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            form.base_fields["position"].initial = obj.block.position
        return form

    def save_model(self, request, obj, form, change):
        question_save(
            question=obj,
            position=form.cleaned_data["position"],
            organisation=admin_organisation(request),
        )


class LessonImageForm(forms.ModelForm):
    upload = forms.FileField(label=_("image file"))

    class Meta:
        model = LessonImage
        fields = ["description"]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The image is larger than 10 MB."))
        return upload

    def clean(self):
        # Checks and processes the upload only; it is stored when the whole page is saved.
        cleaned = super().clean()
        upload = cleaned.get("upload")
        self.processed = None
        if upload is not None and not self.errors:
            try:
                self.processed = lesson_image_process(upload.read(), field="upload")
            except DomainError as exc:
                self.add_error("upload", str(exc.message))
        return cleaned


@admin.register(LessonImage)
class LessonImageAdmin(ContentAdmin):
    form = LessonImageForm
    list_display = ["thumbnail", "description", "width", "height", "shared"]
    readonly_fields = ["thumbnail", "width", "height"]

    @admin.display(boolean=True, description=_("shared"))
    def shared(self, obj):
        return obj.is_shared

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        urls = image_variant_urls(obj)
        if not urls:
            return "-"
        return format_html('<img src="{}" style="max-height:60px" alt="">', urls[0]["url"])

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            form.base_fields.pop("upload", None)
        return form

    def changeform_view(self, request, *args, **kwargs):
        # Files stored by a save that fails afterwards are removed with its rolled-back rows.
        with files_removed_on_failure():
            return super().changeform_view(request, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            image = lesson_image_update(
                image=obj, description=obj.description, organisation=admin_organisation(request)
            )
        else:
            image, _created = lesson_image_store(
                owner=admin_organisation(request),
                processed=form.processed,
                description=obj.description,
            )
        adopt_saved_row(obj, image)
