"""Editors publish tourism pages; the outbox brings them to search in each language."""

from decimal import Decimal

import pytest

from cms.models import Commune
from search.indexes import ensure_index
from search.models import IndexOutbox
from search.outbox import drain
from search.queries import PublicSearch
from search.registry import registry
from tourism import services
from tourism.models import AttractionPage

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def publish_cat_cat():
    page, _created = services.save_place(
        slug="cat-cat", kind="village",
        titles={"vi": "Bản Cát Cát", "en": "Cát Cát Village"},
        summaries={"vi": "Bản của người Mông dưới chân núi.",
                   "en": "Hmong village below Sa Pa, with a waterfall."},
        commune=Commune.objects.get(code="03006"),
        latitude=Decimal("22.3290"), longitude=Decimal("103.8320"), tags=["trekking"])
    return page


def test_publishing_a_page_indexes_each_translation(clean_indexes):
    for doc_cls in registry.public():
        ensure_index(doc_cls)
    page = publish_cat_cat()
    assert IndexOutbox.objects.filter(model_label="tourism.attractionpage").count() >= 2
    drain()
    assert not IndexOutbox.objects.exists()
    vi = PublicSearch(q="cat cat", lang="vi").execute()["results"]
    en = PublicSearch(q="cat cat", lang="en").execute()["results"]
    assert [(r["type"], r["title"]) for r in vi] == [("attraction", "Bản Cát Cát")]
    assert [(r["type"], r["title"]) for r in en] == [("attraction", "Cát Cát Village")]
    assert vi[0]["url"] != en[0]["url"] and en[0]["url"].startswith("/en/")
    facets = PublicSearch(q="cat cat").execute()["facets"]
    assert facets["attraction_kind"] == [{"value": "village", "count": 2}]

    page.unpublish()
    drain()
    assert [r["title"] for r in PublicSearch(q="cat cat").execute()["results"]] == [
        "Cát Cát Village"]
    AttractionPage.objects.get(locale__language_code="en", translation_key=page.translation_key
                               ).delete()
    drain()
    assert PublicSearch(q="cat cat").execute()["count"] == 0


def test_a_place_ranks_above_the_homestay_named_after_it(clean_indexes):
    from tests.factories import make_establishment

    publish_cat_cat()
    make_establishment("SAPA-0002", "03006", name="Cát Cát Valley Homestay",
                       description_en="Homestay in Cát Cát village.")
    for doc_cls in registry.public():
        ensure_index(doc_cls)
    drain()
    found = PublicSearch(q="cat cat", lang="en").execute()["results"]
    assert [r["title"] for r in found] == ["Cát Cát Village", "Cát Cát Valley Homestay"]
    assert found[1]["url"].startswith("/en/")


def test_a_renamed_section_reindexes_the_urls_below_it(
        clean_indexes, django_capture_on_commit_callbacks):
    from tourism.models import DestinationIndexPage

    for doc_cls in registry.public():
        ensure_index(doc_cls)
    publish_cat_cat()
    drain()
    section = DestinationIndexPage.objects.get(locale__language_code="vi").specific
    section.slug = "diem-den"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals on commit
        services.publish(section)
    assert IndexOutbox.objects.filter(model_label="tourism.attractionpage").exists()
    drain()
    url = PublicSearch(q="cat cat", lang="vi").execute()["results"][0]["url"]
    assert url.startswith("/diem-den/")
