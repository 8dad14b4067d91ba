from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from backend.common.client_address import client_ip_address


class ScopedRateThrottleFromSettings(ScopedRateThrottle):
    """DRF's scoped throttle, reading its rates when asked (so overridden settings apply), and
    counting per client address as django-axes does (backend.common.client_address).

    Counters live in the default cache, shared by every worker process.
    """

    @property
    def THROTTLE_RATES(self):
        return api_settings.DEFAULT_THROTTLE_RATES

    def get_ident(self, request):
        return client_ip_address(request)
