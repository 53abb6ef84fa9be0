"""Police review models: who may look (officers and their jurisdiction), what they looked
at (the append-only audit log) and whom they look for (watchlist and its alerts)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PoliceRole(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Commune or ward officer")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    AUDITOR = "auditor", _("Auditor")


class PoliceOfficer(models.Model):
    """A police user: the role decides the jurisdiction, the commune narrows it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="police_officer")
    role = models.CharField(_("role"), max_length=24, choices=PoliceRole.choices)
    commune = models.ForeignKey("cms.Commune", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="police_officers",
                                verbose_name=_("commune or ward"))
    can_manage_watchlist = models.BooleanField(_("can manage the watchlist"), default=False)

    class Meta:
        verbose_name = _("police officer")
        verbose_name_plural = _("police officers")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="commune_officer") | models.Q(commune__isnull=False),
                name="commune_officer_has_commune"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class AuditAction(models.TextChoices):
    VIEW_DASHBOARD = "view_dashboard", _("Viewed the dashboard")
    SEARCH = "search", _("Searched stays")
    VIEW_STAY = "view_stay", _("Viewed a stay")
    TIMELINE = "timeline", _("Viewed a person's timeline")
    EXPORT = "export", _("Exported stays")
    WATCHLIST_ADD = "watchlist_add", _("Added a watchlist entry")
    WATCHLIST_CHANGE = "watchlist_change", _("Changed a watchlist entry")
    VIEW_WATCHLIST = "view_watchlist", _("Viewed the watchlist")
    WATCHLIST_IMPORT = "watchlist_import", _("Imported watchlist entries")
    VIEW_ALERTS = "view_alerts", _("Viewed watchlist alerts")
    ALERT_ACK = "alert_ack", _("Acknowledged an alert")
    API_SEARCH = "api_search", _("Searched stays through the API")
    VIEW_AUDIT_LOG = "view_audit_log", _("Viewed the audit log")
    VIEW_STATISTICS = "view_statistics", _("Viewed statistics")
    VIEW_ESTABLISHMENTS = "view_establishments", _("Viewed establishments")
    SUSPEND = "suspend", _("Suspended an establishment")
    REACTIVATE = "reactivate", _("Reactivated an establishment")


TERM_LABELS = {"name": _("name"), "document_number": _("document number"),
               "date_of_birth": _("date of birth")}


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk update and delete are refused: the audit log is never rewritten."""

    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")

    def erase_terms(self, kind: str, digests) -> int:
        """The one rewrite the log allows: when the stays a hashed term referred to are
        anonymised (retention), the events forget that term too. Returns the events
        changed."""
        digests = set(digests)
        if not digests:
            return 0
        changed = 0
        lookup = {f"params__terms__{kind}__in": list(digests)}
        for pk, params in self.filter(**lookup).values_list("pk", "params"):
            terms = {k: v for k, v in params.get("terms", {}).items()
                     if not (k == kind and v in digests)}
            params = {k: v for k, v in params.items() if k != "terms"}
            if terms:
                params["terms"] = terms
            # Bypasses the refusal above on purpose, for this one event.
            models.QuerySet.update(self.model.objects.filter(pk=pk), params=params)
            changed += 1
        return changed


class AuditEvent(models.Model):
    """One access to personal data: who, when, from where, what and how many rows."""

    # PROTECT: a user who looked at personal data cannot be deleted out of the record.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("user"))
    at = models.DateTimeField(_("at"), db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=24, choices=AuditAction.choices,
                              db_index=True)
    # Filters in clear; names, document numbers and birth dates only as keyed hashes under
    # "terms" (lodging/police/audit.py), never as typed.
    params = models.JSONField(_("query and parameters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    object_ref = models.CharField(_("object"), max_length=100, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")

    @property
    def public_params(self) -> dict:
        """The parameters an auditor reads: filters that identify nobody."""
        return {key: value for key, value in self.params.items() if key != "terms"}

    @property
    def searched_for(self) -> list[str]:
        """What kinds of personal terms the event looked for (their values are hashed)."""
        terms = self.params.get("terms") or {}
        return [str(label) for kind, label in TERM_LABELS.items() if kind in terms]


class WatchlistEntryQuerySet(models.QuerySet):
    def in_force(self, now):
        return self.filter(active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))


class WatchlistEntry(models.Model):
    """A person the police want to know about: by document, or by name and birth date."""

    document_type = models.CharField(_("document type"), max_length=16, blank=True)
    document_number = models.CharField(_("document number"), max_length=20, blank=True,
                                       db_index=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    full_name_folded = models.CharField(max_length=200, blank=True, db_index=True,
                                        editable=False)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WatchlistEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("watchlist entry")
        verbose_name_plural = _("watchlist")

    def __str__(self):
        return self.document_number or self.full_name

    def clean(self):
        if not self.document_number and not self.full_name:
            raise ValidationError(_("Give a document number or a full name."))


class WatchlistAlert(models.Model):
    """A registered stay matched a watchlist entry; seen only by the police."""

    stay = models.ForeignKey("lodging.Stay", on_delete=models.CASCADE,
                             related_name="watchlist_alerts")
    entry = models.ForeignKey(WatchlistEntry, on_delete=models.PROTECT, related_name="alerts")
    created_at = models.DateTimeField(_("raised at"), db_index=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("watchlist alert")
        verbose_name_plural = _("watchlist alerts")
        constraints = [
            models.UniqueConstraint(fields=["stay", "entry"], name="one_alert_per_stay_entry"),
        ]

    def __str__(self):
        return f"{self.entry} → {self.stay_id}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None
