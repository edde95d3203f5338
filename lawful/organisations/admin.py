"""Organisations and memberships in Django's admin (superusers only).

Organisations are added with `lawful org add` (from their register); here a superuser
can rename one, give it host names, and give staff roles in it, each change audited.
"""

from django.contrib import admin
from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.security.admin_log import NoAdminLog

from .models import Membership, Organisation, OrganisationHost
from .services import add_membership


class OrganisationHostInline(admin.TabularInline):
    model = OrganisationHost
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(NoAdminLog, admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "nation", "created_at")
    search_fields = ("name", "slug")
    readonly_fields = ("slug", "kind", "nation", "created_at")
    inlines = (OrganisationHostInline,)

    def has_add_permission(self, request):
        return False  # made from a register: `lawful org add SLUG --register FILE`

    def has_delete_permission(self, request, obj=None):
        return False  # its records, notices and audit chain outlive any mistake

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            fields = ", ".join(form.changed_data) or "none"
            record(
                AuditAction.CHANGE,
                actor=request.user,
                target=obj,
                summary=f"changed organisation fields: {fields}"[:200],
            )


@admin.register(Membership)
class MembershipAdmin(NoAdminLog, admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "ward")
    list_filter = ("organisation", "role")
    search_fields = ("user__username", "organisation__slug")
    autocomplete_fields = ("user", "organisation")

    def get_readonly_fields(self, request, obj=None):
        return ("user", "organisation") if obj else ()

    def save_model(self, request, obj, form, change):
        # Through the service: the role given or changed is audited in the organisation.
        saved = add_membership(
            obj.user, obj.organisation, role=obj.role, ward=obj.ward, actor=request.user
        )
        obj.pk, obj._state.adding = saved.pk, False

    def delete_model(self, request, obj):
        # Taking a role away is a role change: audited in the organisation's chain.
        with transaction.atomic():
            record(
                AuditAction.DELETE,
                actor=request.user,
                target=obj,
                summary=f"took the role {obj.role} from {obj.user.get_username()}",
            )
            obj.delete()

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            self.delete_model(request, membership)
