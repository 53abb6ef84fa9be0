"""Request budgets of the API, counted in the cache the machine's web processes share.

Public receipt look-ups are counted by client address (the page and the API share one
budget, so a guesser gains nothing by switching doors). The client's address is
REMOTE_ADDR, or behind AXES_PROXY_COUNT proxies the address they saw (DRF's NUM_PROXIES,
set from the same variable): a client's own X-Forwarded-For is never believed, or every
guess could claim a new address.

Document scans are counted by account: reading a photo costs seconds of a web worker, so
one account (or a leaked token) cannot keep the workers busy.
"""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

THROTTLE_CACHE = "throttle"


class SharedCacheThrottle(SimpleRateThrottle):
    rate_setting = ""

    def __init__(self):
        # Shared by the machine's web processes where configured (settings.CACHES).
        self.cache = caches[THROTTLE_CACHE if THROTTLE_CACHE in settings.CACHES else "default"]
        super().__init__()

    def get_rate(self) -> str:
        return getattr(settings, self.rate_setting)


class ReceiptLookupThrottle(SharedCacheThrottle):
    scope = "receipt_lookup"
    rate_setting = "RECEIPT_LOOKUP_RATE"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ScanThrottle(SharedCacheThrottle):
    scope = "scan"
    rate_setting = "SCAN_RATE"

    def get_cache_key(self, request, view) -> str:
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
