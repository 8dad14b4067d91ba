from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RuleReportsConfig(AppConfig):
    name = "campaigns.rule_reports"
    label = "rule_reports"
    verbose_name = _("Rule reports")

    def ready(self):
        from backend.organisations.permissions import register_role_permissions
        from backend.organisations.roles import Role

        def model_permissions(model, actions=("view", "add", "change", "delete")):
            return {f"rule_reports.{action}_{model}" for action in actions}

        register_role_permissions(
            Role.RULE_COACH,
            model_permissions("rulereport", actions=("view", "change"))
            | model_permissions("reporttransition", actions=("view",))
            | model_permissions("triagesession", actions=("view", "add", "change"))
            | model_permissions("triagedecision", actions=("view",))
            | model_permissions("escalation", actions=("view",))
            | model_permissions("programme", actions=("view", "add", "change")),
        )
