"""The admin actions versioned content shares: publishing (lesson and simulation versions,
knowledge tests), a new draft of one's own content, and an organisation's own copy of shared
content (lessons, simulations). Each admin names its services; the checks and messages live
here once."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from backend.common.admin_scoping import admin_organisation, domain_error_message
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


class PublishAction:
    """Mix into a ModelAdmin and set ``actions = ["publish"]``; ``owned_path`` leads from the
    published row to the content whose owner may publish it ("" for the row itself)."""

    owned_path = ""

    @staticmethod
    def version_publish(version):
        raise NotImplementedError

    @admin.action(description=_("Publish"))
    def publish(self, request, queryset):
        organisation = admin_organisation(request)
        if self.owned_path:
            queryset = queryset.select_related(self.owned_path)
        for version in queryset:
            owned = getattr(version, self.owned_path) if self.owned_path else version
            if not may_edit(owned, organisation):
                self.message_user(
                    request, _("%(v)s is not yours.") % {"v": version}, messages.ERROR
                )
                continue
            try:
                self.version_publish(version)
            except DomainError as exc:
                self.message_user(
                    request, f"{version}: {domain_error_message(exc)}", messages.ERROR
                )
            else:
                self.message_user(request, _("Published: %(v)s") % {"v": version})
