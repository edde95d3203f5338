from django.contrib import admin
from django.urls import include, path

from lawful.staff.two_factor import second_factor_pending
from lawful.staff.two_factor_views import ask_for_second_factor

admin.site.site_header = "Lawful"
admin.site.site_title = "Lawful"


def _superusers_only(request) -> bool:
    # Django's admin reaches every organisation's records: it is for the installation's
    # superusers, signed in with their second factor. Staff work in their organisation's
    # workspace.
    user = request.user
    return user.is_active and user.is_superuser and not second_factor_pending(request)


_admin_login = admin.site.login


def _admin_sign_in(request, extra_context=None):
    # A superuser who gave only the password is asked for the code, not the password again.
    if second_factor_pending(request):
        return ask_for_second_factor(request, request.GET.get("next") or "/admin/")
    return _admin_login(request, extra_context)


admin.site.has_permission = _superusers_only
admin.site.login = _admin_sign_in

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("lawful.api.urls", namespace="api-v1")),
    path("staff/", include("lawful.staff.urls")),
    path("", include("lawful.public.urls")),
]
