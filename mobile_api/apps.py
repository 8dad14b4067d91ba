from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobileApiConfig(AppConfig):
    name = "mobile_api"
    verbose_name = _("Mobile API")

    def ready(self):
        from mobile_api import (  # noqa: F401  (registers deploy checks and security schemes)
            authentication,
            checks,
        )
        from mobile_api.cors import connect

        connect()
