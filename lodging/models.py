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


class Channel(models.TextChoices):
    FORM = "form", _("Web form")
    UPLOAD = "upload", _("Spreadsheet upload")
    API = "api", _("PMS API")


class Submission(models.Model):
    """One accepted notification to the police: the receipt the establishment keeps."""

    receipt_code = models.CharField(_("receipt code"), max_length=32, unique=True)
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT,
                                      related_name="submissions")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    created_at = models.DateTimeField(_("submitted at"), db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return self.receipt_code


class StayStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    CHECKED_OUT = "checked_out", _("Checked out")
    CANCELLED = "cancelled", _("Cancelled")


class NationalStatus(models.TextChoices):
    """Where a stay is on its way to the national residence system (lodging.national)."""

    PENDING = "pending", _("Not yet delivered")
    EXPORTED = "exported", _("In a batch not yet confirmed")
    VERIFIED = "verified", _("Confirmed on the national portal")
    RESEND = "resend", _("Changed after delivery: send again")


class Stay(models.Model):
    """One guest's stay, with the identity exactly as given at this stay."""

    # Every index below is paid for by every registration (a 100-stay batch updates each
    # one 100 times), so only those a query uses are kept. The establishment is served by
    # the (establishment, -arrival) index; the folded name is only ever matched with
    # `contains` (the police's database fallback, admin search), which no B-tree serves.
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT,
                                      related_name="stays", verbose_name=_("establishment"),
                                      db_index=False)
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="stays")
    receipt_code = models.CharField(_("receipt code"), max_length=40, unique=True)
    # Identity as given
    full_name = models.CharField(_("full name"), max_length=200)
    full_name_folded = models.CharField(max_length=200, editable=False)
    sex = models.CharField(_("sex"), max_length=1)
    date_of_birth = models.DateField(_("date of birth"))
    document_type = models.CharField(_("document type"), max_length=16)
    document_number = models.CharField(_("document number"), max_length=20)
    nationality = models.CharField(_("nationality"), max_length=3)
    address = models.CharField(_("permanent address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    entry_date = models.DateField(_("date of entry"), null=True, blank=True)
    port_of_entry = models.CharField(_("port of entry"), max_length=120, blank=True)
    visa_type = models.CharField(_("visa or exemption type"), max_length=10, blank=True)
    visa_number = models.CharField(_("visa or exemption number"), max_length=40, blank=True)
    permitted_stay_until = models.DateField(_("permitted stay until"), null=True, blank=True)
    # From the CCCD QR (its 7th field): tells a "Thẻ Căn Cước" from an older "Thẻ CCCD".
    issue_date = models.DateField(_("document issued on"), null=True, blank=True)
    # From the passport MRZ: the national portal refuses it as the permitted stay.
    expiry_date = models.DateField(_("document valid until"), null=True, blank=True)
    # The stay
    room = models.CharField(_("room"), max_length=20)
    arrival = models.DateTimeField(_("arrival"))
    expected_departure = models.DateTimeField(_("expected departure"))
    departure = models.DateTimeField(_("departure"), null=True, blank=True)
    reason = models.CharField(_("reason for stay"), max_length=200, blank=True)
    # The national catalogue's code ("1"-"20"); `reason` holds its label, or for code 20
    # the guest's own words (lodging.national.catalogue.parse_reason).
    reason_code = models.CharField(_("reason for stay (code)"), max_length=2, blank=True)
    national_status = models.CharField(_("national portal"), max_length=10,
                                       choices=NationalStatus.choices,
                                       default=NationalStatus.PENDING)
    status = models.CharField(_("status"), max_length=16, choices=StayStatus.choices,
                              default=StayStatus.REGISTERED)
    notified_at = models.DateTimeField(_("notified at"))
    deadline = models.DateTimeField(_("notification deadline"))
    late = models.BooleanField(_("notified late"), default=False)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-arrival"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        indexes = [
            models.Index(fields=["document_number", "document_type"]),
            models.Index(fields=["establishment", "-arrival"]),
            models.Index(fields=["status", "arrival"]),
            # Equality only (the police's nationality filter): no pattern-ops twin, which
            # `db_index=True` would add on PostgreSQL.
            models.Index(fields=["nationality"], name="lodging_stay_nationality_idx"),
        ]

    def __str__(self):
        return f"{self.receipt_code} {self.establishment.code} {self.room}"

    @property
    def is_foreigner(self) -> bool:
        return self.nationality != "VNM"

    @property
    def is_open(self) -> bool:
        return self.status == StayStatus.REGISTERED


class StayAction(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    CORRECTED = "corrected", _("Corrected")
    EXTENDED = "extended", _("Extended")
    CHECKED_OUT = "checked_out", _("Checked out")
    CANCELLED = "cancelled", _("Cancelled")


class StayHistory(models.Model):
    """Every change of a stay: who, when, what (before and after) and why."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="history")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    at = models.DateTimeField(_("at"), db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=StayAction.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("stay history entry")
        verbose_name_plural = _("stay history")

    def __str__(self):
        return f"{self.stay_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class IdempotencyKey(models.Model):
    """A PMS retry with the same key gets the first answer back, never a second stay."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_response_per_key"),
        ]

    def __str__(self):
        return f"{self.user_id}:{self.key}"


class ReminderKind(models.TextChoices):
    OWNER_DIGEST = "owner_digest", _("Daily digest for owners")
    LATE_NOTICE = "late_notice", _("Notice of a late notification")
    WATCHLIST_ALERT = "watchlist_alert", _("New watchlist alert")


class ReminderPreference(models.Model):
    """What one person wants to receive, and in which language."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="reminder_preference")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    opted_out = models.JSONField(_("reminders turned off"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return f"{self.user} ({self.language})"

    def wants(self, kind: str) -> bool:
        return kind not in self.opted_out


class SentReminder(models.Model):
    """The ledger: one row per reminder sent, under a key that makes it happen once."""

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=24, choices=ReminderKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    sent_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")

    def __str__(self):
        return self.key
