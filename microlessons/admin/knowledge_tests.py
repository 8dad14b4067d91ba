"""The knowledge test in the admin: editors write and publish tests (questions by topic, each
with its options); organisation admins set the measurement windows."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backend.common.admin_scoping import (
    OrganisationScopedAdmin,
    OwnedContentAdmin,
    ScopedTabularInline,
    admin_organisation,
)
from backend.common.owned_content import visible_to
from microlessons.admin.versioned_actions import PublishAction
from microlessons.knowledge_test_authoring import (
    knowledge_option_delete,
    knowledge_option_save,
    knowledge_question_delete,
    knowledge_question_save,
    knowledge_test_publish,
    knowledge_test_save,
    measurement_window_save,
)
from microlessons.models import (
    KnowledgeOption,
    KnowledgeQuestion,
    KnowledgeTest,
    MeasurementWindow,
    Module,
)


def visible_modules_for(organisation):
    modules = Module.objects.all()
    return modules if organisation is None else modules.filter(visible_to(organisation.pk))


class QuestionInline(ScopedTabularInline):
    model = KnowledgeQuestion
    fields = ["position", "key", "topic", "kind", "prompt", "explanation", "options_link"]
    readonly_fields = ["options_link"]
    extra = 0
    show_change_link = True

    @admin.display(description=_("options"))
    def options_link(self, obj):
        return obj.options.count() if obj.pk else "-"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "topic":  # any module the organisation sees is a topic it can test
            kwargs["queryset"] = visible_modules_for(admin_organisation(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(KnowledgeTest)
class KnowledgeTestAdmin(PublishAction, OwnedContentAdmin):
    version_publish = staticmethod(lambda test: knowledge_test_publish(test=test))
    draft_path = "status"
    list_display = ["title", "key", "status", "published_at", "shared"]
    list_filter = ["status"]
    fields = ["key", "title", "description", "status", "published_at"]
    readonly_fields = ["status", "published_at"]
    inlines = [QuestionInline]
    actions = ["publish"]
    inline_writers = {
        KnowledgeQuestion: (
            lambda question, org: knowledge_question_save(question=question, organisation=org),
            lambda question, org: knowledge_question_delete(question=question, organisation=org),
        )
    }

    @admin.display(boolean=True, description=_("shared"))
    def shared(self, obj):
        return obj.is_shared

    def save_model(self, request, obj, form, change):
        knowledge_test_save(test=obj, organisation=admin_organisation(request))


class OptionInline(ScopedTabularInline):
    model = KnowledgeOption
    fields = ["position", "text", "is_correct", "feedback"]
    extra = 3


@admin.register(KnowledgeQuestion)
class KnowledgeQuestionAdmin(OwnedContentAdmin):
    owner_path = "test__owner"
    draft_path = "test__status"
    list_display = ["__str__", "key", "topic", "test"]
    search_fields = ["prompt", "key"]
    fields = ["test", "position", "key", "topic", "kind", "prompt", "explanation"]
    readonly_fields = ["test"]
    inlines = [OptionInline]
    inline_writers = {
        KnowledgeOption: (
            lambda option, org: knowledge_option_save(option=option, organisation=org),
            lambda option, org: knowledge_option_delete(option=option, organisation=org),
        )
    }

    def has_add_permission(self, request):
        return False  # questions are added on the test's page

    def has_module_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        knowledge_question_save(question=obj, organisation=admin_organisation(request))


@admin.register(MeasurementWindow)
class MeasurementWindowAdmin(OrganisationScopedAdmin):
    list_display = ["name", "test", "opens_at", "closes_at"]
    list_filter = ["test"]
    fields = ["test", "name", "opens_at", "closes_at"]

    def save_model(self, request, obj, form, change):
        measurement_window_save(window=obj, organisation=admin_organisation(request))
