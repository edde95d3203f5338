from django.urls import path

from lawful.campaigns import urls as campaign_urls
from lawful.consent import public_views as consent
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
    path("sign-up", consent.sign_up, name="consent-sign-up"),
    path("o/<slug:slug>/", views.home, name="home"),
    path("o/<slug:slug>/privacy", views.privacy_notice, name="privacy"),
    path("o/<slug:slug>/privacy.pdf", views.privacy_notice_pdf, name="privacy-pdf"),
    path("o/<slug:slug>/request", rights.request_form, name="request"),
    path("o/<slug:slug>/request/thanks", rights.request_thanks, name="request-thanks"),
    path("o/<slug:slug>/complaint", rights.complaint_form, name="complaint"),
    path("o/<slug:slug>/complaint/thanks", rights.complaint_thanks, name="complaint-thanks"),
    # consent: sign-up (double opt-in), the signed preferences and one-click unsubscribe.
    # The signed links are always made under /o/<slug>/ (lawful.consent.links).
    path("o/<slug:slug>/sign-up", consent.sign_up, name="consent-sign-up"),
    path("o/<slug:slug>/confirm/<str:confirm_token>", consent.confirm, name="consent-confirm"),
    path(
        "o/<slug:slug>/preferences/<str:preferences_token>",
        consent.preferences,
        name="consent-preferences",
    ),
    path(
        "o/<slug:slug>/unsubscribe/<str:unsubscribe_token>",
        consent.unsubscribe,
        name="consent-unsubscribe",
    ),
]

# campaigns: the mailing service's signed unsubscribe events (lawful/campaigns/urls.py)
urlpatterns += campaign_urls.public_urlpatterns
