"""Fill the portal with demo content; running it again updates, never duplicates."""

import datetime
import hashlib
import io
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail.rich_text import RichText

from cms.models import Commune, HomePageFeaturedDestination, ImageCredit, Licence
from lodging.models import Establishment
from tourism import services
from tourism.demo import content, places
from tourism.models import (
    ArticleIndexPage,
    ArticlePage,
    EventIndexPage,
    EventPage,
    ItineraryIndexPage,
    ItineraryPage,
)

COLLECTION = "Demo"
# Shown to translators beside the seeded English texts ("Translated with seed_demo").
TOOL_NAME = "seed_demo"
DEMO_CREDIT = "Cổng du lịch Lào Cai (ảnh minh họa mẫu)"
PALETTES = [
    ((118, 170, 214), (40, 92, 60), (22, 58, 38)),
    ((240, 196, 140), (84, 120, 58), (46, 72, 34)),
    ((180, 200, 220), (70, 100, 120), (34, 52, 70)),
    ((250, 220, 170), (160, 130, 40), (90, 80, 30)),
    ((200, 220, 235), (90, 130, 90), (50, 80, 60)),
]


@dataclass
class SeedResult:
    places: int = 0
    events: int = 0
    itineraries: int = 0
    articles: int = 0
    establishments: int = 0
    images: int = 0


def commune(name: str) -> Commune:
    unit = Commune.objects.in_lao_cai().resolve(name)
    if unit is None:
        raise ValueError(f"{name} is not a commune or ward of Lào Cai")
    return unit


def placeholder_image(slug: str, title: str) -> Image:
    """A generated landscape (sky, ridges, terraces): one per slug, reused on later runs."""
    collection = Collection.get_first_root_node().get_children().filter(name=COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION)
    existing = Image.objects.filter(collection=collection, title=title).first()
    if existing:
        _credit(existing)
        return existing
    seed = int(hashlib.sha256(slug.encode()).hexdigest()[:8], 16)
    rng = random.Random(seed)  # noqa: S311 - artwork, not security
    sky, hills, far = PALETTES[seed % len(PALETTES)]
    width, height = 1600, 900
    picture = PILImage.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(picture)
    for y in range(height // 2):
        shade = tuple(min(255, c + y // 6) for c in sky)
        draw.line([(0, y), (width, y)], fill=shade)
    for layer, colour in enumerate([far, hills, tuple(int(c * 0.7) for c in hills)]):
        base = height * (0.45 + 0.15 * layer)
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base - rng.randint(0, 180 - layer * 40)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    for row in range(12):  # terraces
        y = int(height * 0.78) + row * 16
        draw.arc([(-200, y - 60), (width + 200, y + 60)], 180, 360,
                 fill=tuple(min(255, c + 40) for c in hills), width=3)
    picture = picture.filter(ImageFilter.GaussianBlur(1))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    image = Image(title=title, collection=collection,
                  file=ImageFile(buffer, name=f"demo-{slug}.jpg"),
                  focal_point_x=width // 2, focal_point_y=int(height * 0.55),
                  focal_point_width=600, focal_point_height=300)
    image.save()
    _credit(image)
    return image


def _credit(image: Image) -> None:
    # Generated artwork of the demo, free for anyone to reuse.
    ImageCredit.objects.update_or_create(image=image, defaults={
        "credit": DEMO_CREDIT, "licence": Licence.CC0, "source_url": ""})


def _text(text: str) -> str:
    return f"<p>{text}</p>"


def _body(text: str) -> list:
    # No fact box of coordinates: the page shows them from its own fields, and in the body
    # they were only a string of digits for translators to copy.
    return [{"type": "paragraph", "value": RichText(_text(text)).source}]


def _attraction_body(text: str, title: str, lat: str, lon: str) -> list:
    return [
        {"type": "paragraph", "value": _text(text)},
        {"type": "map_point", "value": {"title": title, "latitude": lat, "longitude": lon,
                                        "description": ""}},
    ]


def _english_practical(text: str) -> str:
    for vi, en in (("Cáp treo từ", "Cable car from"), ("Chủ nhật", "Sunday"),
                   ("Thứ Ba", "Tuesday")):
        text = text.replace(vi, en)
    if text.endswith(" đ"):
        text = text[:-2].replace(".", ",") + " VND"
    return text


def seed_places(result: SeedResult) -> dict:
    pages = {}
    for item in places.DESTINATIONS:
        image = placeholder_image(item["slug"], item["vi"]["title"])
        result.images += 1
        alt = {"vi": f"Phong cảnh minh họa {item['vi']['title']}",
               "en": f"Illustrated landscape of {item['en']['title']}"}
        page, _created = services.save_place(
            slug=item["slug"], kind=services.DESTINATION,
            titles={lang: item[lang]["title"] for lang in ("vi", "en")},
            summaries={lang: item[lang]["summary"] for lang in ("vi", "en")},
            commune=commune(item["commune"]), latitude=Decimal(item["lat"]),
            longitude=Decimal(item["lon"]), tags=item["tags"],
            fields={"hero_image": image, "best_season": item["season"]},
            translated_fields={lang: {
                "hero_image_alt": alt[lang], "how_to_get_there": item[lang]["how"],
                "best_season_note": item[lang]["season_note"],
                "body": _body(item[lang]["body"]),
                "search_description": item[lang]["summary"],
            } for lang in ("vi", "en")},
            tool_name=TOOL_NAME,
        )
        pages[item["slug"]] = page
        result.places += 1
    for (slug, kind, unit, lat, lon, title_vi, summary_vi, title_en, summary_en, hours,
         price) in places.ATTRACTIONS:
        image = placeholder_image(slug, title_vi)
        result.images += 1
        page, _created = services.save_place(
            slug=slug, kind=kind, titles={"vi": title_vi, "en": title_en},
            summaries={"vi": summary_vi, "en": summary_en}, commune=commune(unit),
            latitude=Decimal(lat), longitude=Decimal(lon), tags=[kind],
            fields={"hero_image": image},
            translated_fields={
                "vi": {"hero_image_alt": f"Phong cảnh minh họa {title_vi}", "opening_hours": hours,
                       "price": price, "tips": places.ATTRACTION_TIPS["vi"],
                       "body": _attraction_body(summary_vi, title_vi, lat, lon),
                       "search_description": summary_vi},
                "en": {"hero_image_alt": f"Illustrated landscape of {title_en}",
                       "opening_hours": _english_practical(hours),
                       "price": _english_practical(price), "tips": places.ATTRACTION_TIPS["en"],
                       "body": _attraction_body(summary_en, title_en, lat, lon),
                       "search_description": summary_en},
            },
            tool_name=TOOL_NAME,
        )
        pages[slug] = page
        result.places += 1
    return pages


def _upsert_child(index, model, slug: str, values_by_language: dict):
    """Create or update a child page of index by slug, then its translations."""
    page = model.objects.child_of(index).filter(slug=slug).first()
    vi_values = values_by_language["vi"]
    if page is None:
        page = model(slug=slug, **vi_values)
        index.add_child(instance=page)
    else:
        services.set_fields(page, vi_values)
    page = services.publish(page)
    for language, values in values_by_language.items():
        if language != page.locale.language_code:
            services.translate(page, language, tool_name=TOOL_NAME, slug=slug, **values)
    return page


def seed_events(sections, result: SeedResult):
    index = sections[EventIndexPage]
    for item in content.EVENTS:
        image = placeholder_image(item["slug"], item["vi"][0])
        result.images += 1
        shared = {
            "start_date": datetime.date.fromisoformat(item["start"]),
            "end_date": datetime.date.fromisoformat(item["end"]) if item.get("end") else None,
            "start_time": datetime.time.fromisoformat(item["times"][0]) if item["times"] else None,
            "end_time": datetime.time.fromisoformat(item["times"][1]) if item["times"] else None,
            "recurrence": item["recurrence"], "commune": commune(item["commune"]),
            "latitude": Decimal(item["lat"]), "longitude": Decimal(item["lon"]),
            "organiser": item["organiser"], "hero_image": image,
        }
        _upsert_child(index, EventPage, item["slug"], {
            lang: {**shared, "title": item[lang][0], "summary": item[lang][1],
                   "location_name": item[lang][2], "search_description": item[lang][1],
                   "hero_image_alt": {"vi": "Ảnh minh họa ", "en": "Illustration of "}[lang]
                   + item[lang][0],
                   "body": [{"type": "paragraph", "value": _text(item[lang][1])}]}
            for lang in ("vi", "en")})
        result.events += 1


def seed_itineraries(sections, pages: dict, result: SeedResult):
    index = sections[ItineraryIndexPage]
    for item in content.ITINERARIES:
        image = placeholder_image(item["slug"], item["vi"][0])
        result.images += 1
        values = {}
        for lang in ("vi", "en"):
            days = []
            for day in item["days"]:
                stops = []
                for slug in day["stops"]:
                    place = pages[slug]
                    shown = place.get_translation_or_none(services.locale_for(lang)) or place
                    stops.append({"name": shown.title, "place": place.pk,
                                  "latitude": place.latitude, "longitude": place.longitude,
                                  "note": shown.specific.summary})
                days.append({"type": "day", "value": {"title": day[lang], "description": "",
                                                      "stops": stops}})
            values[lang] = {"title": item[lang][0], "summary": item[lang][1],
                            "search_description": item[lang][1], "days": days,
                            "distance_km": Decimal(item["distance"]),
                            "best_season": item["season"], "difficulty": item["difficulty"],
                            "hero_image": image,
                            "hero_image_alt": {"vi": "Ảnh minh họa ", "en": "Illustration of "}[
                                lang] + item[lang][0]}
        _upsert_child(index, ItineraryPage, item["slug"], values)
        result.itineraries += 1


def seed_articles(sections, result: SeedResult):
    index = sections[ArticleIndexPage]
    for item in content.ARTICLES:
        image = placeholder_image(item["slug"], item["vi"][0])
        _upsert_child(index, ArticlePage, item["slug"], {
            lang: {"title": item[lang][0], "summary": item[lang][1],
                   "date": datetime.date.fromisoformat(item["date"]), "hero_image": image,
                   "hero_image_alt": {"vi": "Ảnh minh họa ", "en": "Illustration of "}[lang]
                   + item[lang][0],
                   "body": [{"type": "paragraph", "value": _text(item[lang][2])}]}
            for lang in ("vi", "en")})
        result.articles += 1


def seed_establishments(result: SeedResult):
    for number, (code, name, kind, stars, unit, address, lat, lon, rooms, price_min, price_max,
                 amenities) in enumerate(content.ESTABLISHMENTS, start=1):
        photo = placeholder_image(code.lower(), name)
        result.images += 1
        Establishment.objects.update_or_create(code=code, defaults={
            "name": name, "kind": kind, "stars": stars, "commune": commune(unit),
            "address": address, "latitude": Decimal(lat), "longitude": Decimal(lon),
            "rooms": rooms, "price_min": price_min, "price_max": price_max,
            "amenities": amenities, "phone": f"+84 214 38{number:05d}",
            "email": f"{code.lower()}@example.vn", "photo": photo,
            "description_vi": f"{name}: nơi lưu trú được cấp phép tại {unit}.",
            "description_en": f"{name}: a licensed place to stay in {unit}.",
            "is_remote": unit.startswith("Xã"),
        })
        result.establishments += 1


def _featured(pages: dict) -> list:
    return [HomePageFeaturedDestination(page=pages[slug], sort_order=order)
            for order, slug in enumerate(places.FEATURED)]


def seed_home(pages: dict):
    home = services.home_page()
    home.featured_destinations = _featured(pages)
    home.hero_image = placeholder_image("home", "Lào Cai")
    home.hero_image_alt = "Phong cảnh núi non và ruộng bậc thang Lào Cai (ảnh minh họa)"
    home = services.publish(home)
    # The picture and the featured places are synchronised from the Vietnamese page.
    services.translate(home, "en", tool_name=TOOL_NAME,
                       hero_image_alt="Mountains and rice terraces of Lào Cai (illustration)")


@transaction.atomic
def seed() -> SeedResult:
    result = SeedResult()
    sections = services.ensure_sections()
    seed_establishments(result)
    pages = seed_places(result)
    seed_events(sections, result)
    seed_itineraries(sections, pages, result)
    seed_articles(sections, result)
    seed_home(pages)
    return result
