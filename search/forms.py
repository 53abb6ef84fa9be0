"""Parsing of public search parameters, shared by the search page and the API."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from search.queries import MAX_PAGE_SIZE, PublicSearch
from search.text import normalize

TYPE_CHOICES = [
    ("destination", _("Destinations")),
    ("attraction", _("Attractions")),
    ("event", _("Events")),
    ("accommodation", _("Places to stay")),
]


class MultiValueField(forms.Field):
    """Repeated (`?kind=a&kind=b`) or comma-separated (`?kind=a,b`) values."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [part.strip() for item in values for part in str(item).split(",") if part.strip()]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = MultiValueField(required=False)
    lang = forms.ChoiceField(required=False, choices=[("", "")] + list(settings.LANGUAGES))
    commune = MultiValueField(required=False)
    kind = MultiValueField(required=False)
    stars = MultiValueField(required=False)
    amenities = MultiValueField(required=False)
    price = forms.RegexField(required=False, regex=r"^\d*-\d*$")
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
            return [int(v) for v in self.cleaned_data["stars"]]
        except ValueError:
            raise forms.ValidationError(_("Stars must be whole numbers.")) from None

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
