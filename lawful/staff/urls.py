from django.urls import path

from lawful.rights import pack_urls
from lawful.rights import views as rights

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
]

# --- rights-pack: the access pack's and letters' pages (lawful/rights/pack_urls.py) ---
urlpatterns += pack_urls.urlpatterns
