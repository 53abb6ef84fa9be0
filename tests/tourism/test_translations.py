"""Editors translate in wagtail-localize: the English page of an imported place is its
translation, an edit of the Vietnamese page marks it out of date, and a sync brings the
change over; coordinates, dates and numbers are never offered to translators."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from cms import translations
from tourism import services
from tourism.models import (
    ArticlePage,
    AttractionPage,
    DestinationIndexPage,
    DestinationPage,
    EventPage,
    ItineraryPage,
)

pytestmark = pytest.mark.django_db


def english_of(page):
    return page.get_translation(Locale.objects.get(language_code="en")).specific


def translated_texts(page) -> dict:
    """The English translation of each of the page's texts, by field path."""
    source = TranslationSource.objects.get_for_instance(page)
    found = {}
    for segment in StringSegment.objects.filter(source=source).select_related("context"):
        translation = StringTranslation.objects.filter(
            translation_of=segment.string_id, context=segment.context,
            locale__language_code="en").first()
        found[segment.context.path] = translation.data if translation else None
    return found


def english_translation(page):
    return TranslationSource.objects.get_for_instance(page).translations.get(
        target_locale__language_code="en")


def test_an_imported_place_is_translated_in_wagtail_localize(make_place):
    sa_pa = make_place(title_en="Sa Pa town")

    translation = english_translation(sa_pa)
    assert translation.enabled
    total, translated = translation.get_progress()
    assert total == translated == 3
    assert translated_texts(sa_pa) == {
        "title": "Sa Pa town", "slug": "sa-pa", "summary": "Summary of Sa Pa town"}
    english = english_of(sa_pa)
    assert english.live and english.title == "Sa Pa town"
    assert english.url == "/en/destinations/sa-pa/"
    assert [tag.name for tag in english.tags.all()] == ["núi"]
    assert not translations.is_out_of_date(translation.source)


def test_a_place_without_an_english_title_waits_for_a_translator(make_place):
    sa_pa = make_place(title_en="")
    assert translated_texts(sa_pa)["title"] is None
    assert english_of(sa_pa).title == "Sa Pa"  # the Vietnamese text, shown until translated


def test_an_edit_marks_the_english_out_of_date_and_a_sync_brings_it_over(
        make_place, admin_client, django_capture_on_commit_callbacks):
    sa_pa = make_place(title_en="Sa Pa town")
    english = english_of(sa_pa)
    source = TranslationSource.objects.get_for_instance(sa_pa)

    services.publish(sa_pa)  # published again, unchanged: nothing to sync
    assert not translations.is_out_of_date(source)
    sa_pa.summary = "Thị trấn trong mây"
    sa_pa.latitude += 1
    services.publish(sa_pa)
    assert translations.is_out_of_date(source)

    sync_url = reverse("wagtail_localize:update_translations", args=[source.pk])
    html = admin_client.get(f"/cms-admin/pages/{sa_pa.pk}/edit/").content.decode()
    assert "Bản dịch của trang này đã lỗi thời (English)" in html
    assert sync_url in html
    html = admin_client.get(f"/cms-admin/pages/{english.pk}/edit/").content.decode()
    assert "Bản dịch này đã lỗi thời: trang Tiếng Việt “Sa Pa”" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(sync_url, {"publish_translations": "on"})
    assert response.status_code == 302
    source.refresh_from_db()
    assert not translations.is_out_of_date(source)
    english = english_of(sa_pa)
    assert english.title == "Sa Pa town", "the translated title is kept"
    assert english.summary == "Thị trấn trong mây", "the new text, until it is translated"
    assert english.latitude == sa_pa.latitude
    total, translated = english_translation(sa_pa).get_progress()
    assert translated == total - 1
    html = admin_client.get(f"/cms-admin/pages/{sa_pa.pk}/edit/").content.decode()
    assert "lỗi thời" not in html


def test_publishing_a_change_offers_the_sync(make_place, admin_client):
    sa_pa = make_place()
    response = admin_client.post(f"/cms-admin/pages/{sa_pa.pk}/edit/", {
        "title": "Sa Pa", "slug": "sa-pa", "summary": "Thị trấn trong mây",
        "best_season": "all_year", "body-count": "0", "latitude": "22.3363",
        "longitude": "103.8438", "commune": sa_pa.commune_id, "action-publish": "1",
        "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0", "comments-MAX_NUM_FORMS": "1000",
    }, follow=True)
    html = response.content.decode()
    assert "Bản dịch của trang này đã lỗi thời (English)" in html, html[:3000]
    assert "Đồng bộ bản dịch" in html


def test_an_english_page_made_before_the_link_keeps_its_texts(sections):
    """Sites that translated before the link: `manage.py link_translations` links them."""
    index = sections[DestinationIndexPage]
    sa_pa = DestinationPage(title="Sa Pa", slug="sa-pa", summary="Thị trấn trong sương",
                            body=[{"type": "paragraph", "value": "<p>Nhà thờ đá.</p>"}])
    index.add_child(instance=sa_pa)
    services.publish(sa_pa)
    english = sa_pa.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title, english.summary = "Sa Pa town", "The misty town"
    english.body = [{"type": "paragraph", "value": "<p>The stone church.</p>"}]  # new block ids
    english.save_revision().publish()

    out = io.StringIO()
    call_command("link_translations", stdout=out)
    assert "1 translations linked" in out.getvalue()

    texts = translated_texts(sa_pa)
    assert texts["title"] == "Sa Pa town" and texts["summary"] == "The misty town"
    assert "The stone church." in texts.values()
    english = english_of(sa_pa)
    assert english.title == "Sa Pa town" and "The stone church." in str(english.body)
    call_command("link_translations", stdout=out)
    assert "0 translations linked" in out.getvalue()


def test_importing_again_keeps_the_blocks_and_their_translations(make_place):
    bodies = {
        "vi": {"body": [{"type": "paragraph", "value": "<p>Nhà thờ đá.</p>"},
                        {"type": "fact_box", "value": {"title": "Thông tin", "facts": [
                            {"label": "Độ cao", "value": "1.600 m"}]}}]},
        "en": {"body": [{"type": "paragraph", "value": "<p>The stone church.</p>"},
                        {"type": "fact_box", "value": {"title": "Facts", "facts": [
                            {"label": "Altitude", "value": "1,600 m"}]}}]},
    }
    sa_pa = make_place(translated_fields=bodies)
    contexts = TranslationContext.objects.count()
    assert sorted(t for t in translated_texts(sa_pa).values() if t) == sorted(
        ["Sa Pa", "sa-pa", "Summary of Sa Pa", "The stone church.", "Facts", "Altitude",
         "1,600 m"])

    sa_pa = make_place(translated_fields=bodies)
    assert TranslationContext.objects.count() == contexts
    assert "Altitude" in str(english_of(sa_pa).body)


NON_TEXT = {
    DestinationPage: {"commune", "latitude", "longitude", "best_season"},
    AttractionPage: {"commune", "latitude", "longitude", "kind"},
    EventPage: {"commune", "latitude", "longitude", "start_date", "end_date", "start_time",
                "end_time", "recurrence", "repeat_until"},
    ItineraryPage: {"distance_km", "best_season", "difficulty"},
    ArticlePage: {"date"},
}


@pytest.mark.parametrize("model", NON_TEXT)
def test_numbers_dates_and_places_are_never_offered_to_translators(model):
    fields = {field.field_name: field for field in get_translatable_fields(model)}
    for name in NON_TEXT[model]:
        assert isinstance(fields[name], SynchronizedField), name
        assert not fields[name].is_overridable(model()), name
    # And no other field of the page type that is not text is translated.
    text = (models.CharField, models.TextField, RichTextField, StreamField)
    for field in model._meta.get_fields():
        if field.name in fields and field.model is not Page and \
                fields[field.name].is_translated(model()):
            assert isinstance(field, text) and not getattr(field, "choices", None), field.name


def test_translators_see_words_not_coordinates(make_event):
    event = make_event("cho-phien", "Chợ phiên Bắc Hà", datetime.date(2026, 1, 4),
                       recurrence="weekly")
    texts = [segment.string.data for segment in extract_segments(event)
             if isinstance(segment, StringSegmentValue)]
    assert "Chợ phiên Bắc Hà" in texts
    assert all(any(ch.isalpha() for ch in text) for text in texts), texts
    paths = {segment.path.split(".")[0] for segment in extract_segments(event)}
    assert not paths & NON_TEXT[EventPage]
