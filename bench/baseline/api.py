"""The baseline endpoint: a ModelSerializer and a CreateAPIView, one object or a list
(a list is saved with one bulk_create). No rule beyond the field types."""

from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated

from bench.baseline.models import BaselineStay


class BulkListSerializer(serializers.ListSerializer):
    def create(self, validated_data):
        return BaselineStay.objects.bulk_create([BaselineStay(**row) for row in validated_data])


class BaselineStaySerializer(serializers.ModelSerializer):
    class Meta:
        model = BaselineStay
        exclude = ["establishment", "created_by"]
        list_serializer_class = BulkListSerializer


class BaselineStayCreate(generics.CreateAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = BaselineStaySerializer

    def get_serializer(self, *args, **kwargs):
        if isinstance(kwargs.get("data"), list):
            kwargs["many"] = True
        return super().get_serializer(*args, **kwargs)

    def perform_create(self, serializer):
        # The user's establishment, as the real API does for staff of one establishment.
        membership = self.request.user.establishment_memberships.first()
        serializer.save(establishment=membership.establishment, created_by=self.request.user)
