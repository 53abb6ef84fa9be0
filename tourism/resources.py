"""Bulk import and export of destinations and attractions (django-import-export).

Columns: slug, kind, title_vi, title_en, summary_vi, summary_en, commune, latitude,
longitude, tags. `kind` is "destination" or an attraction kind. A row creates or updates
the Vietnamese page under the destination index and its English translation (linked in
wagtail-localize, the English columns its translated texts). A bad row
is reported with its number and the whole file is rolled back.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field
from wagtail.models import Locale

from cms.exports import SafeExportMixin
from cms.models import Commune
from cms.spreadsheets import SpreadsheetError, check_headers, clean_header, drop_rows
from cms.text import normalize
from tourism import services
from tourism.choices import AttractionKind
from tourism.models import AttractionPage, DestinationPage

COLUMNS = ("slug", "kind", "title_vi", "title_en", "summary_vi", "summary_en", "commune",
           "latitude", "longitude", "tags")
KINDS = (services.DESTINATION, *AttractionKind.values)
# Shown to translators beside the imported English texts ("Translated with ...").
TOOL_NAME = "spreadsheet import"


class InvalidRow(ValueError):
    """A row that cannot be imported; an error (not a warning) so the file is rolled back."""

    def __str__(self):
        return "; ".join(self.args[0]) if self.args and isinstance(self.args[0], list) \
            else super().__str__()


@dataclass
class PlaceRow:
    """One destination or attraction as a spreadsheet row."""

    slug: str = ""
    kind: str = ""
    title_vi: str = ""
    title_en: str = ""
    summary_vi: str = ""
    summary_en: str = ""
    commune: str = ""
    latitude: str = ""
    longitude: str = ""
    tags: str = ""
    cleaned: dict = field(default_factory=dict, repr=False)
    pk: int | None = None

    @classmethod
    def from_page(cls, page) -> "PlaceRow":
        english = page.get_translation_or_none(Locale.objects.filter(language_code="en").first()) \
            if Locale.objects.filter(language_code="en").exists() else None
        english = english.specific if english else None
        return cls(
            slug=page.slug,
            kind=services.DESTINATION if isinstance(page, DestinationPage) else page.kind,
            title_vi=page.title, title_en=english.title if english else "",
            summary_vi=page.summary, summary_en=english.summary if english else "",
            commune=page.commune.code if page.commune_id else "",
            latitude="" if page.latitude is None else str(page.latitude),
            longitude="" if page.longitude is None else str(page.longitude),
            tags=", ".join(sorted(tag.name for tag in page.tags.all())),
        )


def _text(row, column) -> str:
    value = row.get(column)
    if value is None:
        return ""
    return normalize(str(value)).strip()


def _coordinate(row, column, limit, errors) -> Decimal | None:
    raw = _text(row, column).replace(",", ".")
    if not raw:
        return None
    try:
        value = Decimal(raw).quantize(Decimal("0.000001"))
    except InvalidOperation:
        errors.append(_("%(column)s: “%(value)s” is not a number.") % {"column": column,
                                                                       "value": raw})
        return None
    if not -limit <= value <= limit:
        errors.append(_("%(column)s: %(value)s is out of range.") % {"column": column,
                                                                      "value": raw})
        return None
    return value


class SheetLookups:
    """What checking a sheet's rows reads from the database, read once for the sheet:
    the existing places of its slugs (one query per page type) and each commune name."""

    def __init__(self, slugs):
        locale = services.locale_for(services.default_language())
        slugs = sorted({slug for slug in slugs if slug})
        self.places = {}
        # services.find_place prefers a destination: read attractions first, then let
        # destinations overwrite them.
        for model in (AttractionPage, DestinationPage):
            for start in range(0, len(slugs), 1000):
                for page in model.objects.filter(locale=locale,
                                                 slug__in=slugs[start:start + 1000]):
                    self.places[page.slug] = page
        self.communes = {}

    def place(self, slug):
        return self.places.get(slug)

    def commune(self, value):
        if value not in self.communes:
            self.communes[value] = Commune.objects.in_lao_cai().resolve(value)
        return self.communes[value]


def clean_row(row, lookups: SheetLookups | None = None) -> dict:
    """Check one row and return the arguments of services.save_place; raise InvalidRow."""
    errors = []
    slug = _text(row, "slug")
    if not slug:
        errors.append(_("slug: required."))
    elif slugify(slug) != slug:
        errors.append(_("slug: “%(value)s” may only hold lowercase letters, digits and "
                        "hyphens.") % {"value": slug})
    kind = _text(row, "kind").lower()
    if kind not in KINDS:
        errors.append(_("kind: “%(value)s” is not one of %(kinds)s.")
                      % {"value": kind, "kinds": ", ".join(KINDS)})
    title_vi = _text(row, "title_vi")
    if not title_vi:
        errors.append(_("title_vi: required."))
    commune = None
    if commune_value := _text(row, "commune"):
        commune = (lookups.commune(commune_value) if lookups
                   else Commune.objects.in_lao_cai().resolve(commune_value))
        if commune is None:
            errors.append(_("commune: “%(value)s” is not a commune or ward of Lào Cai.")
                          % {"value": commune_value})
    latitude = _coordinate(row, "latitude", 90, errors)
    longitude = _coordinate(row, "longitude", 180, errors)
    if (latitude is None) != (longitude is None) and not errors:
        errors.append(_("latitude and longitude: give both or neither."))
    existing = (lookups.place(slug) if lookups else services.find_place(slug)) if slug \
        else None
    if existing is not None and kind in KINDS:
        expected = DestinationPage if kind == services.DESTINATION else AttractionPage
        if not isinstance(existing, expected):
            errors.append(_("kind: “%(slug)s” already exists as another kind of page.")
                          % {"slug": slug})
    if errors:
        raise InvalidRow(errors)
    return {
        "slug": slug, "kind": kind,
        # An empty English column leaves the English text untranslated (it shows the
        # Vietnamese until someone translates it), rather than recording a copy.
        "titles": {"vi": title_vi, "en": _text(row, "title_en")},
        "summaries": {"vi": _text(row, "summary_vi"), "en": _text(row, "summary_en")},
        "commune": commune, "latitude": latitude, "longitude": longitude,
        "tags": [tag.strip() for tag in _text(row, "tags").split(",") if tag.strip()],
    }


class DestinationResource(SafeExportMixin, resources.ModelResource):
    slug = Field(attribute="slug", column_name="slug")
    kind = Field(attribute="kind", column_name="kind")
    title_vi = Field(attribute="title_vi", column_name="title_vi")
    title_en = Field(attribute="title_en", column_name="title_en")
    summary_vi = Field(attribute="summary_vi", column_name="summary_vi")
    summary_en = Field(attribute="summary_en", column_name="summary_en")
    commune = Field(attribute="commune", column_name="commune")
    latitude = Field(attribute="latitude", column_name="latitude")
    longitude = Field(attribute="longitude", column_name="longitude")
    tags = Field(attribute="tags", column_name="tags")

    class Meta:
        model = DestinationPage
        fields = COLUMNS
        import_id_fields = ("slug",)
        use_transactions = True
        skip_diff = True

    # -- export -------------------------------------------------------------------------
    def get_queryset(self):
        locale = services.locale_for(services.default_language())
        pages = [*DestinationPage.objects.filter(locale=locale).select_related("commune"),
                 *AttractionPage.objects.filter(locale=locale).select_related("commune")]
        pages.sort(key=lambda page: (not isinstance(page, DestinationPage), page.slug))
        return [PlaceRow.from_page(page) for page in pages]

    def iter_queryset(self, queryset):
        yield from queryset

    # -- import -------------------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        """Check the header row, then every row, before the first page is written.

        Saving a page takes long: when any row is wrong, no page is saved at all (the rows
        are still checked one by one, so each bad row is reported with its number).
        """
        try:
            check_headers(dataset.headers, required=COLUMNS, known=COLUMNS)
        except SpreadsheetError:
            drop_rows(dataset)
            raise
        dataset.headers = [clean_header(h) for h in dataset.headers]
        self._bad_rows = {}  # import-export's row number (first data row is 1) → error
        rows = dataset.dict
        lookups = SheetLookups(_text(values, "slug") for values in rows)
        for number, values in enumerate(rows, start=1):
            try:
                clean_row(values, lookups)
            except InvalidRow as error:
                self._bad_rows[number] = error

    def get_or_init_instance(self, instance_loader, row):
        if getattr(self, "_bad_rows", None):
            return PlaceRow(), True  # nothing will be saved: skip the lookups
        return PlaceRow(), services.find_place(_text(row, "slug")) is None

    def import_instance(self, instance, row, **kwargs):
        bad_rows = getattr(self, "_bad_rows", None)
        if bad_rows:  # every row was checked in before_import; report, do not redo
            if kwargs.get("row_number") in bad_rows:
                raise bad_rows[kwargs["row_number"]]
            return
        instance.cleaned = clean_row(row)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        pass

    def save_instance(self, instance, is_create, row, **kwargs):
        if getattr(self, "_bad_rows", None):
            return  # a row is wrong: the import is rolled back, so save nothing
        page, _created = services.save_place(**instance.cleaned, tool_name=TOOL_NAME)
        instance.pk = page.pk

    def save_m2m(self, instance, row, **kwargs):
        pass

    def after_import(self, dataset, result, **kwargs):
        pass
