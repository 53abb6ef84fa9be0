"""Editors work in Vietnamese unless they choose English in their account, and every label
of our own in the editor (fields, help texts, blocks) has its Vietnamese text."""

import json
import re

import pytest
from django.utils import translation
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.users.models import UserProfile

from cms.models import HomePage, HomePageFeaturedDestination, ImageCredit
from tourism.models import (
    ArticleIndexPage,
    ArticlePage,
    AttractionPage,
    DestinationIndexPage,
    DestinationPage,
    EventIndexPage,
    EventPage,
    ItineraryIndexPage,
    ItineraryPage,
)

pytestmark = pytest.mark.django_db


def admin_language(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def test_the_admin_is_vietnamese_even_for_an_english_browser(admin_client):
    html = admin_client.get("/cms-admin/", HTTP_ACCEPT_LANGUAGE="en-GB,en").content.decode()
    assert admin_language(html) == "vi"
    assert json.dumps("Nhập điểm đến") in html  # the menu, as JSON for its script


def test_an_editor_who_prefers_english_gets_english(admin_client, admin_user):
    UserProfile.objects.update_or_create(user=admin_user, defaults={"preferred_language": "en"})
    html = admin_client.get("/cms-admin/").content.decode()
    assert admin_language(html) == "en"
    assert json.dumps("Import destinations") in html


def test_the_account_offers_the_sites_languages(admin_client):
    html = admin_client.get("/cms-admin/account/").content.decode()
    offered = set(re.findall(r'<option value="([a-z-]+)"[^>]*>[^<]*</option>',
                             html.split('name="locale-preferred_language"')[1].split(
                                 "</select>")[0]))
    assert offered == {"vi", "en"}


OUR_MODELS = [HomePage, HomePageFeaturedDestination, ImageCredit, DestinationIndexPage,
              DestinationPage, AttractionPage, EventIndexPage, EventPage, ItineraryIndexPage,
              ItineraryPage, ArticleIndexPage, ArticlePage]


def _in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def _block_labels(block):
    yield block.label
    if isinstance(block, blocks.ListBlock):
        yield from _block_labels(block.child_block)
    for child in getattr(block, "child_blocks", {}).values():
        yield from _block_labels(child)


def _panel_help_texts(panel) -> dict:
    """The help texts the editor's panels give instead of their fields' own."""
    found = {}
    if getattr(panel, "field_name", None) and panel.help_text is not None:
        found[panel.field_name] = panel.help_text
    for child in getattr(panel, "children", []):
        found.update(_panel_help_texts(child))
    return found


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model.__name__)
def test_our_labels_and_help_texts_are_in_vietnamese(model):
    texts = [model._meta.verbose_name]
    panel_help = _panel_help_texts(model.get_edit_handler()) if hasattr(
        model, "get_edit_handler") else {}
    for field in model._meta.get_fields():
        # What an editor fills in (not Page's own fields, nor Wagtail's generic relations).
        if getattr(field, "model", None) is not model or field.auto_created or \
                not getattr(field, "editable", False) or isinstance(field, ParentalKey):
            continue
        help_text = panel_help.get(field.name, field.help_text)
        texts += [field.verbose_name, *([help_text] if help_text else [])]
        if isinstance(field, StreamField):
            texts += [label for label in _block_labels(field.stream_block) if label]
        texts += [label for _value, label in getattr(field, "choices", None) or []]
    untranslated = {_in("en", text) for text in texts
                    if _in("vi", text) == _in("en", text) and re.search(r"[a-z]{3}", str(text))}
    # Names of licences and proper names read the same in both languages.
    assert untranslated <= {"CC BY 4.0", "CC BY-SA 4.0", "CC0 1.0"}, untranslated
