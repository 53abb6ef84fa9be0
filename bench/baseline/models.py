"""A plain table with the stay's columns: what "just save the row" costs, for comparison."""

from django.conf import settings
from django.db import models


class BaselineStay(models.Model):
    establishment = models.ForeignKey("lodging.Establishment", on_delete=models.PROTECT,
                                      related_name="+")
    receipt_code = models.CharField(max_length=40, blank=True)
    full_name = models.CharField(max_length=200)
    full_name_folded = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=1)
    date_of_birth = models.DateField()
    document_type = models.CharField(max_length=16)
    document_number = models.CharField(max_length=20)
    nationality = models.CharField(max_length=3)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    entry_date = models.DateField(null=True, blank=True)
    port_of_entry = models.CharField(max_length=120, blank=True)
    visa_type = models.CharField(max_length=10, blank=True)
    visa_number = models.CharField(max_length=40, blank=True)
    permitted_stay_until = models.DateField(null=True, blank=True)
    room = models.CharField(max_length=20)
    arrival = models.DateTimeField()
    expected_departure = models.DateTimeField()
    departure = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, default="registered")
    notified_at = models.DateTimeField(auto_now_add=True)
    late = models.BooleanField(default=False)
    flags = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.document_number} {self.room}"
