from django.contrib import admin

from lawful.security.admin_log import NoAdminLog

from .models import NoticeVersion


@admin.register(NoticeVersion)
class NoticeVersionAdmin(NoAdminLog, admin.ModelAdmin):
    list_display = ("version", "organisation", "status", "dated", "minute", "description")
    list_filter = ("organisation", "status")
    list_select_related = ("organisation",)
    readonly_fields = [f.name for f in NoticeVersion._meta.fields]

    def has_add_permission(self, request):
        return False  # versions are drafted from the register and adopted by minute

    def has_delete_permission(self, request, obj=None):
        return False
