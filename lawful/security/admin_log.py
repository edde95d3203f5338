"""Django's admin log is off: Lawful's audit log is the record of who changed what.

Django writes a LogEntry for each addition, change and deletion made in the admin, with
the object's repr (a person's name) and a change message naming fields and, for
inlines, the related objects' reprs (an email address, a postcode). Those rows outlive
an erasure. Every ModelAdmin of Lawful mixes this in; the services write the audit
events instead (tests/security checks both).
"""


class NoAdminLog:
    def log_addition(self, request, obj, message):
        return None

    def log_change(self, request, obj, message):
        return None

    def log_deletion(self, request, obj, object_repr):
        return None

    def log_deletions(self, request, queryset):  # Django 5.1+: bulk deletions
        return None
