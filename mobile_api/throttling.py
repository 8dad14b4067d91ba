from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class ScopedRateThrottleFromSettings(ScopedRateThrottle):
    """DRF's scoped throttle, reading its rates when asked (so overridden settings apply).

    Counters live in the default cache, shared by every worker process.
    """

    @property
    def THROTTLE_RATES(self):
        return api_settings.DEFAULT_THROTTLE_RATES
