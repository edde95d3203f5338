from django.urls import path

from lawful.rights import pack_urls

from . import views

# Every page of an organisation is under /staff/<org>/ (the organisation's slug); the
# isolation tests are generated from these names.
app_name = "staff"
urlpatterns = [
    path("sign-in", views.SignInView.as_view(), name="sign-in"),
    path("sign-out", views.SignOutView.as_view(), name="sign-out"),
    path("", views.home, name="home"),
    path("<slug:org>/", views.dashboard, name="dashboard"),
    path("<slug:org>/people/", views.people, name="people"),
    path("<slug:org>/people/<int:person_id>/", views.person, name="person"),
    path("<slug:org>/register/", views.register, name="register"),
    path("<slug:org>/register/<str:version>/", views.register_version, name="register-version"),
]

# --- rights-pack: the access pack's and letters' pages (lawful/rights/pack_urls.py) ---
urlpatterns += pack_urls.urlpatterns
