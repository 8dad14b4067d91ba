from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplimentsConfig(AppConfig):
    name = "campaigns.compliments"
    label = "compliments"
    verbose_name = _("Compliments")

    def ready(self):
        from backend.organisations.permissions import register_role_permissions
        from backend.organisations.roles import Role

        def model_permissions(model, actions=("view", "add", "change", "delete")):
            return {f"compliments.{action}_{model}" for action in actions}

        register_role_permissions(
            Role.CAMPAIGN_ORGANISER,
            model_permissions("campaign")
            | model_permissions("campaignvalue")
            | model_permissions("giftoption")
            | model_permissions("volunteer")
            | model_permissions("compliment", actions=("view", "change"))
            | model_permissions("citizencompliment", actions=("view", "change"))
            | model_permissions("publiccomplimentsettings", actions=("view", "add", "change")),
        )
