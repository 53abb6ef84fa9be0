"""seed_demo fills the portal with real Lào Cai content and can run again without duplicates."""

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, TranslationContext, TranslationSource

from cms import translations
from cms.models import Commune, ImageCredit, Licence
from lodging.models import Establishment
from tourism.models import (
    ArticlePage,
    AttractionPage,
    DestinationPage,
    EventPage,
    ItineraryPage,
)

pytestmark = pytest.mark.django_db


def counts():
    return {
        "destinations": DestinationPage.objects.count(),
        "attractions": AttractionPage.objects.count(),
        "events": EventPage.objects.count(),
        "itineraries": ItineraryPage.objects.count(),
        "articles": ArticlePage.objects.count(),
        "establishments": Establishment.objects.count(),
        "images": Image.objects.count(),
        "pages": Page.objects.count(),
        # Run again, the blocks keep their ids: no new place for a translation.
        "translation contexts": TranslationContext.objects.count(),
        "translated texts": StringTranslation.objects.count(),
    }


def test_seed_demo_fills_the_portal_and_is_idempotent(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    first = counts()
    vi = Locale.objects.get(language_code="vi")
    places = DestinationPage.objects.filter(locale=vi).count() + \
        AttractionPage.objects.filter(locale=vi).count()
    assert places >= 25
    assert EventPage.objects.filter(locale=vi).count() == 10
    assert ItineraryPage.objects.filter(locale=vi).count() == 3
    assert first["establishments"] == 20
    # Every page exists in English too.
    for model in (DestinationPage, AttractionPage, EventPage, ItineraryPage, ArticlePage):
        assert model.objects.filter(locale__language_code="en").count() == \
            model.objects.filter(locale=vi).count()

    lao_cai = set(Commune.objects.in_lao_cai().values_list("pk", flat=True))
    assert {e.commune_id for e in Establishment.objects.all()} <= lao_cai
    assert {p.commune_id for p in AttractionPage.objects.all()} <= lao_cai
    for page in [*DestinationPage.objects.all(), *AttractionPage.objects.all()]:
        assert 20.8 < page.latitude < 22.9 and 103.4 < page.longitude < 105.1, page.slug
        assert page.hero_image_id and page.hero_image_alt, page.slug
    assert Establishment.objects.filter(name__startswith="Sapa ").count() >= 3
    assert Establishment.objects.filter(name="Cát Cát Valley Homestay").exists()
    fansipan = AttractionPage.objects.get(locale=vi, slug="fansipan")
    assert fansipan.kind == "mountain"
    assert fansipan.get_translation(Locale.objects.get(language_code="en")).title == "Fansipan"

    # Every English page is wagtail-localize's translation of the Vietnamese one, every
    # text translated, none out of date: editing a Vietnamese page will mark it.
    sources = TranslationSource.objects.all()
    assert sources.count() == Page.objects.filter(locale__language_code="en").count() == 50
    for source in sources:
        translation = source.translations.get(target_locale__language_code="en")
        total, translated = translation.get_progress()
        assert total == translated, source.object_repr
        assert not translations.is_out_of_date(source), source.object_repr
    # Every picture says where it comes from.
    assert ImageCredit.objects.filter(licence=Licence.CC0).exclude(credit="").count() == \
        first["images"]

    call_command("seed_demo")
    assert counts() == first
    for source in TranslationSource.objects.all():
        assert not translations.is_out_of_date(source), source.object_repr

    assert client.get("/").status_code == 200
    html = client.get("/en/").content.decode()
    assert "Sa Pa" in html and "Bắc Hà Sunday market" in html
    html = client.get("/en/destinations/sa-pa/").content.decode()
    assert "Photo: Cổng du lịch Lào Cai (ảnh minh họa mẫu)" in html
    assert 'rel="license">CC0 1.0</a>' in html
