from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Lawful"
admin.site.site_title = "Lawful"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("lawful.public.urls")),
]
