"""Throttling of public receipt look-ups, by client address (the page and the API share
one budget, so a guesser gains nothing by switching doors).

The client's address is REMOTE_ADDR, or behind AXES_PROXY_COUNT proxies the address they
saw (DRF's NUM_PROXIES, set from the same variable): a client's own X-Forwarded-For is
never believed, or every guess could claim a new address.
"""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

THROTTLE_CACHE = "throttle"


class ReceiptLookupThrottle(SimpleRateThrottle):
    scope = "receipt_lookup"

    def __init__(self):
        # Shared by the machine's web processes where configured (settings.CACHES).
        self.cache = caches[THROTTLE_CACHE if THROTTLE_CACHE in settings.CACHES else "default"]
        super().__init__()

    def get_rate(self) -> str:
        return settings.RECEIPT_LOOKUP_RATE

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
