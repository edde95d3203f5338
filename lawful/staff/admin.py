from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

from lawful.audit.events import AuditAction
from lawful.audit.services import record

from .models import StaffUser
from .services import apply_role


@admin.register(StaffUser)
class StaffUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Role", {"fields": ("role",)}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Role", {"fields": ("role",)}))

    def save_model(self, request, obj, form, change):
        # A role decides the account's permissions; changes of role are audited.
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change or "role" in form.changed_data:
                apply_role(obj)
            action = AuditAction.CHANGE if change else AuditAction.CREATE
            fields = ", ".join(form.changed_data) or "none"
            record(action, actor=request.user, target=obj, summary=f"staff fields: {fields}")
