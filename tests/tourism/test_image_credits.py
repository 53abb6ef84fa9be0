"""Every picture can say who made it and under which licence: editors fill it in the
image form, visitors read it under the hero picture and under gallery pictures."""

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from cms.models import ImageCredit, Licence
from tourism import services

pytestmark = pytest.mark.django_db


def picture(title="Ruộng bậc thang", credit=None, licence=""):
    image = Image.objects.create(title=title, file=get_test_image_file(),
                                 collection=Collection.get_first_root_node())
    if credit is not None:
        ImageCredit.objects.create(image=image, credit=credit, licence=licence)
    return image


def test_an_editor_records_the_credit_and_licence_in_the_image_form(admin_client):
    image = picture()
    url = f"/cms-admin/images/{image.pk}/"
    html = admin_client.get(url).content.decode()
    assert "Nguồn ảnh" in html and "Giấy phép" in html and 'name="licence"' in html

    response = admin_client.post(url, {
        "title": image.title, "collection": image.collection_id, "tags": "",
        "credit": "Nguyễn Văn An / Sở VHTTDL Lào Cai", "licence": Licence.CC_BY,
        "source_url": "https://example.org/anh/1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    credit = ImageCredit.objects.get(image=image)
    assert (credit.credit, credit.licence) == ("Nguyễn Văn An / Sở VHTTDL Lào Cai", "cc-by-4.0")
    assert "Nguyễn Văn An / Sở VHTTDL Lào Cai" in admin_client.get(url).content.decode()

    admin_client.post(url, {"title": image.title, "collection": image.collection_id,
                            "tags": "", "credit": "", "licence": "", "source_url": ""})
    assert ImageCredit.objects.get(image=image).is_empty


def test_saving_an_image_without_a_credit_adds_no_row(admin_client):
    image = picture()
    admin_client.post(f"/cms-admin/images/{image.pk}/", {
        "title": "Thác Bạc", "collection": image.collection_id, "tags": ""})
    assert Image.objects.get(pk=image.pk).title == "Thác Bạc"
    assert not ImageCredit.objects.exists()


def test_the_credit_shows_under_the_hero_and_gallery_pictures(client, make_place):
    hero = picture("Sa Pa", credit="Nguyễn Văn An", licence=Licence.CC_BY_SA)
    first = picture("Cát Cát", credit="Lò Thị Mai", licence=Licence.PERMISSION)
    second = picture("Tả Van")  # no credit recorded: nothing is shown for it
    gallery = [{"type": "gallery", "value": {"title": "", "images": [
        {"image": first.pk, "alt": "Bản Cát Cát", "caption": "", "attribution": ""},
        {"image": second.pk, "alt": "Bản Tả Van", "caption": "", "attribution": ""}]}}]
    make_place(fields={"hero_image": hero},
               translated_fields={"vi": {"hero_image_alt": "Sa Pa", "body": gallery},
                                  "en": {"hero_image_alt": "Sa Pa"}})

    html = client.get("/destinations/sa-pa/").content.decode()
    assert 'Ảnh: Nguyễn Văn An · <a href="https://creativecommons.org/licenses/by-sa/4.0/" ' \
           'rel="license">CC BY-SA 4.0</a>' in html
    assert "Ảnh: Lò Thị Mai · Được phép sử dụng" in html
    assert html.count('class="image-credit"') == 2
    html = client.get("/en/destinations/sa-pa/").content.decode()
    assert "Photo: Nguyễn Văn An" in html and "Photo: Lò Thị Mai · Used with permission" in html


def test_a_page_without_credits_shows_none(client, make_place):
    make_place(fields={"hero_image": picture()},
               translated_fields={"vi": {"hero_image_alt": "Sa Pa"}})
    page = services.find_place("sa-pa")
    assert page.hero_image_id
    assert "image-credit" not in client.get("/destinations/sa-pa/").content.decode()
