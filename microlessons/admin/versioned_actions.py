"""The admin actions every versioned, adaptable kind of content shares (lessons, simulations):
a new draft of one's own content, and an organisation's own copy of shared content. Each admin
names its services; the messages and checks live here once."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from backend.common.admin_scoping import admin_organisation
from backend.common.errors import DomainError
from backend.common.owned_content import may_edit


class VersionedContentActions:
    """Mix into a ModelAdmin and set ``actions = ["create_draft", "adapt"]``."""

    @staticmethod
    def draft_create(content):
        raise NotImplementedError

    @staticmethod
    def content_adapt(content, organisation):
        raise NotImplementedError

    @admin.action(description=_("Create a draft for a new version"))
    def create_draft(self, request, queryset):
        organisation = admin_organisation(request)
        for content in queryset:
            if not may_edit(content, organisation):
                self.message_user(
                    request,
                    _("%(item)s is not yours to change.") % {"item": content},
                    messages.ERROR,
                )
                continue
            draft = self.draft_create(content)
            self.message_user(request, _("Draft ready: %(draft)s") % {"draft": draft})

    @admin.action(description=_("Adapt for my organisation"))
    def adapt(self, request, queryset):
        organisation = admin_organisation(request)
        if organisation is None:
            self.message_user(request, _("Operators edit shared content directly."), messages.ERROR)
            return
        for content in queryset:
            try:
                copy = self.content_adapt(content, organisation)
            except DomainError as exc:
                self.message_user(request, f"{content}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, _("Own copy created: %(item)s") % {"item": copy})
