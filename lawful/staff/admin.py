"""Staff accounts in Django's admin (superusers only: lawful/urls.py).

Roles decide access, nothing else: `is_staff` and the permission groups follow the role
(lawful.staff.services.apply_role) and are shown, never edited; raw user permissions
are not offered at all; `is_superuser` is changed only by another superuser. Should the
admin ever be opened to other staff, the same form still refuses them all of these and
the role (defence in depth; tests/staff/test_admin_escalation.py). Role changes and
password resets go through the audited services.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.security.admin_log import NoAdminLog

from .models import StaffUser
from .services import (
    NotAllowed,
    apply_role,
    change_role,
    check_may_manage,
    record_password_reset,
)

# The role groups are kept by code (lawful.staff.roles), not edited by hand.
admin.site.unregister(Group)

# Fields only a superuser may change, and never on their own account.
SUPERUSER_ONLY = ("is_superuser",)
# Fields that follow the role: shown, never edited.
FROM_THE_ROLE = ("is_staff", "groups")


@admin.register(StaffUser)
class StaffUserAdmin(NoAdminLog, UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Role", {"fields": ("role",)}),
        ("Access", {"fields": ("is_active", "is_superuser", *FROM_THE_ROLE)}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Role", {"fields": ("role",)}))
    filter_horizontal = ()

    def has_change_permission(self, request, obj=None):
        # A superuser's account is a superuser's business (its password above all).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*FROM_THE_ROLE, "last_login", "date_joined"]
        if not request.user.is_superuser:
            readonly += [*SUPERUSER_ONLY, "role"]
        elif obj is not None and obj.pk == request.user.pk:
            readonly += SUPERUSER_ONLY  # no one removes (or grants) their own superuser
        return readonly

    def save_model(self, request, obj, form, change):
        # A role decides the account's permissions; role changes go through the service.
        with transaction.atomic():
            new_role = obj.role
            if change and "role" in form.changed_data:
                obj.role = StaffUser.objects.values_list("role", flat=True).get(pk=obj.pk)
            super().save_model(request, obj, form, change)
            if not change:
                apply_role(obj)
            elif "role" in form.changed_data:
                change_role(obj, new_role, actor=request.user)
            other = [name for name in form.changed_data if name != "role"]
            if other or not change:
                record(
                    AuditAction.CHANGE if change else AuditAction.CREATE,
                    actor=request.user,
                    target=obj,
                    summary=f"staff fields: {', '.join(other) or 'none'}",
                )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        apply_role(form.instance)  # the groups follow the role, whatever was posted

    def user_change_password(self, request, id, form_url=""):
        # Django's view sets the password; its success is a redirect. The reset and its
        # audit event commit together.
        user = self.get_object(request, id)
        if user is not None:
            try:
                check_may_manage(request.user, user)
            except NotAllowed as exc:
                raise PermissionDenied(str(exc)) from None
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                record_password_reset(user, actor=request.user)
        return response
