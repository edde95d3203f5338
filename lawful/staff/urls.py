from django.urls import path

from lawful.campaigns import urls as campaign_urls
from lawful.casework import views as casework
from lawful.consent import views as consent
from lawful.rights import pack_urls
from lawful.rights import views as rights
from lawful.surveys import urls as survey_urls

from . import two_factor_views, views

# Every page of an organisation is under /staff/<org>/ (the organisation's slug); the
# isolation tests are generated from these names.
app_name = "staff"
urlpatterns = [
    path("sign-in", views.SignInView.as_view(), name="sign-in"),
    path("sign-out", views.SignOutView.as_view(), name="sign-out"),
    path("sign-in/code", two_factor_views.code, name="two-factor"),
    path("sign-in/set-up", two_factor_views.set_up, name="two-factor-set-up"),
    path("", views.home, name="home"),
    path("<slug:org>/", views.dashboard, name="dashboard"),
    path("<slug:org>/people/", views.people, name="people"),
    path("<slug:org>/people/<int:person_id>/", views.person, name="person"),
    path("<slug:org>/register/", views.register, name="register"),
    path("<slug:org>/register/<str:version>/", views.register_version, name="register-version"),
    # The rights desk (lawful/rights/views.py).
    path("<slug:org>/requests/", rights.requests_list, name="requests"),
    path("<slug:org>/requests/new", rights.request_new, name="request-new"),
    path("<slug:org>/requests/report", rights.requests_report, name="requests-report"),
    path("<slug:org>/requests/<int:request_id>/", rights.request_detail, name="request"),
    path("<slug:org>/complaints/", rights.complaints_list, name="complaints"),
    path("<slug:org>/complaints/new", rights.complaint_new, name="complaint-new"),
    path("<slug:org>/complaints/<int:complaint_id>/", rights.complaint_detail, name="complaint"),
    # Casework (lawful/casework/views.py): need-to-know applied in the query layer.
    path("<slug:org>/cases/", casework.case_list, name="cases"),
    path("<slug:org>/cases/new", casework.case_new, name="case-new"),
    path("<slug:org>/cases/export.csv", casework.case_export, name="cases-export"),
    path("<slug:org>/cases/<int:case_id>/", casework.case_detail, name="case"),
    # consent: how many may be contacted, and why the others may not (counts only)
    path("<slug:org>/audience/", consent.audience_counts, name="audience"),
    # consent: a withdrawal or objection told to staff, found by the contact details given
    path("<slug:org>/withdrawals/", consent.record_withdrawal, name="record-withdrawal"),
    path(
        "<slug:org>/people/<int:person_id>/consents/",
        consent.person_consents,
        name="person-consents",
    ),
]

# --- rights-pack: the access pack's and letters' pages (lawful/rights/pack_urls.py) ---
urlpatterns += pack_urls.urlpatterns

# --- campaigns: audiences, sends and exports (lawful/campaigns/urls.py) ---
urlpatterns += campaign_urls.staff_urlpatterns
# --- surveys: the survey pages (lawful/surveys/urls.py) ---
urlpatterns += survey_urls.urlpatterns
