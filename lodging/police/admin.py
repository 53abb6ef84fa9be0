from django.contrib import admin

from lodging.police.models import AuditEvent, PoliceOfficer


@admin.register(PoliceOfficer)
class PoliceOfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "commune", "can_manage_watchlist"]
    list_filter = ["role"]
    raw_id_fields = ["user", "commune"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only for everyone, superusers included."""

    list_display = ["at", "user", "action", "ip", "row_count", "object_ref"]
    list_filter = ["action"]
    search_fields = ["user__username", "object_ref"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
