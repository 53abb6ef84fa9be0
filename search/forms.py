"""Parsing of public search parameters, shared by the search page and the API."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms.text import normalize
from search.queries import MAX_PAGE_SIZE, PublicSearch

TYPE_CHOICES = [
    ("destination", _("Destinations")),
    ("attraction", _("Attractions")),
    ("event", _("Events")),
    ("accommodation", _("Places to stay")),
]


# Bounds of the public search's filters: a value outside them is a 400 with a message,
# never a query Elasticsearch refuses (its 400 would surface as a 500).
MAX_VALUES = 20
MAX_VALUE_CHARS = 64
MAX_STARS = 5
# Prices are stored as 32-bit integers (VND); no room costs a billion a night.
MAX_PRICE = 1_000_000_000


class MultiValueField(forms.Field):
    """Repeated (`?kind=a&kind=b`) or comma-separated (`?kind=a,b`) values, at most
    MAX_VALUES of at most MAX_VALUE_CHARS characters each."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        parts = [part.strip() for item in values for part in str(item).split(",")
                 if part.strip()]
        if len(parts) > MAX_VALUES:
            raise forms.ValidationError(_("At most %(max)s values are accepted."),
                                        params={"max": MAX_VALUES})
        if any(len(part) > MAX_VALUE_CHARS for part in parts):
            raise forms.ValidationError(_("A value is longer than %(max)s characters."),
                                        params={"max": MAX_VALUE_CHARS})
        return parts


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = MultiValueField(required=False)
    lang = forms.ChoiceField(required=False, choices=[("", "")] + list(settings.LANGUAGES))
    commune = MultiValueField(required=False)
    kind = MultiValueField(required=False)
    stars = MultiValueField(required=False)
    amenities = MultiValueField(required=False)
    price = forms.RegexField(required=False, regex=r"^\d{0,10}-\d{0,10}$", max_length=21,
                             error_messages={"invalid": _(
                                 "Give the price range as LOW-HIGH in VND, e.g. "
                                 "500000-1000000.")})
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180)
    radius_km = forms.FloatField(required=False, min_value=0.1, max_value=500)
    sort = forms.ChoiceField(required=False, choices=[("relevance", ""), ("distance", "")])
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def clean_type(self):
        allowed = {value for value, _label in TYPE_CHOICES}
        values = self.cleaned_data["type"]
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise forms.ValidationError(
                _("Unknown type: %(types)s."), params={"types": ", ".join(unknown)})
        return values

    def clean_stars(self):
        try:
            stars = [int(v) for v in self.cleaned_data["stars"]]
        except ValueError:
            raise forms.ValidationError(_("Stars must be whole numbers.")) from None
        if any(not 1 <= value <= MAX_STARS for value in stars):
            raise forms.ValidationError(_("Stars go from 1 to %(max)s."),
                                        params={"max": MAX_STARS})
        return stars

    def clean_price(self):
        price = self.cleaned_data["price"]
        if not price:
            return price
        low, high = (int(part) if part else None for part in price.split("-"))
        if any(value is not None and value > MAX_PRICE for value in (low, high)):
            raise forms.ValidationError(_("Prices go up to %(max)s VND."),
                                        params={"max": f"{MAX_PRICE:,}".replace(",", ".")})
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("The lowest price is above the highest."))
        return price

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(_("Give both latitude and longitude."))
        if data.get("radius_km") and data.get("lat") is None:
            raise forms.ValidationError(_("A radius needs a latitude and longitude."))
        return data

    def to_search(self, *, default_lang: str | None = None) -> PublicSearch:
        data = self.cleaned_data
        return PublicSearch(
            q=normalize(data.get("q")),
            lang=data.get("lang") or default_lang,
            types=data.get("type") or [],
            communes=data.get("commune") or [],
            kinds=data.get("kind") or [],
            stars=data.get("stars") or [],
            amenities=data.get("amenities") or [],
            price=data.get("price") or None,
            lat=data.get("lat"),
            lon=data.get("lon"),
            radius_km=data.get("radius_km"),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            page_size=data.get("page_size") or 10,
        )
