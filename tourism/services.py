"""Writes to the page tree: sections, destinations and attractions in every content language."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site

from cms import translations
from cms.models import Commune, HomePage
from cms.streams import block_format, keep_block_ids
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
    # StreamFields written from plain data are stored as the page editor stores them, so
    # every block (a fact, a stop of a day) can be translated.
    for field in _stream_fields(page):
        setattr(page, field.name, field.to_python(block_format(field, getattr(page, field.name))))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def set_fields(page: Page, values: dict) -> None:
    """Set field values on a page; a StreamField keeps the ids of the blocks that stay in
    place, so the translations of their texts stay attached to them."""
    streams = {field.name: field for field in _stream_fields(page)}
    for name, value in values.items():
        if name in streams and page.pk is not None:
            value = keep_block_ids(streams[name], value, getattr(page, name))
        setattr(page, name, value)


def _stream_fields(page: Page) -> list[StreamField]:
    return [field for field in page._meta.get_fields() if isinstance(field, StreamField)]


def translate(page: Page, language: str, *, tool_name: str = "", **fields) -> Page:
    """Create or update the page's translation into `language` as a wagtail-localize
    translation of the (published) page, with `fields` as the translated values, and
    publish it; parents are translated first."""
    locale = locale_for(language)
    if page.get_translation_or_none(locale) is None:
        parent = page.get_parent()
        if parent.depth > 1 and parent.get_translation_or_none(locale) is None:
            translate(parent.specific, language, tool_name=tool_name)
    return translations.translate_page(page, locale, fields, tool_name=tool_name).specific


def _needs_translating(page: Page, language: str) -> bool:
    """No translation into `language` yet, or one made before pages were linked."""
    translation = page.get_translation_or_none(locale_for(language))
    return translation is None or translations.translated_from(translation) is None


@transaction.atomic
def ensure_sections() -> dict[type, Page]:
    """The section index pages under the home page, published in every content language."""
    home = home_page()
    for language in content_languages():
        if language != home.locale.language_code and _needs_translating(home, language):
            # The slug Wagtail gives a copy of the root page beside the original.
            translate(home, language, slug=f"{home.slug}-{language}",
                      **({"title": "Lào Cai Tourism"} if language == "en" else {}))
    sections = {}
    for model, slug, titles in SECTIONS:
        section = model.objects.child_of(home).first()
        if section is None:
            section = model(title=titles[home.locale.language_code], slug=slug, show_in_menus=True)
            home.add_child(instance=section)
            section = publish(section)
        for language in content_languages():
            if language != section.locale.language_code and \
                    _needs_translating(section, language):
                translate(section, language, slug=slug,
                          **({"title": titles[language]} if language in titles else {}))
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
    tool_name: str = "",
) -> tuple[Page, bool]:
    """Create or update a destination (kind "destination") or an attraction, in every language.

    `fields` are shared by every translation (hero image, coordinates, ...);
    `translated_fields` hold per-language values (body, tips, how to get there, ...).
    The other languages' pages are wagtail-localize translations of the default-language
    page, their titles and summaries (when given) the translations of its texts;
    `tool_name` tells translators where those came from.
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

    def translated(lang: str) -> dict:
        # A language without a title or summary gets none: its page shows the source
        # text, marked untranslated, until a translator writes one.
        values = {"slug": slug, **translated_fields.get(lang, {})}
        if titles.get(lang):
            values["title"] = normalize(titles[lang])
        if summaries.get(lang):
            values["summary"] = normalize(summaries[lang])
        return values

    own = {"summary": "", **translated(language), **shared}
    if created:
        index = ensure_sections()[DestinationIndexPage]
        page = model(**own)
        index.add_child(instance=page)
    else:
        set_fields(page, own)
    page.tags.set(tags)
    page = publish(page)
    for lang in content_languages():
        if lang != language:
            translate(page, lang, tool_name=tool_name, **translated(lang))
    return page, created
