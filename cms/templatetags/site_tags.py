"""Site-wide template tags: the language links every page carries."""

from django import template
from django.conf import settings
from django.urls import translate_url
from wagtail.models import Page

register = template.Library()


def _page_translations(page: Page, request) -> dict[str, str]:
    """Language code → URL of each live translation of a Wagtail page.

    Routable sub-pages (a month of the calendar, one establishment) keep their sub-path.
    Looked up once per request: the head and the language switcher both need them.
    """
    memo = request.__dict__.setdefault("_page_translations", {})
    if page.pk not in memo:
        memo[page.pk] = _look_up_translations(page, request)
    return memo[page.pk]


def _look_up_translations(page: Page, request) -> dict[str, str]:
    own_url = page.get_url(request)
    sub_path = ""
    if own_url and request.path.startswith(own_url):
        sub_path = request.path[len(own_url):]
    languages = {code for code, _name in settings.LANGUAGES}
    urls = {}
    for translation in page.get_translations(inclusive=True).live().select_related("locale"):
        code = translation.locale.language_code
        url = translation.get_url(request) if code in languages else None
        if url:
            urls[code] = url + sub_path
    return urls


@register.simple_tag(takes_context=True)
def page_alternates(context):
    """(language code, absolute URL) of each live translation of the current page."""
    page, request = context.get("page"), context.get("request")
    if not isinstance(page, Page) or request is None:
        return []
    return sorted((code, request.build_absolute_uri(url))
                  for code, url in _page_translations(page, request).items())


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name, URL) of this page in every language: plain links, no form.

    A link needs no CSRF token, so public pages set no cookie and can be cached whole.
    A Wagtail page links to its translation (or that language's home page when it has
    none); other views to the same path under the other language prefix.
    """
    page, request = context.get("page"), context.get("request")
    if request is None:
        return []
    translations = _page_translations(page, request) if isinstance(page, Page) else {}
    links = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code)
        if url is None:
            fallback = "/" if isinstance(page, Page) else request.get_full_path()
            url = translate_url(fallback, code)
        links.append((code, name, url))
    return links
