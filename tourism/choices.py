"""The fixed vocabularies of the portal's pages: kinds of attraction, seasons, difficulty,
how an event repeats. Plain choices, importable without the page models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AttractionKind(models.TextChoices):
    MOUNTAIN = "mountain", _("Mountain")
    VILLAGE = "village", _("Village")
    MARKET = "market", _("Market")
    WATERFALL = "waterfall", _("Waterfall")
    TEMPLE = "temple", _("Temple")
    PASS = "pass", _("Mountain pass")
    LAKE = "lake", _("Lake")
    TERRACES = "terraces", _("Rice terraces")
    HOT_SPRING = "hot_spring", _("Hot spring")
    HERITAGE = "heritage", _("Heritage site")
    BORDER = "border", _("Border gate")
    VIEWPOINT = "viewpoint", _("Viewpoint")


class Season(models.TextChoices):
    ALL_YEAR = "all_year", _("All year")
    SPRING = "spring", _("Spring (February–April)")
    SUMMER = "summer", _("Summer (May–August)")
    AUTUMN = "autumn", _("Autumn (September–November)")
    WINTER = "winter", _("Winter (December–January)")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MODERATE = "moderate", _("Moderate")
    CHALLENGING = "challenging", _("Challenging")


class Recurrence(models.TextChoices):
    NONE = "none", _("Once")
    WEEKLY = "weekly", _("Every week")
    YEARLY = "yearly", _("Every year")
