"""Base classes for the search documents that domain apps declare.

A domain app writes, in its own `documents.py`:

    @registry.register
    class AccommodationDocument(PublicDocument):
        model = Establishment
        doc_type = "accommodation"
        def get_queryset(self): ...
        def prepare(self, obj): return self.public_fields(...)

Field conventions (the query builders rely on them; the server has only the standard
analyzer, so every variant is computed in Python by `cms.text`):

- `title_<lang>` / `body_<lang>`: original text, standard analyzer (diacritics kept, so
  the exact form ranks first);
- `title_folded` / `body_folded`: `fold()`ed text (diacritics-insensitive, fuzzy);
- `title_compact`: keyword, `compact()` of each title (exact name in any spacing);
- `title_shingles`: compact runs of words, so "Sapa" meets "Sa Pa";
- keyword facets, `location` geo_point, `popularity` number, `suggest` completion.
"""

import datetime as dt
from decimal import Decimal

from elasticsearch_dsl import (
    Completion,
    Document,
    Float,
    GeoPoint,
    Integer,
    Keyword,
    Object,
    Text,
)

from cms.text import compact, fold, normalize, shingles, suffixes

INDEX_SETTINGS = {"number_of_shards": 1, "auto_expand_replicas": "0-1"}
LANGUAGES = ("vi", "en")


class SearchDocument(Document):
    """One searchable kind of thing. Subclasses set the class attributes below."""

    doc_type = ""            # "destination", "accommodation", "stay", ...
    model = None                  # the Django model the documents come from
    public = True           # False: never reachable from the public endpoints
    index_settings = INDEX_SETTINGS
    # True for plain models edited outside services (admin, imports): save/delete signals
    # enqueue the object. Wagtail pages are always hooked through publish/unpublish.
    auto_signals = False

    type = Keyword()

    # ---- what a domain app implements -------------------------------------------------
    def get_queryset(self):
        """Every object that belongs in the index (bulk indexing, reconcile)."""
        return self.model._default_manager.all()

    def prepare(self, obj) -> dict:
        """The document body for one object."""
        raise NotImplementedError

    # ---- derived --------------------------------------------------------------------
    @classmethod
    def alias(cls) -> str:
        from search.client import index_name

        return index_name(cls.doc_type)

    @classmethod
    def model_label(cls) -> str:
        return cls.model._meta.label_lower if cls.model is not None else cls.doc_type

    @classmethod
    def index_body(cls) -> dict:
        return {"settings": cls.index_settings,
                "mappings": cls._doc_type.mapping.to_dict()}

    @classmethod
    def facet_labels(cls) -> dict[str, dict]:
        """Human labels of keyword values, per field: {"kind": {"hotel": "Hotel"}}."""
        return {}

    def body_for(self, obj) -> dict:
        return {"type": self.doc_type, **self.prepare(obj)}

    def bulk_sources(self, *, batch_size: int = 2000):
        """(id, body) of every indexable object, streamed from the database for a full
        rebuild. Documents with millions of rows override it to skip model instances."""
        for obj in self.get_queryset().order_by("pk").iterator(batch_size):
            yield str(obj.pk), self.body_for(obj)

    def indexable_ids(self) -> set[str]:
        return {str(pk) for pk in self.get_queryset().values_list("pk", flat=True)}

    def load(self, ids):
        """The indexable objects among ids (others must be removed from the index)."""
        return self.get_queryset().filter(pk__in=list(ids))


class PublicDocument(SearchDocument):
    """Common mapping of everything the public search returns, so one query spans types."""

    type_boost = 1.0       # places above the businesses and events named after them

    title = Keyword(index=False)
    title_vi = Text(analyzer="standard")
    title_en = Text(analyzer="standard")
    title_folded = Text(analyzer="standard")
    title_compact = Keyword()
    title_shingles = Text(analyzer="standard")
    body_vi = Text(analyzer="standard")
    body_en = Text(analyzer="standard")
    body_folded = Text(analyzer="standard")
    languages = Keyword()
    titles = Object(enabled=False)
    urls = Object(enabled=False)
    commune = Keyword()
    commune_name = Keyword()
    kind = Keyword()
    stars = Integer()
    price_min = Integer()
    price_max = Integer()
    amenities = Keyword()
    tags = Keyword()
    location = GeoPoint()
    popularity = Float()
    type_weight = Float()
    suggest = Completion(analyzer="standard", contexts=[
        {"name": "lang", "type": "category"},
        {"name": "type", "type": "category"},
    ])

    def fallback_text(self, obj) -> str:
        """Text the database fallback matches against (folded in Python)."""
        body = self.prepare(obj)
        return " ".join(str(v) for k, v in body.items()
                        if k.startswith(("title_", "body_")) and isinstance(v, str))

    def public_fields(self, *, titles: dict[str, str], bodies: dict[str, str] | None = None,
                      urls: dict[str, str], commune=None, kind: str = "",
                      stars: int | None = None, price_min: int | None = None,
                      price_max: int | None = None, amenities=(), tags=(),
                      latitude=None, longitude=None, popularity: float = 0.0,
                      aliases=()) -> dict:
        """Build the conventional fields from per-language titles and bodies.

        `titles`/`bodies`/`urls` map a language code to text; languages with a title are
        the languages the document appears in. `aliases` are extra names (old spellings).
        """
        titles = {lang: normalize(text) for lang, text in titles.items() if normalize(text)}
        bodies = {lang: normalize(text) for lang, text in (bodies or {}).items()}
        names = list(dict.fromkeys([*titles.values(), *map(normalize, aliases)]))
        languages = sorted(titles)
        body = {
            "title": next(iter(titles.values()), ""),
            "titles": titles,
            "urls": urls,
            "languages": languages,
            "title_folded": " ".join(dict.fromkeys(fold(n) for n in names)),
            "title_compact": list(dict.fromkeys(compact(n) for n in names)),
            "title_shingles": " ".join(dict.fromkeys(s for n in names for s in shingles(n))),
            "body_folded": " ".join(fold(text) for text in bodies.values()),
            "kind": kind or None,
            "stars": stars,
            "price_min": price_min,
            "price_max": price_max,
            "amenities": list(amenities),
            "tags": [fold(t) for t in tags],
            "popularity": float(popularity or 0),
            "type_weight": self.type_boost,
            "suggest": {
                "input": list(dict.fromkeys(s for n in names for s in
                                            [*suffixes(n), compact(n)])),
                "weight": max(1, min(1000, int(10 * self.type_boost + (popularity or 0)))),
                "contexts": {"lang": languages or list(LANGUAGES), "type": [self.doc_type]},
            },
        }
        for lang in LANGUAGES:
            body[f"title_{lang}"] = titles.get(lang)
            body[f"body_{lang}"] = bodies.get(lang)
        if commune is not None:
            body["commune"] = commune.code
            body["commune_name"] = commune.name
        if latitude is not None and longitude is not None:
            body["location"] = {"lat": _number(latitude), "lon": _number(longitude)}
        return body


def _number(value) -> float:
    return float(value) if isinstance(value, Decimal | int | float | str) else value


def iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def plain_text(value) -> str:
    """Searchable text of a StreamField, RichText or plain value (tags stripped)."""
    from django.utils.html import strip_tags

    if value is None:
        return ""
    raw = getattr(value, "raw_data", None)
    if raw is not None:
        value = list(raw)
    if isinstance(value, dict):
        return " ".join(plain_text(v) for k, v in value.items() if k not in ("id", "type"))
    if isinstance(value, list | tuple):
        return " ".join(plain_text(v) for v in value)
    if isinstance(value, str):
        return strip_tags(value) if "<" in value else value
    if isinstance(value, bool | int | float):
        return ""  # image ids, flags: nothing a tourist types
    return strip_tags(str(value))


class PageDocument(PublicDocument):
    """A Wagtail page type: one document per live, public page (each translation is a
    page of its own locale, so each language has its own document and URL)."""

    body_fields = ("summary", "body")   # page attributes searched as the description

    def get_queryset(self):
        return (self.model.objects.live().public()
                .select_related("locale", *self.related_fields()))

    def related_fields(self) -> list[str]:
        names = {f.name for f in self.model._meta.get_fields()}
        return [name for name in ("commune",) if name in names]

    def page_fields(self, page, **extra) -> dict:
        """Conventional fields from the page; `extra` as in `public_fields`."""
        language = page.locale.language_code.split("-")[0]
        text = " ".join(plain_text(getattr(page, name, "")) for name in self.body_fields)
        extra.setdefault("commune", getattr(page, "commune", None))
        extra.setdefault("latitude", getattr(page, "latitude", None))
        extra.setdefault("longitude", getattr(page, "longitude", None))
        # A tourist reading English may still type the Vietnamese name (and vice versa).
        extra["aliases"] = [*extra.get("aliases", ()), *page.get_translations()
                            .live().values_list("title", flat=True)]
        return self.public_fields(titles={language: page.title}, bodies={language: text},
                                  urls={language: page.get_url() or page.url_path}, **extra)

    def prepare(self, obj) -> dict:
        return self.page_fields(obj)
