"""Relevance set: what tourists type, and the place they mean. Our engine is compared,
in the same run on the same content, with Wagtail's own database search (the PostgreSQL
backend with `Fuzzy(..., unaccent=True)` when on PostgreSQL; plain text on SQLite).

Prints precision at 1, recall at 3 and MRR for both (`pytest -s` to see the table).
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Locale, Page
from wagtail.search.query import Fuzzy

from cms.models import Commune
from search.indexes import rebuild
from search.queries import PublicSearch
from search.registry import registry
from tests.factories import make_establishment
from tourism import services

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

# slug, kind, vi title, en title, commune, lat, lon
PLACES = [
    ("sa-pa", "destination", "Sa Pa", "Sa Pa", "03006", "22.3364", "103.8438"),
    ("bac-ha", "destination", "Bắc Hà", "Bac Ha", "02839", "22.5362", "104.2919"),
    ("y-ty", "destination", "Y Tý", "Y Ty", "02701", "22.6500", "103.6167"),
    ("mu-cang-chai", "destination", "Mù Cang Chải", "Mu Cang Chai", "04456", "21.8500",
     "104.0900"),
    ("fansipan", "mountain", "Đỉnh Phan Xi Păng", "Fansipan Peak", "03006", "22.3033",
     "103.7750"),
    ("cat-cat", "village", "Bản Cát Cát", "Cát Cát Village", "03006", "22.3290", "103.8320"),
    ("ta-van", "village", "Bản Tả Van", "Ta Van Village", "03037", "22.3020", "103.8920"),
    ("thac-bac", "waterfall", "Thác Bạc", "Silver Waterfall", "03006", "22.3580", "103.7750"),
    ("cho-bac-ha", "market", "Chợ phiên Bắc Hà", "Bắc Hà Sunday Market", "02839", "22.5370",
     "104.2930"),
    ("o-quy-ho", "pass", "Đèo Ô Quy Hồ", "O Quy Ho Pass", "03006", "22.3500", "103.7700"),
    ("ham-rong", "viewpoint", "Núi Hàm Rồng", "Ham Rong Mountain", "03006", "22.3340",
     "103.8480"),
]
BUSINESSES = ["Sapa Eco Lodge", "Sa Pa Horizon Hotel", "Sapa Fansipan View Hotel",
              "Cát Cát Valley Homestay", "Bắc Hà Market Guesthouse", "Thác Bạc Homestay",
              "Y Tý Cloud Homestay", "Mù Cang Chải Ecolodge"]

# language, what the tourist types, the title they mean
QUERIES = [
    ("vi", "sapa", "Sa Pa"), ("vi", "Sa Pa", "Sa Pa"), ("vi", "bac ha", "Bắc Hà"),
    ("vi", "BẮC HÀ", "Bắc Hà"), ("vi", "fansipan", "Đỉnh Phan Xi Păng"),
    ("vi", "phan xi pang", "Đỉnh Phan Xi Păng"), ("vi", "cat cat", "Bản Cát Cát"),
    ("vi", "thac bac", "Thác Bạc"), ("vi", "cho phien bac ha", "Chợ phiên Bắc Hà"),
    ("vi", "o quy ho", "Đèo Ô Quy Hồ"), ("vi", "mu cang chai", "Mù Cang Chải"),
    ("vi", "y ty", "Y Tý"), ("vi", "ham rong", "Núi Hàm Rồng"), ("vi", "ta van", "Bản Tả Van"),
    ("vi", "mucangchai", "Mù Cang Chải"),
    ("en", "sapa", "Sa Pa"), ("en", "silver waterfall", "Silver Waterfall"),
    ("en", "bac ha market", "Bắc Hà Sunday Market"), ("en", "fansipan", "Fansipan Peak"),
    ("en", "fanxipan", "Fansipan Peak"), ("en", "phanxipang", "Fansipan Peak"),
    ("en", "cat cat village", "Cát Cát Village"), ("en", "mu cang chai", "Mu Cang Chai"),
    ("en", "ham rong", "Ham Rong Mountain"), ("en", "thac bac", "Silver Waterfall"),
]


@pytest.fixture
def demo_portal(clean_indexes):
    if connection.vendor == "postgresql":  # Wagtail's fuzzy search needs pg_trgm + unaccent
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("enable_unaccent", stdout=StringIO())
        call_command("enable_trigram", stdout=StringIO())
    for slug, kind, vi, en, commune, lat, lon in PLACES:
        services.save_place(slug=slug, kind=kind, titles={"vi": vi, "en": en},
                            summaries={"vi": f"{vi}, Lào Cai.", "en": f"{en}, Lào Cai."},
                            commune=Commune.objects.get(code=commune), latitude=Decimal(lat),
                            longitude=Decimal(lon), tags=[])
    for i, name in enumerate(BUSINESSES):
        make_establishment(f"DEMO-{i}", "03006", name=name, description_en=f"{name} in Lào Cai.")
    for doc_cls in registry.public():
        rebuild(doc_cls)
    # Wagtail updates its own index from background tasks: bring it up to date first.
    call_command("update_index", verbosity=0)


def ours(lang: str, query: str) -> list[str]:
    return [r["title"] for r in PublicSearch(q=query, lang=lang).execute()["results"]]


def wagtail_baseline(lang: str, query: str) -> list[str]:
    pages = Page.objects.live().filter(locale=Locale.objects.get(language_code=lang),
                                       depth__gt=3)
    wanted = Fuzzy(query, unaccent=True) if connection.vendor == "postgresql" else query
    return [page.title for page in pages.search(wanted)[:10]]


def scores(engine) -> dict:
    p1 = r3 = rr = 0.0
    for lang, query, expected in QUERIES:
        found = engine(lang, query)
        rank = found.index(expected) + 1 if expected in found else None
        p1 += rank == 1
        r3 += bool(rank and rank <= 3)
        rr += 1 / rank if rank else 0
    n = len(QUERIES)
    return {"P@1": p1 / n, "recall@3": r3 / n, "MRR": rr / n}


def test_our_ranking_beats_wagtails_database_search(demo_portal, capsys):
    ours_scores, baseline = scores(ours), scores(wagtail_baseline)
    with capsys.disabled():
        baseline_kind = ("Fuzzy(unaccent=True)" if connection.vendor == "postgresql"
                         else "plain text")
        print(f"\nrelevance on {len(QUERIES)} queries ({connection.vendor}; "
              f"Wagtail baseline: {baseline_kind})")
        print(f"{'':24}{'P@1':>8}{'recall@3':>10}{'MRR':>8}")
        for name, figures in (("ours (Elasticsearch)", ours_scores),
                              ("Wagtail database", baseline)):
            print(f"{name:24}" + "".join(f"{figures[k]:>{w}.3f}" for k, w in
                                         (("P@1", 8), ("recall@3", 10), ("MRR", 8))))
    assert ours_scores["P@1"] >= 0.9
    for figure in ("P@1", "MRR"):
        assert ours_scores[figure] > baseline[figure]
    assert ours_scores["recall@3"] >= baseline["recall@3"]

