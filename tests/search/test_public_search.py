"""A tourist searches the portal the way Vietnamese is really typed."""

import unicodedata

import pytest

from search.models import Synonym
from search.queries import PublicSearch, suggest

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def titles(**params):
    return [r["title"] for r in PublicSearch(**params).execute()["results"]]


def test_folding_both_ways_and_combining_accents(portal):
    for typed in ("Bắc Hà", "bac ha", "BAC HA", unicodedata.normalize("NFD", "Bắc Hà")):
        found = titles(q=typed, lang="vi")
        assert found[0] == "Bắc Hà", typed
        assert "Bắc Hà Market Guesthouse" in found


def test_sapa_meets_sa_pa_both_ways(portal):
    assert titles(q="Sapa", lang="vi")[0] == "Sa Pa"
    assert "Sapa Eco Lodge" in titles(q="sa pa", lang="vi")


def test_a_place_ranks_above_the_businesses_named_after_it(portal):
    found = titles(q="sapa", lang="vi")
    assert found[0] == "Sa Pa"
    assert {"Sapa Eco Lodge", "Sa Pa Horizon Hotel"} <= set(found[1:])


def test_exact_diacritic_form_ranks_first(portal):
    found = titles(q="Cát Cát Valley Homestay")
    assert found[0] == "Cát Cát Valley Homestay"
    # the folded spelling still finds it
    assert titles(q="cat cat valley")[0] == "Cát Cát Valley Homestay"


def test_typos_are_forgiven(portal):
    assert titles(q="Sapa Eko Lodje")[0] == "Sapa Eco Lodge"
    assert "Bắc Hà" in titles(q="bac haa", lang="vi")


def test_prefix_of_a_name_being_typed(portal):
    assert titles(q="sapa horiz")[0] == "Sa Pa Horizon Hotel"


def test_synonyms_expand_queries_and_an_admin_edit_applies_without_reindex(portal):
    # Seeded set: "chợ phiên Bắc Hà" / "Bắc Hà market".
    assert "Bắc Hà Market Guesthouse" in titles(q="chợ phiên Bắc Hà")
    assert titles(q="Mây Trắng Lodge") == []
    Synonym.objects.create(terms="Mây Trắng Lodge\nHomestay Mây Y Tý")
    assert titles(q="Mây Trắng Lodge")[0] == "Homestay Mây Y Tý"


def test_language_filter(portal):
    english = PublicSearch(q="Sunday market", lang="en").execute()
    assert english["results"][0]["title"] == "Bac Ha"
    assert english["results"][0]["url"] == "/en/02839/"
    assert PublicSearch(q="Bac Ha", lang="vi").execute()["results"][0]["url"] == "/02839/"
    # Vietnamese-only words are not found when searching English documents only
    assert titles(q="người Hà Nhì", lang="vi") == ["Homestay Mây Y Tý"]


def test_facets_count_what_matches(portal):
    facets = PublicSearch(q="sa pa").execute()["facets"]
    types = {f["value"]: f["count"] for f in facets["type"]}
    assert types["destination"] == 1
    assert types["accommodation"] >= 2
    kinds = {f["value"]: f["count"] for f in facets["accommodation_kind"]}
    assert kinds["hotel"] == 2
    amenities = {f["value"]: f["count"] for f in PublicSearch(types=["accommodation"])
                 .execute()["facets"]["amenities"]}
    assert amenities == {"wifi": 3, "breakfast": 3, "spa": 1, "parking": 1}
    prices = {f["value"]: f["count"] for f in PublicSearch(types=["accommodation"])
              .execute()["facets"]["price"]}
    assert prices == {"0-500000": 3, "500000-1000000": 1, "1000000-2000000": 1}
    communes = PublicSearch(types=["accommodation"]).execute()["facets"]["commune"]
    assert {"value": "03006", "count": 3, "label": "Phường Sa Pa"} in communes


def test_filters_narrow_results(portal):
    assert titles(types=["accommodation"], stars=[4]) == ["Sa Pa Horizon Hotel"]
    assert set(titles(types=["accommodation"], amenities=["wifi", "breakfast"])) == {
        "Sapa Eco Lodge", "Sa Pa Horizon Hotel"}
    assert set(titles(types=["accommodation"], price="0-500000")) == {
        "Cát Cát Valley Homestay", "Bắc Hà Market Guesthouse", "Homestay Mây Y Tý"}
    assert titles(types=["accommodation"], communes=["02839"]) == ["Bắc Hà Market Guesthouse"]


def test_geo_filter_and_distance_sort(portal):
    # Standing in Bắc Hà market: only the Bắc Hà places are within 5 km.
    found = PublicSearch(lat=22.5365, lon=104.2921, radius_km=5).execute()
    assert {r["title"] for r in found["results"]} == {"Bắc Hà", "Bắc Hà Market Guesthouse"}
    near_sapa = PublicSearch(lat=22.3290, lon=103.8320, types=["accommodation"],
                             sort="distance").execute()["results"]
    distances = [r["distance_km"] for r in near_sapa]
    assert near_sapa[0]["title"] == "Cát Cát Valley Homestay"
    assert distances == sorted(distances) and distances[0] < 0.1
    assert 1.0 < near_sapa[1]["distance_km"] < 2.0


def test_highlighting_marks_the_words_in_their_original_form(portal):
    result = PublicSearch(q="cat cat", lang="en", types=["accommodation"]).execute()
    snippets = {r["title"]: r["snippet"] for r in result["results"]}
    assert "<mark>Cát</mark> <mark>Cát</mark> village" in snippets["Cát Cát Valley Homestay"]


def test_did_you_mean_when_nothing_matches(portal):
    found = PublicSearch(q="xapa").execute()
    assert found["count"] == 0
    assert found["did_you_mean"] == "sapa"
    assert PublicSearch(q="sapa").execute()["did_you_mean"] is None


def test_pagination(portal):
    first = PublicSearch(page_size=2, page=1).execute()
    second = PublicSearch(page_size=2, page=2).execute()
    last = PublicSearch(page_size=2, page=5).execute()
    assert first["count"] == second["count"] == 9
    ids = [(r["type"], r["id"]) for r in first["results"] + second["results"]]
    assert len(set(ids)) == 4
    assert len(last["results"]) == 1


def test_autocomplete_per_keystroke(portal):
    assert suggest("sa")[0]["text"] == "Sa Pa"
    assert suggest("cat c")[0]["text"] == "Cát Cát Valley Homestay"
    assert "Sa Pa Horizon Hotel" in [s["text"] for s in suggest("horiz")]
    assert suggest("bac h", lang="en")[0]["text"] == "Bac Ha"
    # a typo once a word is typed
    assert "Bắc Hà Market Guesthouse" in [s["text"] for s in suggest("bac ha markt")]


def test_autocomplete_is_fast_enough_for_every_keystroke(portal):
    import time

    suggest("s")  # warm the connection
    timings = []
    for typed in ["s", "sa", "sap", "sapa", "sapa e", "sapa ec", "b", "ba", "bac", "bac h"] * 3:
        start = time.perf_counter()
        suggest(typed, lang="vi")
        timings.append(time.perf_counter() - start)
    timings.sort()
    assert timings[int(len(timings) * 0.95)] < 0.2, timings
