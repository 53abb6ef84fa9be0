from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.units import LAO_CAI_PROVINCE_CODE, PROVINCE_PREFIXES, WARD_PREFIXES
from search.text import fold


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


class HomePage(Page):
    """The portal's front page; tourism sections hang below it."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
