from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Lawful"
admin.site.site_title = "Lawful"


def _superusers_only(request) -> bool:
    # Django's admin reaches every organisation's records: it is for the installation's
    # superusers. Staff work in their organisation's workspace.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("lawful.api.urls", namespace="api-v1")),
    path("staff/", include("lawful.staff.urls")),
    path("", include("lawful.public.urls")),
]
