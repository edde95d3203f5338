from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy", views.privacy_notice, name="privacy"),
    path("privacy.pdf", views.privacy_notice_pdf, name="privacy-pdf"),
]
