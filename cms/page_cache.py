"""Whole-page cache for anonymous visitors of the portal (wagtail-cache).

Only Wagtail's page view is wrapped (laocai/urls.py), never the hotel UI, the police UI or
the API: those answer signed-in people, and an API call authenticated by a token looks
anonymous to any middleware. wagtail-cache itself skips signed-in users, previews,
responses that set a cookie and private or no-cache responses. Entries live
PAGE_CACHE_SECONDS (default 300) so data shown on pages but kept outside them (an
establishment's status, the events of the coming days) is never staler than that, and
the whole cache is cleared whenever a page is published, unpublished, moved or deleted.

The default backend is a file cache under var/cache/pages, shared by the workers of one
machine; several machines need a shared backend (Redis or memcached) in CACHES["pages"].
"""

from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtailcache.cache import cache_page, clear_cache

__all__ = ["cache_page", "connect_signals"]


def _clear(**kwargs):
    clear_cache()


def connect_signals() -> None:
    from django.db.models.signals import post_delete
    from wagtail.models import Page

    page_published.connect(_clear, dispatch_uid="page_cache_published")
    page_unpublished.connect(_clear, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(_clear, dispatch_uid="page_cache_moved")
    post_delete.connect(_clear, sender=Page, dispatch_uid="page_cache_deleted")
