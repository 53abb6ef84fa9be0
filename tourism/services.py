"""Writes to the page tree: sections, destinations and attractions in every content language."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.models import Commune, HomePage
from cms.text import normalize
from tourism.models import (
    AccommodationIndexPage,
    ArticleIndexPage,
    AttractionPage,
    DestinationIndexPage,
    DestinationPage,
    EventIndexPage,
    ItineraryIndexPage,
)

DESTINATION = "destination"

# Section pages under the home page: (model, slug, title per language).
SECTIONS = [
    (DestinationIndexPage, "destinations", {"vi": "Điểm đến", "en": "Destinations"}),
    (EventIndexPage, "events", {"vi": "Sự kiện", "en": "Events"}),
    (ItineraryIndexPage, "itineraries", {"vi": "Lịch trình gợi ý", "en": "Itineraries"}),
    (AccommodationIndexPage, "places-to-stay", {"vi": "Nơi lưu trú", "en": "Places to stay"}),
    (ArticleIndexPage, "news", {"vi": "Tin tức và mẹo du lịch", "en": "News and travel tips"}),
]


def default_language() -> str:
    return settings.LANGUAGE_CODE.split("-")[0]


def content_languages() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def locale_for(language: str) -> Locale:
    return Locale.objects.get_or_create(language_code=language)[0]


def home_page() -> HomePage:
    """The home page of the default site, in the default language."""
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    return site.root_page.specific


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page: Page, language: str, tags: list[str] | None = None, **fields) -> Page:
    """Create or update the page's translation, publish it; parents are translated first."""
    locale = locale_for(language)
    translation = page.get_translation_or_none(locale)
    if translation is None:
        parent = page.get_parent()
        if parent.depth > 1 and parent.get_translation_or_none(locale) is None:
            translate(parent.specific, language)
        translation = page.copy_for_translation(locale)
    translation = translation.specific
    for name, value in fields.items():
        setattr(translation, name, value)
    if tags is not None:
        translation.tags.set(tags)
    return publish(translation)


@transaction.atomic
def ensure_sections() -> dict[type, Page]:
    """The section index pages under the home page, published in every content language."""
    home = home_page()
    for language in content_languages():
        if language != home.locale.language_code and \
                home.get_translation_or_none(locale_for(language)) is None:
            translate(home, language, title={"en": "Lào Cai Tourism"}.get(language, home.title))
    sections = {}
    for model, slug, titles in SECTIONS:
        section = model.objects.child_of(home).first()
        if section is None:
            section = model(title=titles[home.locale.language_code], slug=slug, show_in_menus=True)
            home.add_child(instance=section)
            section = publish(section)
        for language in content_languages():
            if language != section.locale.language_code and \
                    section.get_translation_or_none(locale_for(language)) is None:
                translate(section, language, title=titles.get(language, section.title))
        sections[model] = section
    return sections


def find_place(slug: str) -> DestinationPage | AttractionPage | None:
    """A destination or attraction in the default language, by its slug."""
    locale = locale_for(default_language())
    for model in (DestinationPage, AttractionPage):
        page = model.objects.filter(locale=locale, slug=slug).first()
        if page is not None:
            return page
    return None


@transaction.atomic
def save_place(
    *,
    slug: str,
    kind: str,
    titles: dict[str, str],
    summaries: dict[str, str],
    commune: Commune | None,
    latitude: Decimal | None,
    longitude: Decimal | None,
    tags: list[str],
    fields: dict | None = None,
    translated_fields: dict[str, dict] | None = None,
) -> tuple[Page, bool]:
    """Create or update a destination (kind "destination") or an attraction, in every language.

    `fields` are shared by every translation (hero image, coordinates, ...);
    `translated_fields` hold per-language values (body, tips, how to get there, ...).
    Returns the page in the default language and whether it was created.
    """
    language = default_language()
    model = DestinationPage if kind == DESTINATION else AttractionPage
    translated_fields = translated_fields or {}
    page = find_place(slug)
    created = page is None
    if page is not None and not isinstance(page, model):
        raise ValueError(f"{slug} is a {page._meta.verbose_name}, not a {model._meta.verbose_name}")
    shared = {"commune": commune, "latitude": latitude, "longitude": longitude, **(fields or {})}
    if kind != DESTINATION:
        shared["kind"] = kind

    def own_fields(lang: str) -> dict:
        values = {"title": normalize(titles.get(lang) or titles[language]),
                  "summary": normalize(summaries.get(lang) or summaries.get(language, "")),
                  **shared, **translated_fields.get(lang, {})}
        if lang == language:
            values["slug"] = slug
        return values

    if created:
        index = ensure_sections()[DestinationIndexPage]
        page = model(**own_fields(language))
        index.add_child(instance=page)
    else:
        for name, value in own_fields(language).items():
            setattr(page, name, value)
    page.tags.set(tags)
    page = publish(page)
    for lang in content_languages():
        if lang == language:
            continue
        translate(page, lang, tags=tags, **own_fields(lang))
    return page, created
