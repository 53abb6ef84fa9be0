from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page

from cms.text import fold
from cms.units import LAO_CAI_PROVINCE_CODE, PROVINCE_PREFIXES, WARD_PREFIXES


class DivisionType(models.TextChoices):
    PROVINCE = "tỉnh", _("Province")
    CENTRAL_CITY = "thành phố trung ương", _("Centrally governed city")
    COMMUNE = "xã", _("Commune")
    WARD = "phường", _("Ward")
    SPECIAL_ZONE = "đặc khu", _("Special zone")


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=100)
    division_type = models.CharField(
        _("division type"), max_length=32, choices=DivisionType.choices
    )
    codename = models.CharField(max_length=100)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class CommuneQuerySet(models.QuerySet):
    def in_lao_cai(self):
        return self.filter(province__code=LAO_CAI_PROVINCE_CODE)

    def search(self, query: str):
        """Match names with or without diacritics and the Xã/Phường prefix."""
        folded = fold(_strip_prefix(query))
        if not folded:
            return self.none()
        return self.filter(name_folded__contains=folded)

    def resolve(self, value: str) -> "Commune | None":
        """One unit from its official code or its exact name (any prefix, any accents)."""
        value = (value or "").strip()
        if not value:
            return None
        if value.isdigit():
            return self.filter(code=f"{int(value):05d}").first()
        matches = list(self.filter(name_folded=fold(_strip_prefix(value)))[:2])
        return matches[0] if len(matches) == 1 else None


def _strip_prefix(value: str) -> str:
    folded_value = fold(value)
    for prefix in (*WARD_PREFIXES, *PROVINCE_PREFIXES):
        folded_prefix = fold(prefix) + " "
        if folded_value.startswith(folded_prefix):
            return folded_value[len(folded_prefix):]
    return value


class Commune(models.Model):
    """A commune (xã), ward (phường) or special zone (đặc khu): the police jurisdiction."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=100)
    division_type = models.CharField(
        _("division type"), max_length=32, choices=DivisionType.choices
    )
    codename = models.CharField(max_length=100)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name_folded"]
        verbose_name = _("commune or ward")
        verbose_name_plural = _("communes and wards")

    def __str__(self):
        return self.name


class HeroImage(models.Model):
    """A page's hero picture and its alternative text, required with the picture."""

    hero_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("hero image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    hero_image_alt = models.CharField(
        _("hero image alternative text"), max_length=250, blank=True,
        help_text=_("Required with a hero image: describe the picture."))

    hero_image_panel = MultiFieldPanel(
        [FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image"))

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Describe the hero image for people who cannot see it.")})


class Licence(models.TextChoices):
    """Under which terms a picture may be shown; the Creative Commons ones link to their deed."""

    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC0 = "cc0-1.0", "CC0 1.0"
    PUBLIC_DOMAIN = "public-domain", _("Public domain")
    PERMISSION = "permission", _("Used with permission")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class ImageCredit(models.Model):
    """Who made a picture and under which licence it is shown, beside Wagtail's image.

    A row of its own rather than a custom image model: switching WAGTAILIMAGES_IMAGE_MODEL
    on a site that has images means copying every image, rendition, tag and permission to
    a new table and repointing every foreign key and StreamField to it. This table is
    only added; an image without a row simply shows no credit. Edited in the image form
    (cms.images.ImageForm).
    """

    image = models.OneToOneField(
        get_image_model_string(), on_delete=models.CASCADE, primary_key=True,
        related_name="credit", verbose_name=_("image"))
    credit = models.CharField(
        _("credit"), max_length=200, blank=True,
        help_text=_("Who took or made the picture, and for whom, as it should be shown: "
                    "e.g. “Nguyễn Văn An / Sở Văn hóa, Thể thao và Du lịch Lào Cai”."))
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices,
                               blank=True)
    source_url = models.URLField(_("source"), blank=True,
                                 help_text=_("Where the original picture was published, "
                                             "if elsewhere."))

    class Meta:
        verbose_name = _("image credit")
        verbose_name_plural = _("image credits")

    def __str__(self):
        return " · ".join(part for part in (self.credit, self.get_licence_display()) if part)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def is_empty(self) -> bool:
        return not (self.credit or self.licence or self.source_url)


class HomePage(HeroImage, Page):  # noqa: DJ008 (Page gives __str__: the title)
    """The portal's front page; the apps' sections hang below it.

    Its template (laocai/templates/cms/home_page.html) is the project's, which composes
    the apps (featured places and upcoming events come through tourism's template tags),
    so this model knows no app (dependencies point from the apps to cms).
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels, FieldPanel("intro"), HeroImage.hero_image_panel,
        InlinePanel("featured_destinations", label=_("Featured destinations"), max_num=8),
    ]

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    # No subpage_types: the sections below it name it in their parent_page_types, so the
    # site core lists no app's page types (each tourism page type declares its parents).

    class Meta:
        verbose_name = _("home page")

    @property
    def meta_description(self) -> str:
        return self.search_description or ""

    def route(self, request, path_components):
        """Wagtail's walk down the path, with the pages on it read in one query.

        Wagtail reads each level twice (the child by slug, then its specific type): four
        queries for a destination, six for an attraction. Here every page on the path is
        read at once (by slug, which is indexed; url_path is not) and told apart by its
        url_path (Wagtail keeps it equal to the slugs from the home page down); only the
        last one's specific type is read. The walk is otherwise Wagtail's: a missing level
        is a 404, the page itself must be live (the pages above it need not be), and a
        page type with routes of its own (RoutablePageMixin: the calendar, places to
        stay) routes what lies below it itself.
        """
        if not path_components:
            return super().route(request, path_components)
        url_paths = [self.url_path + "/".join(path_components[:n]) + "/"
                     for n in range(1, len(path_components) + 1)]
        on_path = {page.url_path: page for page in Page.objects.filter(
            slug__in=set(path_components),
            depth__range=(self.depth + 1, self.depth + len(path_components)),
            path__startswith=self.path)}
        parent = self
        for level, url_path in enumerate(url_paths, start=1):
            page = on_path.get(url_path)
            if page is None or page.depth != self.depth + level:
                raise Http404
            page._cached_parent_obj = parent  # as Wagtail's walk does: no query for it
            page_class = page.specific_class
            if page_class is None or page_class.route is not Page.route:
                return _specific(page).route(request, path_components[level:])
            parent = page
        return _specific(parent).route(request, [])

    def featured_pages(self):
        """Featured destinations, live, in this page's language when translated.

        An untranslated home page (or one whose editors left the list empty) shows the
        list chosen on the default-language home page.
        """
        items = list(self.featured_destinations.select_related("page"))
        if not items:
            source = self.get_translations().filter(
                locale__language_code=settings.LANGUAGE_CODE).first()
            if source is not None:
                items = list(source.specific.featured_destinations.select_related("page"))
        pages = []
        for item in items:
            page = item.page.specific
            translated = page.get_translation_or_none(self.locale)
            page = (translated or page).specific
            if page.live:
                pages.append(page)
        return pages


# What every portal page shows of its relations (the JSON-LD's language, the hero
# picture and its credit, the commune), read with the page itself rather than one query
# each.
SHOWN_WITH_THE_PAGE = ("locale", "hero_image", "hero_image__credit", "commune")


def _specific(page: Page) -> Page:
    """page.specific (Wagtail's, attributes included), with its shown relations joined."""
    model = page.specific_class
    if model is None:
        return page.specific
    names = [name for name in SHOWN_WITH_THE_PAGE if _is_foreign_key(model, name)]
    specific = model._default_manager.select_related(*names).get(id=page.id)
    for name, value in page.__dict__.items():
        specific.__dict__.setdefault(name, value)
    return specific


def _is_foreign_key(model, name: str) -> bool:
    try:
        return model._meta.get_field(name.split("__")[0]).many_to_one
    except FieldDoesNotExist:
        return False


class HomePageFeaturedDestination(Orderable):
    home = ParentalKey(HomePage, related_name="featured_destinations", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("destination"),
                             on_delete=models.CASCADE, related_name="+")

    # Which page types may be featured is the project's choice (it knows the apps).
    panels = [PageChooserPanel("page", settings.HOME_FEATURED_PAGE_TYPES)]

    class Meta(Orderable.Meta):
        verbose_name = _("featured destination")
