from django.contrib import admin

from search.models import IndexOutbox


@admin.register(IndexOutbox)
class IndexOutboxAdmin(admin.ModelAdmin):
    """Operators see what waits for Elasticsearch and why it failed."""

    list_display = ["model_label", "object_id", "action", "attempts", "next_attempt_at",
                    "created_at"]
    list_filter = ["model_label", "action"]
    readonly_fields = [f.name for f in IndexOutbox._meta.fields]
