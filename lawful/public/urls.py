from django.urls import path

from lawful.rights import public_views as rights

from . import views

# Each page answers at /o/<slug>/... and, for the organisation of the host name the
# request came to (or the only organisation), at the same path without the prefix.
# Reverse with the slug: {% url 'public:privacy' slug=organisation.slug %}.
app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy", views.privacy_notice, name="privacy"),
    path("privacy.pdf", views.privacy_notice_pdf, name="privacy-pdf"),
    path("request", rights.request_form, name="request"),
    path("request/thanks", rights.request_thanks, name="request-thanks"),
    path("complaint", rights.complaint_form, name="complaint"),
    path("complaint/thanks", rights.complaint_thanks, name="complaint-thanks"),
    path("o/<slug:slug>/", views.home, name="home"),
    path("o/<slug:slug>/privacy", views.privacy_notice, name="privacy"),
    path("o/<slug:slug>/privacy.pdf", views.privacy_notice_pdf, name="privacy-pdf"),
    path("o/<slug:slug>/request", rights.request_form, name="request"),
    path("o/<slug:slug>/request/thanks", rights.request_thanks, name="request-thanks"),
    path("o/<slug:slug>/complaint", rights.complaint_form, name="complaint"),
    path("o/<slug:slug>/complaint/thanks", rights.complaint_thanks, name="complaint-thanks"),
]
