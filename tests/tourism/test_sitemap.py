"""sitemap.xml lists every live page in both languages with hreflang alternates."""

import xml.etree.ElementTree as ET

import pytest

from lodging.models import Establishment

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_has_both_languages_and_alternates(client, make_place, sa_pa_ward):
    make_place(slug="sa-pa")
    draft = make_place(slug="ban-nhap", kind="village", title_vi="Bản nháp")
    draft.unpublish()
    Establishment.objects.create(code="SAPA-0001", name="Sapa Hotel", kind="hotel",
                                 address="1 Cầu Mây", commune=sa_pa_ward)

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href")
                                         for link in url.findall("x:link", NS)}
            for url in root.findall("s:url", NS)}
    locations = {loc.replace("http://localhost", "") for loc in urls}
    assert {"/", "/en/", "/destinations/sa-pa/", "/en/destinations/sa-pa/", "/events/",
            "/en/events/", "/places-to-stay/SAPA-0001/",
            "/en/places-to-stay/SAPA-0001/"} <= locations
    assert "/destinations/ban-nhap/" not in locations
    alternates = urls["http://localhost/destinations/sa-pa/"]
    assert alternates == {"vi": "http://localhost/destinations/sa-pa/",
                          "en": "http://localhost/en/destinations/sa-pa/"}
