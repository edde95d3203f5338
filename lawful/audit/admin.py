from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, and only the services write to it."""

    list_display = (
        "organisation",
        "seq",
        "at",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "person_id",
        "summary",
    )
    list_filter = ("organisation", "action")
    search_fields = ("=target_id", "=person_id")
    list_select_related = ("organisation",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
