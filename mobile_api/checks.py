"""System checks that guard a production installation (run by ``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, register

from mobile_api.firebase import EMULATOR_HOST_ENV_VAR, emulator_host


@register(deploy=True)
def firebase_auth_emulator_not_in_production(app_configs, **kwargs):
    if settings.PRODUCTION and emulator_host():
        return [
            Error(
                f"{EMULATOR_HOST_ENV_VAR} is set: the Firebase Admin SDK would accept unsigned "
                "ID tokens, so anybody could sign in as any employee.",
                hint=f"Remove {EMULATOR_HOST_ENV_VAR} from the production environment.",
                id="dienst_dna.E001",
            )
        ]
    return []
