"""Parse and render stays for the PMS API; rules live in lodging.services."""

from rest_framework import serializers

from lodging.identity import DocumentType, Sex
from lodging.models import Stay


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
    nationality = serializers.CharField(required=False, allow_blank=True, max_length=3)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=32)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)
    room = serializers.CharField(max_length=20)
    arrival = serializers.DateTimeField()
    expected_departure = serializers.DateTimeField()
    entry_date = serializers.DateField(required=False, allow_null=True)
    port_of_entry = serializers.CharField(required=False, allow_blank=True, max_length=120)
    visa_type = serializers.CharField(required=False, allow_blank=True, max_length=10)
    visa_number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    permitted_stay_until = serializers.DateField(required=False, allow_null=True)


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
    arrival = serializers.DateTimeField(required=False)
    expected_departure = serializers.DateTimeField(required=False)
    departure = serializers.DateTimeField(required=False, allow_null=True)
    entry_date = serializers.DateField(required=False, allow_null=True)
    port_of_entry = serializers.CharField(required=False, allow_blank=True, max_length=120)
    visa_type = serializers.CharField(required=False, allow_blank=True, max_length=10)
    visa_number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    permitted_stay_until = serializers.DateField(required=False, allow_null=True)


class CheckoutSerializer(serializers.Serializer):
    departure = serializers.DateTimeField(required=False)


class ArrivalBoundsSerializer(serializers.Serializer):
    """The date filters of the staff list; a bad date is a 400, never a 500."""

    arrival_from = serializers.DateField(required=False)
    arrival_to = serializers.DateField(required=False)


class StaySerializer(serializers.ModelSerializer):
    """The stay as staff and police see it (contract fields of DESIGN.md)."""

    establishment_code = serializers.CharField(source="establishment.code")
    commune = serializers.CharField(source="establishment.commune.code")

    class Meta:
        model = Stay
        fields = ["id", "receipt_code", "full_name", "sex", "date_of_birth", "document_type",
                  "document_number", "nationality", "establishment_code", "commune", "room",
                  "arrival", "expected_departure", "departure", "notified_at", "deadline",
                  "late", "status", "reason", "flags"]
        read_only_fields = fields


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="0-based index of the stay in the request.")
    field = serializers.CharField(help_text="Field name, or __all__.")
    message = serializers.CharField()


class ErrorResponseSerializer(serializers.Serializer):
    errors = RowErrorSerializer(many=True)


class RegistrationResponseSerializer(serializers.Serializer):
    receipt_code = serializers.CharField()
    stays = StaySerializer(many=True)
