"""Django admin for superusers: establishments and staff editable, stays read-only.

Stays change only through lodging.services (history, outbox); the admin shows them and
their history and never edits or deletes them.
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


class StayHistoryInline(admin.TabularInline):
    model = StayHistory
    extra = 0
    can_delete = False
    readonly_fields = ["at", "user", "action", "changes", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Stay)
class StayAdmin(admin.ModelAdmin):
    list_display = ["receipt_code", "establishment", "room", "arrival", "status", "late"]
    list_filter = ["status", "late", "nationality"]
    search_fields = ["receipt_code", "document_number", "full_name_folded"]
    inlines = [StayHistoryInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Stay._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
