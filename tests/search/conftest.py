"""Search fixtures: real Elasticsearch under this run's prefix, real database rows.

Places ("destination" documents) are communes of Lào Cai with tourist texts attached
here, until the tourism page types exist; places to stay are real Establishments.
"""


import pytest
from django.conf import settings
from django.core.cache import cache

from cms.models import Commune
from search.documents import PublicDocument
from search.indexes import rebuild
from search.registry import registry
from tests.factories import make_establishment

# code: (English title, Vietnamese text, English text, lat, lon, popularity)
PLACES = {
    "03006": ("Sa Pa", "Thị xã vùng cao với ruộng bậc thang và bản Cát Cát.",
              "Highland town of rice terraces, near Cát Cát village and Fansipan.",
              "22.3364", "103.8438", 9),
    "02839": ("Bac Ha", "Chợ phiên Bắc Hà họp sáng Chủ nhật.",
              "Bắc Hà Sunday market, the largest in the highlands.", "22.5362", "104.2919", 7),
    "02701": ("Y Ty", "Y Tý, biển mây trên núi cao.", "Sea of clouds above Y Tý.",
              "22.6500", "103.6167", 4),
    "03037": ("Ta Van", "Bản Tả Van của người Giáy và Mông.", "Giáy and Hmong village.",
              "22.3020", "103.8920", 5),
}


class PlaceDocument(PublicDocument):
    doc_type = "destination"
    model = Commune
    type_boost = 2.0

    def get_queryset(self):
        return Commune.objects.filter(code__in=PLACES)

    def prepare(self, obj):
        title_en, text_vi, text_en, lat, lon, popularity = PLACES[obj.code]
        return self.public_fields(
            titles={"vi": obj.short_name, "en": title_en},
            bodies={"vi": text_vi, "en": text_en},
            urls={"vi": f"/{obj.code}/", "en": f"/en/{obj.code}/"},
            commune=obj, latitude=lat, longitude=lon, popularity=popularity)


@pytest.fixture
def places():
    real = registry.get(PlaceDocument.doc_type)
    registry.register(PlaceDocument)
    yield PlaceDocument
    registry.unregister(PlaceDocument)
    if real is not None:
        registry.register(real)


@pytest.fixture
def clean_indexes(es_client):
    """No index of ours before the test; everything it created removed after."""
    pattern = f"{settings.ELASTICSEARCH['INDEX_PREFIX']}-*"
    es_client.options(ignore_status=404).indices.delete(index=pattern, expand_wildcards="all")
    cache.clear()
    yield es_client
    es_client.options(ignore_status=404).indices.delete(index=pattern, expand_wildcards="all")


@pytest.fixture
def portal(db, clean_indexes, places):
    """A small portal: four places and a handful of places to stay, all indexed."""
    stays = [
        make_establishment("SAPA-0001", "03006", name="Sapa Eco Lodge", kind="hotel", stars=3,
                           price_min=600_000, price_max=900_000, amenities=["wifi", "breakfast"],
                           latitude=22.3370, longitude=103.8450,
                           description_vi="Khách sạn nhìn ra thung lũng Mường Hoa.",
                           description_en="Hotel above the Muong Hoa valley, ten minutes "
                                          "from Cát Cát village."),
        make_establishment("SAPA-0002", "03006", name="Cát Cát Valley Homestay", stars=None,
                           price_min=300_000, price_max=450_000, amenities=["wifi"],
                           latitude=22.3290, longitude=103.8320,
                           description_vi="Homestay trong bản Cát Cát, gần thác Tiên Sa.",
                           description_en="Homestay in Cát Cát village."),
        make_establishment("SAPA-0003", "03006", name="Sa Pa Horizon Hotel", kind="hotel",
                           stars=4,
                           price_min=1_200_000, price_max=2_500_000,
                           amenities=["wifi", "spa", "breakfast"],
                           latitude=22.3350, longitude=103.8410,
                           description_vi="Khách sạn bốn sao giữa trung tâm Sa Pa.",
                           description_en="Four-star hotel in the centre of Sa Pa."),
        make_establishment("BACHA-001", "02839", name="Bắc Hà Market Guesthouse",
                           kind="guesthouse",
                           price_min=250_000, price_max=350_000, amenities=["parking"],
                           latitude=22.5370, longitude=104.2925,
                           description_vi="Nhà nghỉ cạnh chợ phiên Bắc Hà.",
                           description_en="Guesthouse next to the Sunday market."),
        make_establishment("YTY-0001", "02701", name="Homestay Mây Y Tý", stars=None,
                           price_min=200_000, price_max=300_000, amenities=["breakfast"],
                           latitude=22.6510, longitude=103.6170,
                           description_vi="Homestay của người Hà Nhì.",
                           description_en="Ha Nhi family homestay in the clouds."),
    ]
    for doc_cls in registry.public():
        rebuild(doc_cls)
    return {e.code: e for e in stays}
