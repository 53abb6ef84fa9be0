from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class EstablishmentKind(models.TextChoices):
    HOTEL = "hotel", _("Hotel")
    HOMESTAY = "homestay", _("Homestay")
    GUESTHOUSE = "guesthouse", _("Guesthouse")
    RESORT = "resort", _("Resort")
    HOSTEL = "hostel", _("Hostel")
    APARTMENT = "apartment", _("Serviced apartment")
    OTHER = "other", _("Other")


class Amenity(models.TextChoices):
    WIFI = "wifi", _("Wi-Fi")
    PARKING = "parking", _("Parking")
    BREAKFAST = "breakfast", _("Breakfast")
    RESTAURANT = "restaurant", _("Restaurant")
    AIR_CONDITIONING = "air_conditioning", _("Air conditioning")
    HEATING = "heating", _("Heating")
    MOUNTAIN_VIEW = "mountain_view", _("Mountain view")
    AIRPORT_SHUTTLE = "shuttle", _("Shuttle")
    TREKKING_GUIDE = "trekking_guide", _("Trekking guide")
    SPA = "spa", _("Spa")
    POOL = "pool", _("Swimming pool")
    FAMILY_ROOMS = "family_rooms", _("Family rooms")
    PETS = "pets", _("Pets allowed")


class EstablishmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


class EstablishmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=EstablishmentStatus.ACTIVE)


class Establishment(models.Model):
    """A licensed place to stay: public listing data plus what the police need."""

    code = models.SlugField(_("code"), max_length=32, unique=True,
                            help_text=_("Short unique code, e.g. SAPA-0001."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EstablishmentKind.choices)
    licence_number = models.CharField(_("licence number"), max_length=64, blank=True)
    stars = models.PositiveSmallIntegerField(
        _("stars"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    address = models.CharField(_("address"), max_length=300)
    commune = models.ForeignKey("cms.Commune", on_delete=models.PROTECT,
                                related_name="establishments", verbose_name=_("commune or ward"))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6,
                                   null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6,
                                    null=True, blank=True)
    rooms = models.PositiveIntegerField(_("rooms"), default=1)
    price_min = models.PositiveIntegerField(_("lowest price (VND)"), null=True, blank=True)
    price_max = models.PositiveIntegerField(_("highest price (VND)"), null=True, blank=True)
    amenities = models.JSONField(_("amenities"), default=list, blank=True,
                                 help_text=_("Codes from the amenity list."))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    photo = models.ForeignKey("wagtailimages.Image", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("photo"))
    # Foreign guests must be declared within 24 h instead of 12 h in remote areas.
    is_remote = models.BooleanField(_("remote area"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=EstablishmentStatus.choices,
                              default=EstablishmentStatus.ACTIVE)
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_min__isnull=True) | models.Q(price_max__isnull=True)
                | models.Q(price_min__lte=models.F("price_max")),
                name="establishment_price_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def is_active(self) -> bool:
        return self.status == EstablishmentStatus.ACTIVE


class StaffRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    RECEPTIONIST = "receptionist", _("Receptionist")


class StaffMembership(models.Model):
    """A user works for one or more establishments, with a role in each."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="establishment_memberships")
    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE,
                                      related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=StaffRole.choices,
                            default=StaffRole.RECEPTIONIST)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "establishment"],
                                    name="one_membership_per_user_and_establishment"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.establishment.code} ({self.role})"
