"""Pages in other languages as wagtail-localize translations of their source page.

wagtail-localize knows a page as a translation only through its own records: a
TranslationSource (the source page's content, frozen when it was last synced), a
Translation per target language, and a StringTranslation per translated string. Pages
written by code (the demo content, the spreadsheet import) get the same records as the
admin's "Translate this page" would create, with the given texts as the translations, so
that editing the source page marks them out of date and "Sync translated pages" works.

Nothing here knows a page type: fields come from wagtail-localize's own list of what is
translated and what is synchronised (a model's `override_translatable_fields`).
"""

import json
from collections import defaultdict

from django.db import models, transaction
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import OverridableSegmentValue, StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from cms.streams import keep_block_ids


@transaction.atomic
def translate_page(page: Page, locale: Locale, values: dict | None = None, *,
                   user=None, tool_name: str = "") -> Page:
    """Create or update the published translation of `page` (published) into `locale`.

    `values` are the translation's own field values (title, summary, body, ...); each
    text in them is stored as the translation of the source text at the same place
    (StreamField blocks are matched by position and type). Fields not given keep their
    existing translations, or show the source text until someone translates them; the
    first time an existing page is linked, its current texts are its translations.
    Synchronised fields (coordinates, dates, pictures...) always come from the source.
    `tool_name` is shown to translators beside each stored text ("Translated with ...").
    """
    page = page.specific
    values = values or {}
    source, _created = TranslationSource.update_or_create_from_instance(page)
    existing = page.get_translation_or_none(locale)
    translation, created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True})
    if existing is not None and created:  # a page made before it was linked: its texts
        target = existing.specific
        fields = {field.field_name for field in get_translatable_fields(type(page))}
    else:
        target = source.as_instance()
        fields = set(values)
    _apply(target, values, reference=page)
    _store_texts(source, locale, target, fields, user=user, tool_name=tool_name)

    translated, _created = source.create_or_update_translation(
        locale, user=user, publish=False, copy_parent_pages=True, fallback=True)
    # Published here rather than on commit as wagtail-localize does: the caller (an
    # import, the demo content) reads the published translation in the same transaction.
    translated.get_latest_revision().publish(user=user)
    translated.refresh_from_db()
    return translated


def unlinked_translations():
    """(source, translated page) for every live page in another language that
    wagtail-localize does not know as a translation of the default-language page.

    Pages translated before translations were linked (by copying, or by the first
    versions of the import and the demo content); parents come before their children.
    """
    default = Locale.get_default()
    for page in Page.objects.filter(locale=default, depth__gt=1, live=True).order_by("path"):
        for translated in page.get_translations().filter(live=True, alias_of=None):
            if translated_from(translated) is None:
                yield page, translated


def _apply(target, values: dict, *, reference) -> None:
    for name, value in values.items():
        setattr(target, name, value)
    for field in type(target)._meta.get_fields():
        if isinstance(field, StreamField):
            # The source's block ids, so that a block's text lands in that block's context.
            setattr(target, field.name, keep_block_ids(
                field, getattr(target, field.name), getattr(reference, field.name)))


def _store_texts(source, locale, target, fields: set, *, user, tool_name) -> None:
    """The target's texts as translations of the source's segments, field by field."""
    texts = defaultdict(list)
    overrides = {}
    for segment in extract_segments(target):
        if isinstance(segment, StringSegmentValue):
            texts[segment.path].append(segment.string.data)
        elif isinstance(segment, OverridableSegmentValue):
            overrides[segment.path] = segment.data
    strings = defaultdict(list)
    for segment in (StringSegment.objects.filter(source=source)
                    .select_related("string", "context").order_by("order")):
        strings[segment.context.path].append(segment)
    for path, segments in strings.items():
        if _field_name(path) not in fields or len(texts[path]) != len(segments):
            continue  # not given, or shaped differently: left for a translator
        for segment, text in zip(segments, texts[path], strict=True):
            StringTranslation.objects.update_or_create(
                translation_of=segment.string, locale=locale, context=segment.context,
                defaults={"data": text, "translation_type": "manual", "tool_name": tool_name,
                          "last_translated_by": user, "has_error": False, "field_error": ""})
    for segment in OverridableSegment.objects.filter(source=source).select_related("context"):
        path = segment.context.path
        if _field_name(path) not in fields:
            continue
        value = overrides.get(path)
        if value is None or value == segment.data:
            SegmentOverride.objects.filter(locale=locale, context=segment.context).delete()
        else:  # e.g. another picture for this language
            SegmentOverride.objects.update_or_create(
                locale=locale, context=segment.context,
                defaults={"data_json": json.dumps(value), "last_translated_by": user,
                          "has_error": False, "field_error": ""})


def _field_name(path: str) -> str:
    return path.split(".", 1)[0]


# -- Out of date ------------------------------------------------------------------------

def source_of(page: Page) -> TranslationSource | None:
    """The TranslationSource of `page` when it has enabled translations to keep in sync."""
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None or not source.translations.filter(enabled=True).exists():
        return None
    return source


def translated_from(page: Page) -> TranslationSource | None:
    """The TranslationSource `page` is an enabled translation of, if it is one."""
    translation = (Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True)
        .select_related("source__locale").first())
    return translation.source if translation else None


def is_out_of_date(source: TranslationSource) -> bool:
    """Whether the source page changed since its translations were last synced.

    Every field wagtail-localize translates or synchronises is compared between the
    published source page and the content the translations were made from, so
    publishing again without a change marks nothing, and moving a map point does.
    """
    try:
        live = source.get_source_instance()
    except models.ObjectDoesNotExist:
        return False
    return _fingerprint(live) != _fingerprint(source.as_instance())


def target_locales(source: TranslationSource) -> list[Locale]:
    return [translation.target_locale for translation in
            source.translations.filter(enabled=True).select_related("target_locale")]


def _fingerprint(instance) -> list:
    values = []
    for translatable in get_translatable_fields(type(instance)):
        field = translatable.get_field(type(instance))
        if isinstance(field, models.ManyToOneRel):  # child objects: tags, ordered lists
            children = getattr(instance, field.get_accessor_name()).all()
            values.append((field.name, [_child_values(child, field) for child in children]))
        elif isinstance(field, StreamField):  # compared as data: key order is no change
            values.append((field.name, json.loads(field.value_to_string(instance))))
        elif field.concrete and not field.many_to_many:
            values.append((field.name, field.value_to_string(instance)))
    return values


def _child_values(child, relation) -> list:
    parent_link = relation.field.name
    return [(field.name, field.value_to_string(child)) for field in child._meta.concrete_fields
            if not field.primary_key and field.name != parent_link]
