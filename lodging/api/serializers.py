"""Parse and render stays for the PMS API; rules live in lodging.services."""

import threading
from operator import attrgetter

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils import timezone, translation
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from lodging.identity import CardName, DocumentType, Sex
from lodging.models import Stay, StayStatus
from lodging.national.catalogue import reason_label

_per_thread = threading.local()


def shared(serializer_class: type[serializers.Serializer]) -> serializers.Serializer:
    """One instance of a serializer that needs no context, per thread and language, built
    once and reused for every parse (`run_validation`) or render (`to_representation`).

    Building a serializer's fields (and for a model serializer, mapping every model field
    to a DRF field with its arguments) cost more than parsing or rendering one stay: a
    tenth of a single registration. Neither call keeps anything on the instance. Per
    language, because DRF formats some messages (max_length, min_length) once and then
    keeps the text: an instance built for a Vietnamese request answers in Vietnamese.
    """
    built = _per_thread.__dict__.setdefault("serializers", {})
    key = (serializer_class, translation.get_language())
    serializer = built.get(key)
    if serializer is None:
        serializer = built[key] = serializer_class()
    return serializer


class SiteDateTimeField(serializers.DateTimeField):
    """A DateTimeField in the site's time zone, fixed when the field is built.

    DRF asks for the current time zone on every value it parses or renders (asgiref's
    context-local storage: a third of the time of a 100-stay response). The platform never
    activates another zone (no `timezone.activate`), so the current zone is always
    TIME_ZONE, and the output is the same.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default_timezone", timezone.get_default_timezone())
        super().__init__(*args, **kwargs)


class SiteModelSerializer(serializers.ModelSerializer):
    """A read-mostly model serializer for lists of stays: the site's time zone (above), and
    each field's way to its value resolved once per serializer instead of once per value.

    DRF walks `source_attrs` for every field of every object, checking at each step for a
    mapping, a callable and a missing object: a fifth of a 100-stay response. A field
    whose source is a chain of plain model fields (`full_name`, `establishment.code`) is
    read with one attribute getter; anything else (methods, related fields with their
    primary-key shortcut, a chain with a missing object) goes DRF's own way.
    """

    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping,
                                models.DateTimeField: SiteDateTimeField}

    @classmethod
    def render(cls, instances) -> list[dict]:
        """Every instance as this serializer shows it, by the thread's shared instance."""
        serializer = shared(cls)
        return [serializer.to_representation(instance) for instance in instances]

    def to_representation(self, instance):
        plan = self.__dict__.get("_read_plan")
        if plan is None:
            plan = self.__dict__["_read_plan"] = [
                (field, _plain_getter(self.Meta.model, field))
                for field in self._readable_fields]
        ret = {}
        for field, getter in plan:
            if getter is not None:
                try:
                    attribute = getter(instance)
                except (AttributeError, ObjectDoesNotExist):
                    getter = None  # e.g. a missing related object: DRF decides
            if getter is None:
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    continue
                if isinstance(attribute, PKOnlyObject):
                    attribute = attribute if attribute.pk is not None else None
            ret[field.field_name] = (None if attribute is None
                                     else field.to_representation(attribute))
        return ret


def _plain_getter(model, field):
    """attrgetter for a source made only of concrete model fields, else None."""
    if isinstance(field, (serializers.RelatedField, serializers.ManyRelatedField,
                          serializers.BaseSerializer)) or not field.source_attrs:
        return None
    for name in field.source_attrs:
        try:
            model_field = model._meta.get_field(name)
        except (FieldDoesNotExist, AttributeError):
            return None
        if not model_field.concrete or model_field.many_to_many:
            return None
        model = model_field.related_model if model_field.is_relation else None
    return attrgetter(".".join(field.source_attrs))


class StayInputSerializer(serializers.Serializer):
    """One guest's stay as a PMS sends it (DESIGN.md section 5 field names)."""

    establishment_code = serializers.CharField(required=False, max_length=32)
    qr = serializers.CharField(required=False, allow_blank=True, max_length=1000,
                               help_text="CCCD QR text, instead of the identity fields.")
    mrz = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                help_text="The two passport MRZ lines, newline-separated.")
    full_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    date_of_birth = serializers.DateField(required=False)
    document_type = serializers.ChoiceField(choices=DocumentType.choices, required=False)
    document_number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    card_name = serializers.ChoiceField(
        choices=CardName.choices, required=False, allow_blank=True,
        help_text="For a CCCD: the card's name, CCCD or Căn cước (issued from 2024-07-01).")
    nationality = serializers.CharField(required=False, allow_blank=True, max_length=3)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=32)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=200,
        help_text="Reason for stay: a national catalogue code (\"1\"-\"20\"), its label with or "
                  "without diacritics (\"du lich\"), or any other text (kept as code 20).")
    room = serializers.CharField(max_length=20)
    arrival = SiteDateTimeField()
    expected_departure = SiteDateTimeField()
    entry_date = serializers.DateField(required=False, allow_null=True)
    port_of_entry = serializers.CharField(required=False, allow_blank=True, max_length=120)
    visa_type = serializers.CharField(required=False, allow_blank=True, max_length=10)
    visa_number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    permitted_stay_until = serializers.DateField(required=False, allow_null=True)
    issue_date = serializers.DateField(required=False, allow_null=True,
                                       help_text="Date the document was issued (CCCD QR field 7).")
    expiry_date = serializers.DateField(
        required=False, allow_null=True,
        help_text="Date the document expires; an expired document is refused. Read from "
                  "the MRZ when `mrz` is sent.")
    confirm_short_permitted_stay = serializers.BooleanField(
        required=False, default=False,
        help_text="A foreigner's permitted stay ending before the expected departure is "
                  "refused with code `short_permitted_stay` unless this is true (the "
                  "stay is then flagged `permitted_stay_short` for the police).")


class StayCorrectionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    full_name = serializers.CharField(required=False, max_length=200)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    date_of_birth = serializers.DateField(required=False)
    document_type = serializers.ChoiceField(choices=DocumentType.choices, required=False)
    document_number = serializers.CharField(required=False, max_length=30)
    nationality = serializers.CharField(required=False, max_length=3)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=32)
    reason_for_stay = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                            source="stay_reason")
    room = serializers.CharField(required=False, max_length=20)
    arrival = SiteDateTimeField(required=False)
    expected_departure = SiteDateTimeField(required=False)
    departure = SiteDateTimeField(required=False, allow_null=True)
    entry_date = serializers.DateField(required=False, allow_null=True)
    port_of_entry = serializers.CharField(required=False, allow_blank=True, max_length=120)
    visa_type = serializers.CharField(required=False, allow_blank=True, max_length=10)
    visa_number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    permitted_stay_until = serializers.DateField(required=False, allow_null=True)
    issue_date = serializers.DateField(required=False, allow_null=True)
    expiry_date = serializers.DateField(required=False, allow_null=True)


class CheckoutSerializer(serializers.Serializer):
    departure = SiteDateTimeField(required=False)


class ExtendSerializer(serializers.Serializer):
    expected_departure = SiteDateTimeField(help_text="The new expected departure.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)
    confirm_short_permitted_stay = serializers.BooleanField(
        required=False, default=False,
        help_text="Needed when the new departure is after a foreigner's permitted stay "
                  "(otherwise 400 with code `short_permitted_stay`).")


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="Why the stay is cancelled.")


class ArrivalBoundsSerializer(serializers.Serializer):
    """The date filters of the staff list; a bad date is a 400, never a 500."""

    arrival_from = serializers.DateField(required=False)
    arrival_to = serializers.DateField(required=False)


class StaySearchSerializer(serializers.Serializer):
    """The body of POST /api/v1/stays/search/: the search box of the hotel UI (it takes
    names and document numbers, so never a URL) and the list's filters."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200,
        help_text="A name (any accents), a document number, a room or a receipt code")
    status = serializers.ChoiceField(choices=StayStatus.choices, required=False,
                                     allow_blank=True)
    arrival_from = serializers.DateField(required=False, allow_null=True)
    arrival_to = serializers.DateField(required=False, allow_null=True)
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=500,
                                         default=50)


class StaySerializer(SiteModelSerializer):
    """The stay as staff and police see it (contract fields of DESIGN.md)."""

    establishment_code = serializers.CharField(source="establishment.code")
    commune = serializers.CharField(source="establishment.commune.code")
    reason_label = serializers.SerializerMethodField(
        help_text="The catalogue label of reason_code (\"Du lịch\"); reason is the label, or "
                  "the guest's own words for code 20.")

    class Meta:
        model = Stay
        fields = ["id", "receipt_code", "full_name", "sex", "date_of_birth", "document_type",
                  "document_number", "nationality", "establishment_code", "commune", "room",
                  "arrival", "expected_departure", "departure", "notified_at", "deadline",
                  "late", "status", "reason", "reason_code", "reason_label", "flags",
                  "national_status"]
        read_only_fields = fields

    def get_reason_label(self, stay) -> str:
        return reason_label(stay.reason_code)


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="0-based index of the stay in the request.")
    field = serializers.CharField(help_text="Field name, or __all__.")
    message = serializers.CharField()
    code = serializers.CharField(required=False,
                                 help_text="Present on errors a client may act on: "
                                           "`short_permitted_stay`.")


class ErrorResponseSerializer(serializers.Serializer):
    errors = RowErrorSerializer(many=True)


class StaySearchResultSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = StaySerializer(many=True)


class RegistrationResponseSerializer(serializers.Serializer):
    receipt_code = serializers.CharField()
    stays = StaySerializer(many=True)
