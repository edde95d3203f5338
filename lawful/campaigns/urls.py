"""The campaign pages (included by the staff URLs, namespace "staff") and the mailing
service's webhook (included by the public URLs, namespace "public")."""

from django.urls import path

from . import views

staff_urlpatterns = [
    path("<slug:org>/campaigns/", views.campaigns, name="campaigns"),
    path("<slug:org>/campaigns/send", views.send, name="campaigns-send"),
    path("<slug:org>/campaigns/export", views.export, name="campaigns-export"),
]

public_urlpatterns = [
    path(
        "o/<slug:slug>/mailing-service/unsubscribe",
        views.mailing_service_unsubscribe,
        name="mailing-service-unsubscribe",
    ),
]
