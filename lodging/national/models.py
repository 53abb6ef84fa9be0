"""The delivery ledger: which stays went to the national portal, in which batch, proven how.

A batch is one file (or one API call) of one kind for one establishment and period. It
is only proven delivered when the portal's own count (or its list) matches what was sent:
the portal answers "import successful" even when it imported nothing.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchKind(models.TextChoices):
    VIETNAMESE = "vn", _("Vietnamese guests (XLSX)")
    FOREIGN = "foreign", _("Foreign guests (XML)")


class BatchState(models.TextChoices):
    EXPORTED = "exported", _("Exported, not yet confirmed")
    VERIFIED = "verified", _("Confirmed on the portal")
    FAILED = "failed", _("Not confirmed: send again")


class TransportName(models.TextChoices):
    FILE = "file", _("File uploaded by staff")
    HTTP = "http", _("Portal API")


class NationalBatch(models.Model):
    establishment = models.ForeignKey("lodging.Establishment", on_delete=models.PROTECT,
                                      related_name="national_batches")
    kind = models.CharField(_("kind"), max_length=8, choices=BatchKind.choices)
    date_from = models.DateField(_("arrivals from"))
    date_to = models.DateField(_("arrivals to"))
    transport = models.CharField(_("transport"), max_length=8, choices=TransportName.choices,
                                 default=TransportName.FILE)
    # The file as written (personal data): served only to the establishment's staff,
    # never from MEDIA_ROOT, and cleared with the stays by the anonymisation.
    filename = models.CharField(_("file"), max_length=120)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    count = models.PositiveIntegerField(_("records"))
    state = models.CharField(_("state"), max_length=10, choices=BatchState.choices,
                             default=BatchState.EXPORTED)
    # Sent as the Idempotency-Key of every attempt, so a retry never delivers twice.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"))
    seen_count = models.PositiveIntegerField(_("records seen on the portal"), null=True,
                                             blank=True)
    closed_at = models.DateTimeField(_("confirmed or failed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("national portal batch")
        verbose_name_plural = _("national portal batches")
        indexes = [models.Index(fields=["establishment", "-created_at"])]

    def __str__(self):
        return f"{self.establishment_id} {self.kind} {self.date_from}..{self.date_to}"


class ItemResult(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("On the portal")
    REJECTED = "rejected", _("Refused by the portal")
    MISSING = "missing", _("Not on the portal")


class Operation(models.TextChoices):
    DECLARE = "declare", _("New stay")
    CHANGE = "change", _("Change of a stay the portal holds")


class NationalBatchItem(models.Model):
    """One stay in one batch, at its position in the file (so_thu_tu / row)."""

    batch = models.ForeignKey(NationalBatch, on_delete=models.CASCADE, related_name="items")
    stay = models.ForeignKey("lodging.Stay", on_delete=models.CASCADE,
                             related_name="national_items")
    position = models.PositiveIntegerField()
    # The API's call for it: a new stay, or a change of the stay the portal already holds
    # (a correction, extension or check-out after it was accepted). A file is always new.
    operation = models.CharField(max_length=8, choices=Operation.choices,
                                 default=Operation.DECLARE)
    # The portal's key of the record as sent: a later change names the record by what the
    # portal holds, which a correction may have changed since. Personal data: emptied by
    # the anonymisation, as the batch file is.
    sent_document_number = models.CharField(max_length=20, blank=True)
    sent_arrival = models.DateField(null=True, blank=True)
    result = models.CharField(max_length=10, choices=ItemResult.choices,
                              default=ItemResult.SENT)
    message = models.CharField(max_length=300, blank=True)
    # When the portal was proven to hold this record (the police's "within deadline").
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "stay"],
                                               name="one_item_per_batch_and_stay")]

    def __str__(self):
        return f"{self.batch_id}#{self.position}"


class PortalRefusal(models.Model):
    """A stay the portal's API refused by one of its rules (an arrival before yesterday, an
    overlapping stay, ...): not a fault, so the same record would be refused again.

    While the stay is unchanged since (its `updated_at` still the one recorded here) the
    HTTP transport leaves it out of its batches; the staff page shows the portal's reason,
    and the next file export takes it as it takes any undelivered stay. A correction makes
    the refusal stale and the API is tried again; the portal holding the stay (by any
    transport) removes it.
    """

    stay = models.OneToOneField("lodging.Stay", on_delete=models.CASCADE,
                                related_name="portal_refusal")
    item = models.ForeignKey(NationalBatchItem, on_delete=models.CASCADE, related_name="+")
    # The portal's error code: never personal data.
    error = models.CharField(_("portal's reason"), max_length=300)
    at = models.DateTimeField(_("refused at"))
    stay_updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("refusal by the national portal")
        verbose_name_plural = _("refusals by the national portal")

    def __str__(self):
        return f"{self.stay_id} {self.error}"


class ReconciliationMethod(models.TextChoices):
    COUNT = "count", _("Count typed by staff")
    LIST = "list", _("Portal's list uploaded")
    API = "api", _("Portal API answer")


class NationalReconciliation(models.Model):
    """Every check of a batch against the portal: who, when, how and what was found."""

    batch = models.ForeignKey(NationalBatch, on_delete=models.CASCADE,
                              related_name="reconciliations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+", null=True, blank=True)
    at = models.DateTimeField()
    method = models.CharField(max_length=8, choices=ReconciliationMethod.choices)
    seen = models.PositiveIntegerField()
    expected = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=BatchState.choices)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.batch_id} {self.method} {self.seen}/{self.expected}"


class AttemptOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered per record")
    TIMEOUT = "timeout", _("Timed out")
    SERVER_ERROR = "server_error", _("Server error")
    REFUSED = "refused", _("Request refused")
    AUTH_FAILED = "auth_failed", _("Sign-in refused")
    UNREACHABLE = "unreachable", _("Unreachable")
    # No request could be made (an empty or malformed URL, a setting missing): retried,
    # since the settings are fixed without touching the ledger.
    REQUEST_ERROR = "request_error", _("Request not made (settings)")


class NationalDeliveryAttempt(models.Model):
    """One try of the HTTP transport (none for files): kept whatever happened."""

    batch = models.ForeignKey(NationalBatch, on_delete=models.CASCADE,
                              related_name="attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=AttemptOutcome.choices)
    accepted = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # Never personal data: the portal's error codes and our own words only.
    detail = models.CharField(max_length=300, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"],
                                               name="one_attempt_number_per_batch")]

    def __str__(self):
        return f"{self.batch_id}#{self.number} {self.outcome}"
