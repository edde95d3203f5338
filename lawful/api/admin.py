"""API tokens in Django's admin (superusers only): seen, and revoked, never made here.

Tokens are made with `lawful staff token USERNAME --org SLUG`, which shows the token once;
the admin shows only its prefix, and revokes through the audited service.
"""

from django.contrib import admin, messages

from .models import ApiToken
from .services import revoke_token


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "display_prefix",
        "user",
        "organisation",
        "name",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("organisation",)
    search_fields = ("prefix", "user__username", "organisation__slug", "name")
    fields = list_display
    readonly_fields = list_display
    actions = ("revoke",)

    def has_add_permission(self, request):
        return False  # made with `lawful staff token`, which shows the token once

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the audit log names it

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True).select_related(
            "user", "organisation"
        ):
            revoke_token(token.user, token.organisation, token.prefix, actor=request.user)
            revoked += 1
        self.message_user(request, f"Revoked {revoked} token(s).", messages.SUCCESS)
