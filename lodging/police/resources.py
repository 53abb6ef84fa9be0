"""Export of police search results (XLSX/CSV through django-import-export)."""

from import_export import fields, resources

from lodging.models import Stay
from lodging.resources import neutralise_formula


class PoliceStayResource(resources.ModelResource):
    """Stays as the police export them; export only (imports go through registration)."""

    establishment_code = fields.Field(attribute="establishment__code",
                                      column_name="establishment_code")
    commune = fields.Field(attribute="establishment__commune__code", column_name="commune")

    class Meta:
        model = Stay
        fields = ["id", "full_name", "sex", "date_of_birth", "document_type",
                  "document_number", "nationality", "establishment_code", "commune", "room",
                  "arrival", "expected_departure", "departure", "notified_at", "deadline",
                  "late", "permitted_stay_until", "receipt_code"]
        export_order = fields

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))
