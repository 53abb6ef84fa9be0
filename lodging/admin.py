"""Django admin for superusers: establishments and staff editable, stays read-only.

Stays change only through lodging.services (history, outbox); the admin shows them and
their history and never edits or deletes them. It shows no one's identity either:
superusers run the platform, they do not review guests (the police do, audited), so the
stay pages carry the receipt, place, room, dates and status but no name, document,
birth date, address, phone or visa, and a stay is found by its receipt code only.
"""

from django.contrib import admin

from lodging.models import Establishment, StaffMembership, Stay, StayHistory


class StaffMembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "stars", "commune", "status", "is_remote"]
    list_filter = ["kind", "status", "is_remote", "stars"]
    search_fields = ["code", "name", "licence_number"]
    raw_id_fields = ["commune", "photo"]
    inlines = [StaffMembershipInline]


# Fields of a stay that identify its guest: never shown in the admin.
IDENTITY_FIELDS = {"full_name", "full_name_folded", "date_of_birth", "document_number",
                   "address", "phone", "visa_number", "port_of_entry", "reason"}


class StayHistoryInline(admin.TabularInline):
    model = StayHistory
    extra = 0
    can_delete = False
    # Changes hold old and new values (names, numbers): who did what and when only.
    fields = readonly_fields = ["at", "user", "action"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Stay)
class StayAdmin(admin.ModelAdmin):
    list_display = ["receipt_code", "establishment", "room", "arrival", "status", "late"]
    list_filter = ["status", "late", "nationality"]
    search_fields = ["=receipt_code"]
    inlines = [StayHistoryInline]

    def get_fields(self, request, obj=None):
        return [field.name for field in Stay._meta.fields
                if field.editable and field.name not in IDENTITY_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
